import Foundation
import GenesysJSON
import Testing

// End-to-end tests of the report formats meant for CI (ndjson, sarif, junit, github): the built
// `genesys-lint` run over Examples/exports, its reports read as the CI services read them.

private let examples = "Examples/exports"
private let problemsFile = "Examples/exports/problems/jobs-results-2026-03-03.ndjson"

/// A finding as every format can state it.
private struct Located: Equatable, CustomStringConvertible {
    var ruleId: String
    var file: String
    var line: Int
    var column: Int

    var description: String { "\(file):\(line):\(column) \(ruleId)" }
}

/// The findings of an ndjson report.
private func ndjsonFindings(_ text: String) throws -> [Located] {
    try text.split(separator: "\n").map { line in
        let document = try JSONDocument.parse(String(line)).get()
        return document.withRoot { root in
            Located(ruleId: root["ruleId"]?.string ?? "", file: root["file"]?.string ?? "",
                    line: Int(root["line"]?.integer ?? 0), column: Int(root["column"]?.integer ?? 0))
        }
    }
}

/// One result of a SARIF report.
private struct SARIFResult: Equatable {
    var located: Located
    var fingerprint: String
}

private func sarifResults(_ text: String) throws -> [SARIFResult] {
    let document = try JSONDocument.parse(text).get()
    return document.withRoot { root in
        let results = root["runs"]?[0]?["results"].map { Array($0.elements) } ?? []
        return results.map { result in
            let physical = result["locations"]?[0]?["physicalLocation"]
            let uri = physical?["artifactLocation"]?["uri"]?.string ?? ""
            return SARIFResult(
                located: Located(ruleId: result["ruleId"]?.string ?? "", file: uri.removingPercentEncoding ?? uri,
                                 line: Int(physical?["region"]?["startLine"]?.integer ?? 0),
                                 column: Int(physical?["region"]?["startColumn"]?.integer ?? 0)),
                fingerprint: result["partialFingerprints"]?["genesysLintFinding/v1"]?.string ?? ""
            )
        }
    }
}


@Suite("End to end: CI reports", .tags(.endToEnd))
struct CIReportsEndToEndTests {
    @Test("check --format ndjson Examples/exports: the findings of the JSON report, one per line, nothing else")
    func ndjson() throws {
        let result = try CLI.run(["check", "--format", "ndjson", examples])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let json = try CLI.run(["check", "--format", "json", examples])
        let jsonLines = json.stdout.split(separator: "\n").filter { $0.hasPrefix("{\"ruleId\"") }.map { $0.hasSuffix(",") ? $0.dropLast() : $0 }
        #expect(result.stdout.split(separator: "\n") == jsonLines)
        #expect(try ndjsonFindings(result.stdout).count == 15)
    }

    @Test("check --format sarif Examples/exports: valid SARIF 2.1.0 holding every finding and every rule")
    func sarif() throws {
        let result = try CLI.run(["check", "--format", "sarif", examples])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let violations = try Python.sarifSchemaViolations(result.stdout)
        #expect(violations.isEmpty, "\(violations)")

        let ndjson = try CLI.run(["check", "--format", "ndjson", examples])
        #expect(try sarifResults(result.stdout).map(\.located) == (try ndjsonFindings(ndjson.stdout)))
        let rules = try CLI.run(["rules", "--format", "json"])
        let ruleCount = try JSONDocument.parse(rules.stdout).get().withRoot { $0.count }
        let document = try JSONDocument.parse(result.stdout).get()
        document.withRoot { root in
            #expect(root["runs"]?[0]?["tool"]?["driver"]?["rules"]?.count == ruleCount)
            #expect(root["runs"]?[0]?["properties"]?["rules"]?["GDQ103"]?["findings"]?.integer == 4)
            #expect(root["runs"]?[0]?["properties"]?["rules"]?["GDQ103"]?["rate"]?.string == "2.04%")
        }
    }

    @Test("sarif fingerprints: the same in two runs, and kept when every finding moves down a line")
    func stableFingerprints() throws {
        let first = try sarifResults(try CLI.run(["check", "--format", "sarif", examples]).stdout)
        let second = try sarifResults(try CLI.run(["check", "--format", "sarif", "--jobs", "1", examples]).stdout)
        #expect(!first.isEmpty)
        #expect(first == second)

        let original = try Data(contentsOf: URL(fileURLWithPath: TestSupport.path(problemsFile)))
        try TestSupport.withTemporaryDirectory { directory in
            for (name, prefix) in [("before", Data()), ("after", Data("\n".utf8))] {
                let folder = directory.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try (prefix + original).write(to: folder.appendingPathComponent("export.ndjson"))
            }
            let before = try sarifResults(try CLI.run(["check", "--format", "sarif", "export.ndjson"], cwd: directory.appendingPathComponent("before")).stdout)
            let after = try sarifResults(try CLI.run(["check", "--format", "sarif", "export.ndjson"], cwd: directory.appendingPathComponent("after")).stdout)
            #expect(before.count == first.count)
            #expect(after.map(\.located.line) == before.map { $0.located.line + 1 })
            #expect(after.map(\.fingerprint) == before.map(\.fingerprint))
            // Findings inside conversations do not depend on the file's name either.
            let inConversations = zip(first, before).filter { $0.0.located.ruleId != "GDQ001" }
            #expect(inConversations.allSatisfy { $0.0.fingerprint == $0.1.fingerprint })
        }
    }

    @Test("check --format junit Examples/exports: a suite per input, clean ones too, a failure per rule that found errors")
    func junit() throws {
        let result = try CLI.run(["check", "--format", "junit", examples])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let report = try JUnitReport(result.stdout)
        report.expectConsistent()
        let cleanFile = "Examples/exports/clean/query-response-2026-03-02.json"
        #expect(report.suites.map(\.name) == [cleanFile, problemsFile, "genesys-lint"])
        let rules = try CLI.run(["rules", "--format", "json"])
        let ruleCount = try JSONDocument.parse(rules.stdout).get().withRoot { $0.count }
        #expect(report.suite(cleanFile)?.counted == .init(tests: ruleCount, failures: 0, errors: 0, skipped: 0))

        let ndjson = try CLI.run(["check", "--format", "ndjson", examples])
        let failing = Set(ndjson.stdout.split(separator: "\n").filter { $0.contains(#""severity":"error""#) }.compactMap { line in
            line.firstMatch(of: /"ruleId":"([A-Z0-9]+)"/).map { String($0.1) }
        })
        let problems = try #require(report.suite(problemsFile))
        #expect(Set(problems.cases.filter { $0.outcome == "failure" }.map { String($0.name.prefix(6)) }) == failing)
        #expect(problems.case("GDQ201 abandoned-client-disconnect")?.output?.contains("warning[GDQ201]") == true)
        #expect(report.failures == failing.count)
        #expect(report.suite("genesys-lint")?.properties["GDQ103 unknown-media-type"] == "4 findings, 1 of 49 conversations (2.04%)")
    }

    @Test("check --format github Examples/exports: an annotation per finding, at its file, line and column")
    func github() throws {
        let result = try CLI.run(["check", "--format", "github", examples])
        #expect(result.exitCode == 1, "\(result)")
        let commands = result.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        let ndjson = try ndjsonFindings(try CLI.run(["check", "--format", "ndjson", examples]).stdout)
        #expect(commands.count == ndjson.count)
        for (command, finding) in zip(commands, ndjson) {
            #expect(command.contains(" file=\(finding.file),line=\(finding.line),col=\(finding.column),title=\(finding.ruleId) "), "\(command)")
        }
        #expect(result.stdout.contains("\n  GDQ103  unknown-media-type "), "\(result)")
        #expect(result.stdout.hasSuffix("Failed: findings at or above the fail level (error).\n"), "\(result)")
    }

    @Test("--format text --format sarif=FILE --format junit=FILE2: text printed, both files written")
    func severalFormatsInOneRun() throws {
        let text = try CLI.run(["check", "--color", "never", examples])
        try TestSupport.withTemporaryDirectory { directory in
            let sarif = directory.appendingPathComponent("report.sarif")
            let junit = directory.appendingPathComponent("reports/junit.xml")
            try FileManager.default.createDirectory(at: junit.deletingLastPathComponent(), withIntermediateDirectories: true)
            let result = try CLI.run(["check", "--color", "never", "--format", "text", "--format", "sarif=\(sarif.path)", "--format", "junit=\(junit.path)", examples])
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            #expect(result.stdout == text.stdout)

            let sarifText = try String(contentsOf: sarif, encoding: .utf8)
            let violations = try Python.sarifSchemaViolations(sarifText)
            #expect(violations.isEmpty, "\(violations)")
            #expect(try sarifResults(sarifText).count == 15)
            let report = try JUnitReport(try String(contentsOf: junit, encoding: .utf8))
            report.expectConsistent()
            #expect(report.suites.count == 3)
            // Only the reports: no temporary file left beside them.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["report.sarif", "reports"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: junit.deletingLastPathComponent().path) == ["junit.xml"])
        }
    }
}

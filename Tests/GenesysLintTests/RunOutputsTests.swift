import Foundation
import GenesysJSON
import Testing

// End-to-end tests of what a run writes besides its report: baselines, thresholds, the
// quarantine and clean files, masked personal data, and several reports at once.

private let examples = "Examples/exports"
private let problems = "Examples/exports/problems/jobs-results-2026-03-03.ndjson"
private let cleanExport = "Examples/exports/clean/query-response-2026-03-02.json"

private func text(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}

private func lines(_ url: URL) throws -> [String] {
    try text(url).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
}

/// A JSON text in jansson's compact serialization, to compare values whatever their layout.
private func canonical(_ text: some Collection<UInt8>) -> String? {
    guard case .success(let document) = JSONDocument.parse(Array(text)) else { return nil }
    return document.withRoot { String(decoding: $0.serialized(), as: UTF8.self) }
}

/// The findings of a `--format json` report.
private func reportedFindings(_ json: String) throws -> [ReportedFinding] {
    try ParsedReport.parse(json).findings
}

@Suite("Run outputs: baselines, thresholds, quarantine, redaction, several reports", .tags(.endToEnd))
struct RunOutputsTests {
    // MARK: Baselines

    @Test("a baseline written today silences today's findings, and only them")
    func baselineRoundTrip() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let baseline = directory.appendingPathComponent("baseline.json")

        let first = try CLI.run(["check", "--format", "json", "--write-baseline", baseline.path, examples])
        #expect(first.exitCode == 1, "\(first)")
        let today = try reportedFindings(first.stdout)
        let written = try JSONDocument.parse(try text(baseline)).get()
        written.withRoot { root in
            #expect(root["version"]?.integer == 1)
            #expect(root["findings"]?.count == today.count)
            // Entries name the conversation and a pointer inside it, never a line.
            #expect(root["findings"]?[0]?["line"] == nil)
        }

        let second = try CLI.run(["check", "--color", "never", "--baseline", baseline.path, examples])
        #expect(second.exitCode == 0, "\(second)")
        #expect(second.stdout.contains("no findings"), "\(second)")
        #expect(second.stdout.contains("\(today.count) findings listed in the baseline not shown"), "\(second)")

        // Writing the baseline again while using it keeps every finding of today, not just new ones.
        let rewritten = directory.appendingPathComponent("rewritten.json")
        _ = try CLI.run(["check", "--baseline", baseline.path, "--write-baseline", rewritten.path, examples])
        #expect(try text(rewritten) == (try text(baseline)))
    }

    @Test("a re-export with other line numbers and order still matches the baseline; a new problem does not")
    func baselineSurvivesReexport() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let baseline = directory.appendingPathComponent("baseline.json")
        _ = try CLI.run(["check", "--write-baseline", baseline.path, problems])

        // The same conversations, reversed, after two blank lines, under the same name.
        let original = try lines(TestSupport.packageRoot.appendingPathComponent(problems))
        let moved = directory.appendingPathComponent(problems)
        try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ("\n\n" + original.reversed().joined(separator: "\n") + "\n").write(to: moved, atomically: true, encoding: .utf8)
        let shifted = try CLI.run(["check", "--format", "json", "--baseline", baseline.path, problems], cwd: directory)
        #expect(shifted.exitCode == 0, "\(shifted)")
        #expect(try reportedFindings(shifted.stdout).isEmpty, "\(shifted)")

        // A 'spam' disconnect planted in a conversation that had none is new.
        let cleanLine = try #require(original.firstIndex { $0.contains("\"disconnectType\":\"peer\"") && !$0.contains("spam") })
        var changed = original
        changed[cleanLine] = changed[cleanLine].replacingOccurrences(of: "\"disconnectType\":\"peer\"", with: "\"disconnectType\":\"spam\"")
        try (changed.joined(separator: "\n") + "\n").write(to: moved, atomically: true, encoding: .utf8)
        let withNew = try CLI.run(["check", "--format", "json", "--baseline", baseline.path, problems], cwd: directory)
        let fresh = try reportedFindings(withNew.stdout)
        #expect(!fresh.isEmpty, "\(withNew)")
        #expect(fresh.allSatisfy { $0.line == cleanLine + 1 }, "\(fresh)")
    }

    @Test("a baseline that is not one is a clear error, exit 2")
    func badBaseline() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try CLI.run(["check", "--baseline", directory.appendingPathComponent("none.json").path, examples])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("--write-baseline"), "\(missing)")
        let wrong = directory.appendingPathComponent("wrong.json")
        try "{\"version\": 1, \"findings\": [{\"pointer\": \"\"}]}".write(to: wrong, atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "--baseline", wrong.path, examples])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("wrong.json:1:"), "\(result)")
        #expect(result.stdout.isEmpty)
    }

    // MARK: Thresholds

    @Test("a rule under its threshold does not fail the run; over it, it does; the rate is reported")
    func thresholds() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // GDQ301 fires on 1 of the 19 conversations read from the problems file: 5.26%.
        func run(_ failIf: String) throws -> CLIResult {
            let config = directory.appendingPathComponent("config.json")
            try "{\"select\": [\"GDQ301\"], \"thresholds\": {\"GDQ301\": {\"failIf\": \"\(failIf)\"}}}".write(to: config, atomically: true, encoding: .utf8)
            return try CLI.run(["check", "--format", "json", "--config", config.path, problems])
        }
        for (failIf, exitCode, crossed) in [("> 10%", Int32(0), false), ("> 5.3%", 0, false), ("> 5.2%", 1, true), (">= 5.2%", 1, true), ("> 0", 1, true), (">= 2", 0, false)] {
            let result = try run(failIf)
            #expect(result.exitCode == exitCode, "failIf \(failIf): \(result)")
            let document = try JSONDocument.parse(result.stdout).get()
            document.withRoot { root in
                let rule = root["summary"]?["rules"]?["GDQ301"]
                #expect(rule?["rate"]?.number == 0.052632, "failIf \(failIf)")
                #expect(rule?["thresholdCrossed"]?.bool == crossed, "failIf \(failIf)")
                #expect(root["summary"]?["failed"]?.bool == (exitCode == 1))
            }
        }
        let text = try CLI.run(["check", "--color", "never", "--select", "GDQ301", problems])
        #expect(text.stdout.contains("5.26%"), "\(text)")
    }

    @Test("a threshold that cannot be read is located in the configuration file")
    func badThreshold() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.json")
        try "{\n  \"thresholds\": {\"GDQ301\": {\"failIf\": \"more than 5\"}}\n}".write(to: config, atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "--config", config.path, problems])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("config.json:2:"), "\(result)")
        #expect(result.stderr.contains("> 0.5%"), "\(result)")
    }

    // MARK: Quarantine and clean

    @Test("quarantine and clean together are exactly the input: nothing lost, nothing duplicated")
    func quarantineAndCleanPartitionTheInput() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let quarantine = directory.appendingPathComponent("quarantine.ndjson")
        let clean = directory.appendingPathComponent("clean.ndjson")
        let result = try CLI.run(["check", "--format", "json", "--quarantine", quarantine.path, "--clean", clean.path, examples])
        #expect(result.exitCode == 1, "\(result)")

        // Every record of the input, each as it was written.
        let ndjsonLines = try lines(TestSupport.packageRoot.appendingPathComponent(problems))
        let query = try JSONDocument.parse(Array(try Data(contentsOf: TestSupport.packageRoot.appendingPathComponent(cleanExport)))).get()
        let queryConversations: [String] = query.withRoot { root in
            guard let conversations = root["conversations"] else { return [] }
            return conversations.elements.map { String(decoding: $0.serialized(), as: UTF8.self) }
        }
        let input = ndjsonLines.map { canonical(Array($0.utf8)) ?? $0 } + queryConversations
        let quarantined = try lines(quarantine)
        let kept = try lines(clean)
        let output = (quarantined + kept).map { canonical(Array($0.utf8)) ?? $0 }
        #expect(output.sorted() == input.sorted())
        #expect(quarantined.count + kept.count == 50)

        // NDJSON lines are copied byte for byte.
        for line in ndjsonLines {
            #expect(quarantined.contains(line) || kept.contains(line), "line not copied verbatim: \(line.prefix(80))")
        }
        // The quarantine holds exactly the conversations with an error, and the unreadable line.
        let findings = try reportedFindings(result.stdout)
        let withErrors = Set(findings.filter { $0.severity == "error" }.map(\.line))
        let quarantinedLines = Set(quarantined.compactMap { line in ndjsonLines.firstIndex(of: line).map { $0 + 1 } })
        #expect(quarantinedLines == withErrors)
        #expect(quarantined.count == withErrors.count, "a conversation of the clean export was quarantined")
    }

    @Test("--fail-on warning also quarantines conversations with warnings")
    func quarantineFollowsFailLevel() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let strict = directory.appendingPathComponent("strict.ndjson")
        let lenient = directory.appendingPathComponent("lenient.ndjson")
        _ = try CLI.run(["check", "--quarantine", lenient.path, problems])
        _ = try CLI.run(["check", "--fail-on", "warning", "--quarantine", strict.path, problems])
        #expect(try lines(strict).count > (try lines(lenient)).count)
    }

    @Test("pretty-printed conversations go to the quarantine on one line each, every value unchanged")
    func prettyPrintedRecords() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try text(TestSupport.packageRoot.appendingPathComponent(problems)).split(separator: "\n")[1]
        let document = try JSONDocument.parse(String(source)).get()
        // Indented, with a string holding escaped line breaks and spaces.
        let pretty = "{\n  \"conversations\": [\n    " + String(source).replacingOccurrences(of: "\",\"", with: "\",\n      \"") + "\n  ]\n}\n"
        let input = directory.appendingPathComponent("pretty.json")
        try pretty.write(to: input, atomically: true, encoding: .utf8)
        let quarantine = directory.appendingPathComponent("q.ndjson")
        let result = try CLI.run(["check", "--quarantine", quarantine.path, input.path])
        #expect(result.exitCode == 1, "\(result)")
        let written = try lines(quarantine)
        #expect(written.count == 1)
        #expect(canonical(Array(written[0].utf8)) == document.withRoot { String(decoding: $0.serialized(), as: UTF8.self) })
    }

    // MARK: Personal data

    @Test("personal data quoted in messages is masked unless --no-redact")
    func redaction() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let session: [String: Any] = ["mediaType": "voice", "ani": "tel:+15551234567", "segments": [["segmentType": "interact"]]]
        let example: [String: Any] = ["conversationId": "c1", "participants": [["purpose": "customer", "participantName": "Jane Doe", "sessions": [session]]]]
        let rule: [String: Any] = [
            "id": "ACME900", "name": "caller-number", "severity": "info", "confidence": "heuristic", "scope": "session",
            "condition": "ani != null", "at": "ani", "message": "caller {ani} named {participant.participantName} on {mediaType}",
            "documentation": ["whatItChecks": "Shows caller numbers.", "whyItMatters": "A test.", "whatToDo": "Nothing."],
            "examples": ["fire": [["description": "a caller", "input": example, "findings": ["/participants/0/sessions/0/ani"]]], "pass": [["description": "no ani", "input": ["conversationId": "c2", "participants": []]]]],
        ]
        try JSONSerialization.data(withJSONObject: rule).write(to: rules.appendingPathComponent("ACME900-caller-number.json"))

        let masked = try CLI.run(["check", "--format", "json", "--rules", rules.path, "--select", "ACME900", problems])
        #expect(masked.stderr.isEmpty, "\(masked)")
        let maskedMessages = try reportedFindings(masked.stdout).map(\.message)
        #expect(!maskedMessages.isEmpty, "\(masked)")
        #expect(maskedMessages.allSatisfy { !$0.contains("tel:+1555612") && $0.contains("tel:+1555•") && $0.contains("on voice") }, "\(maskedMessages.prefix(3))")

        let plain = try CLI.run(["check", "--format", "json", "--no-redact", "--rules", rules.path, "--select", "ACME900", problems])
        #expect(try reportedFindings(plain.stdout).map(\.message).contains { $0.contains("tel:+15556121376") }, "\(plain)")
    }

    // MARK: Several reports

    @Test("two reports for one destination are refused before anything runs")
    func conflictingDestinations() throws {
        let twoOnStdout = try CLI.run(["check", "--format", "text", "--format", "json", examples])
        #expect(twoOnStdout.exitCode == 2)
        #expect(twoOnStdout.stderr.contains("json=report.json"), "\(twoOnStdout)")
        let sameFile = try CLI.run(["check", "--format", "json=out.json", "--quarantine", "out.json", examples])
        #expect(sameFile.exitCode == 2)
        #expect(sameFile.stderr.contains("out.json"), "\(sameFile)")
        let unknown = try CLI.run(["check", "--format", "yaml", examples])
        #expect(unknown.exitCode == 2)
    }

    @Test("text on standard output and JSON in a file in one run")
    func textAndJSON() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("report.json")
        let result = try CLI.run(["check", "--color", "never", "--format", "text", "--format", "json=\(json.path)", examples])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("error[GDQ301]"))
        #expect(try reportedFindings(try text(json)).count == 15)
    }
}

import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

/// Compares `actual` with a file under Golden/; with GENESYS_LINT_UPDATE_GOLDEN=1 set, writes it instead.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let path = TestSupport.path("Tests/GenesysLintTests/Golden/\(name)")
    if ProcessInfo.processInfo.environment["GENESYS_LINT_UPDATE_GOLDEN"] == "1" {
        try actual.write(toFile: path, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOfFile: path, encoding: .utf8)
    #expect(actual == expected, "differs from Golden/\(name); rerun with GENESYS_LINT_UPDATE_GOLDEN=1 if the change is intended", sourceLocation: sourceLocation)
}

private let findings = ReporterFixture.findings

private func render(_ reporter: some Reporter) -> String {
    ReporterFixture.render(reporter)
}

@Suite("Reporters")
struct ReporterTests {
    @Test("text: compiler-style lines and a summary")
    func text() throws {
        try expectGolden(render(TextReporter(colored: false)), "text-report.txt")
    }

    @Test("text with colour wraps severities in ANSI codes")
    func coloredText() throws {
        let output = render(TextReporter(colored: true))
        #expect(output.contains("\u{1B}[1;31merror[GDQ301]:\u{1B}[0m"))
        #expect(output.contains("\u{1B}[1;33mwarning[GDQ201]:\u{1B}[0m"))
    }

    @Test("control characters from the data cannot reach the terminal")
    func escapesControlCharacters() {
        #expect(TextReporter.printable("a\tb\u{1B}[31mc\n") == "a\\tb\\u{1b}[31mc\\n")
        #expect(TextReporter.printable("Zoë") == "Zoë")
    }

    @Test("text without findings says so")
    func noFindings() {
        var reporter = TextReporter(colored: false)
        var output = CollectedText()
        var summary = Summary()
        summary.files = 1
        summary.conversations = 30
        reporter.finish(summary, into: &output)
        #expect(output.text == "Checked 1 file, 30 conversations: no findings.\n")
    }

    @Test("json: the documented shape, escaped, parseable")
    func json() throws {
        let output = render(JSONReporter())
        try expectGolden(output, "json-report.json")
        let document = try JSONDocument.parse(output).get()
        document.withRoot { root in
            #expect(root["tool"]?["name"]?.string == "genesys-lint")
            #expect(root["summary"]?["findings"]?["error"]?.integer == 2)
            #expect(root["summary"]?["rules"]?["GDQ201"]?["findings"]?.integer == 1)
            #expect(root["summary"]?["rules"]?["GDQ201"]?["thresholdCrossed"]?.bool == false)
            #expect(root["summary"]?["failed"]?.bool == true)
            #expect(root["findings"]?.count == 3)
            #expect(root["findings"]?[1]?["message"]?.string == findings[1].message)
            #expect(root["findings"]?[2]?["conversationId"]?.isNull == true)
        }
    }

    @Test("json with no findings is still a complete document")
    func emptyJSON() throws {
        var reporter = JSONReporter()
        var output = CollectedText()
        reporter.start(ReporterFixture.context, into: &output)
        reporter.finish(Summary(), into: &output)
        let document = try JSONDocument.parse(output.text).get()
        document.withRoot { #expect($0["findings"]?.count == 0) }
    }

    @Test("ndjson: one finding per line, the JSON report's finding objects, nothing else")
    func ndjson() throws {
        let output = render(NDJSONReporter())
        try expectGolden(output, "ndjson-report.ndjson")
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == findings.count + 1)
        #expect(lines.last == "")
        let json = render(JSONReporter())
        for (line, finding) in zip(lines, findings) {
            #expect(json.contains("\n" + line + ",\n") || json.contains("\n" + line + "\n]"), "not as in the JSON report: \(line)")
            let document = try JSONDocument.parse(String(line)).get()
            document.withRoot { root in
                #expect(root["ruleId"]?.string == finding.ruleId)
                #expect(root["message"]?.string == finding.message)
                #expect(root["line"]?.integer == Int64(finding.line))
            }
        }
    }
}

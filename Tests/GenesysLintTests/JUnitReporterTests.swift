import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

/// A JUnit report as python's `xml.etree` read it (see `Python.junitStructure`).
struct JUnitReport {
    struct Counts: Equatable {
        var tests = 0, failures = 0, errors = 0, skipped = 0
    }

    struct Case {
        var name: String
        var classname: String
        /// passed, failure, error or skipped.
        var outcome: String
        var message: String?
        var type: String?
        var text: String?
        var output: String?
    }

    struct Suite {
        var name: String
        var written: Counts
        var counted: Counts
        var properties: [String: String]
        var cases: [Case]

        func `case`(_ name: String) -> Case? { cases.first { $0.name == name } }
    }

    var root: String
    var suites: [Suite]

    init(_ xml: String) throws {
        let document = try JSONDocument.parse(try Python.junitStructure(xml)).get()
        (root, suites) = document.withRoot { root in
            func counts(_ value: JSONValue?) -> Counts {
                func int(_ key: String) -> Int { Int(value?[key]?.integer ?? -1) }
                return Counts(tests: int("tests"), failures: int("failures"), errors: int("errors"), skipped: int("skipped"))
            }
            let suites = (root["suites"].map { Array($0.elements) } ?? []).map { suite in
                var properties: [String: String] = [:]
                suite["properties"]?.forEachMember { key, value in properties[key] = value.string }
                let cases = (suite["cases"].map { Array($0.elements) } ?? []).map { element in
                    Case(name: element["name"]?.string ?? "", classname: element["classname"]?.string ?? "", outcome: element["outcome"]?.string ?? "",
                         message: element["message"]?.string, type: element["type"]?.string, text: element["text"]?.string, output: element["output"]?.string)
                }
                return Suite(name: suite["name"]?.string ?? "", written: counts(suite["written"]), counted: counts(suite["counted"]), properties: properties, cases: cases)
            }
            return (root["root"]?.string ?? "", suites)
        }
    }

    var failures: Int { suites.map(\.counted.failures).reduce(0, +) }

    func suite(_ name: String) -> Suite? { suites.first { $0.name == name } }

    /// Every suite's counts are those of its cases, and no two cases share class and name.
    func expectConsistent(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(root == "testsuites", sourceLocation: sourceLocation)
        for suite in suites {
            #expect(suite.written == suite.counted, "counts of suite \(suite.name)", sourceLocation: sourceLocation)
        }
        let identities = suites.flatMap { $0.cases.map { "\($0.classname) \($0.name)" } }
        #expect(Set(identities).count == identities.count, "test cases repeat", sourceLocation: sourceLocation)
    }
}

@Suite("JUnit report")
struct JUnitReporterTests {
    private let findings = ReporterFixture.findings

    /// The report for `findings` in this order, with `summary` made from `inputs` (each with
    /// its read error, if any) and the findings.
    private func render(_ findings: [Finding], inputs: [(String, String?)], context: ReportContext, thresholds: [String: ThresholdVerdict] = [:]) -> (String, Summary) {
        var summary = Summary()
        summary.files = inputs.count
        summary.conversations = 40
        summary.fileTotals = inputs.map { name, error in
            var totals = FileTotals(file: name)
            totals.readError = error
            return totals
        }
        for finding in findings { summary.count(finding) }
        summary.thresholdVerdicts = thresholds
        summary.failed = context.rules.contains { active in
            let id = active.rule.id
            guard context.failOn.isFailure(active.severity), summary.findingsByRule[id, default: 0] > 0 else { return false }
            return summary.thresholdVerdicts[id]?.crossed ?? true
        }
        var reporter = JUnitReporter()
        var output = CollectedText()
        reporter.start(context, into: &output)
        for finding in findings { reporter.add(finding, into: &output) }
        reporter.finish(summary, into: &output)
        return (output.text, summary)
    }

    private func finding(_ ruleId: String, _ severity: Severity, file: String, line: Int, conversation: String) -> Finding {
        Finding(ruleId: ruleId, severity: severity, message: "\(ruleId) at line \(line)", file: file, line: line, column: 5,
                pointer: "/participants/0", conversationId: conversation)
    }

    @Test("junit: golden file; parses; a suite per input, a case per rule in force, counts right")
    func golden() throws {
        let output = ReporterFixture.render(JUnitReporter())
        try expectGolden(output, "junit-report.xml")
        let report = try JUnitReport(output)
        report.expectConsistent()
        #expect(report.suites.map(\.name) == ["exports/day1.ndjson", "<stdin>", "genesys-lint"])
        let rules = ReporterFixture.context.rules.map { "\($0.rule.id) \($0.rule.name)" }
        let day1 = try #require(report.suite("exports/day1.ndjson"))
        #expect(day1.cases.map(\.name) == rules)
        #expect(day1.cases.allSatisfy { $0.classname == "exports/day1.ndjson" })
        #expect(day1.counted == .init(tests: 4, failures: 1, errors: 0, skipped: 0))
        let spam = try #require(day1.case("GDQ301 spam-disconnect-on-non-email"))
        #expect(spam.outcome == "failure")
        #expect(spam.type == "error")
        #expect(spam.message == findings[0].message)
        #expect(spam.text?.contains("exports/day1.ndjson:2:1216: error[GDQ301]: ") == true)
        #expect(spam.text?.contains("(/participants/0/sessions/0/segments/1/disconnectType, conversation 9299f97b-5b1b-453c-ae13-81397b51401d)") == true)
        // A warning is below the fail level (error): its finding is output, not a failure.
        let abandoned = try #require(day1.case("GDQ201 abandoned-client-disconnect"))
        #expect(abandoned.outcome == "passed")
        #expect(abandoned.output?.contains(#"queue visit counted as "abandoned"\tbut ended by a 'client' disconnect <script>alert(1)</script>"#) == true)
        #expect(report.suite("<stdin>")?.case("GDQ001 malformed-json")?.outcome == "failure")

        let run = try #require(report.suite("genesys-lint"))
        #expect(run.properties["conversations"] == "49")
        #expect(run.properties["result"] == "failed")
        #expect(run.properties["GDQ201 abandoned-client-disconnect"] == "1 finding, 1 of 49 conversations (2.04%), threshold > 5% not crossed")
        #expect(run.case("GDQ201 abandoned-client-disconnect threshold > 5%")?.outcome == "passed")
        #expect(report.failures == 2)
    }

    @Test("junit: clean and unreadable inputs, a late finding, a crossed threshold, a late read error")
    func everyKindOfInput() throws {
        var context = ReporterFixture.context
        context.failOn = .warning
        context.thresholds = ["GDQ201": Threshold("> 1")!]
        let late = finding("GDQ001", .error, file: "a.ndjson", line: 9, conversation: "c9")
        let findings = [
            finding("GDQ301", .error, file: "a.ndjson", line: 1, conversation: "c1"),
            finding("GDQ301", .error, file: "a.ndjson", line: 3, conversation: "c3"),
            finding("GDQ201", .warning, file: "b.ndjson", line: 1, conversation: "c4"),
            finding("GDQ201", .warning, file: "b.ndjson", line: 2, conversation: "c5"),
            late,
        ]
        let verdict = ThresholdVerdict(threshold: Threshold("> 1")!, affected: 2, crossed: true)
        let (output, summary) = render(findings, inputs: [("a.ndjson", "a.ndjson: input/output error"), ("b.ndjson", nil), ("c.json", nil), ("d.json", "d.json: no such file")],
                                       context: context, thresholds: ["GDQ201": verdict])
        let report = try JUnitReport(output)
        report.expectConsistent()
        // a was written when b began; the rest at the end, in input order.
        #expect(report.suites.map(\.name) == ["a.ndjson", "b.ndjson", "c.json", "d.json", "genesys-lint"])

        let a = try #require(report.suite("a.ndjson"))
        let spam = try #require(a.case("GDQ301 spam-disconnect-on-non-email"))
        #expect(spam.outcome == "failure")
        #expect(spam.message == "GDQ301 at line 1")
        #expect(spam.text?.split(separator: "\n").count == 2)
        // A rule with a threshold does not fail per input: the run suite judges it.
        let b = try #require(report.suite("b.ndjson"))
        #expect(b.case("GDQ201 abandoned-client-disconnect")?.outcome == "passed")
        #expect(b.case("GDQ201 abandoned-client-disconnect")?.output?.contains("has a threshold (> 1)") == true)
        #expect(report.suite("c.json")?.counted == .init(tests: 4, failures: 0, errors: 0, skipped: 0))
        let d = try #require(report.suite("d.json"))
        #expect(d.counted == .init(tests: 5, failures: 0, errors: 1, skipped: 4))
        #expect(d.case("reading the input")?.message == "d.json: no such file")

        let run = try #require(report.suite("genesys-lint"))
        let threshold = try #require(run.case("GDQ201 abandoned-client-disconnect threshold > 1"))
        #expect(threshold.outcome == "failure")
        #expect(threshold.message == "2 of 40 conversations (5%) have a finding of GDQ201: over the threshold > 1")
        let lateCase = try #require(run.case("GDQ001 malformed-json (checked across inputs)"))
        #expect(lateCase.classname == "a.ndjson")
        #expect(lateCase.outcome == "failure")
        #expect(lateCase.message == late.message)
        let lateError = try #require(run.cases.first { $0.outcome == "error" })
        #expect(lateError.classname == "a.ndjson")
        #expect(lateError.message == "a.ndjson: input/output error")
        #expect(report.failures == 3)
        #expect(summary.failed)
    }

    @Test("junit: failures exactly when the run fails")
    func failuresFollowTheExitCode() throws {
        let warning = finding("GDQ201", .warning, file: "a.ndjson", line: 1, conversation: "c1")
        let error = finding("GDQ301", .error, file: "a.ndjson", line: 2, conversation: "c2")
        let context = ReporterFixture.context
        var withThreshold = context
        withThreshold.thresholds = ["GDQ301": Threshold(">= 2")!]
        let cases: [(String, [Finding], ReportContext, [String: ThresholdVerdict])] = [
            ("a warning, fail level error", [warning], context, [:]),
            ("an error", [warning, error], context, [:]),
            ("an error under its threshold", [error], withThreshold, ["GDQ301": ThresholdVerdict(threshold: Threshold(">= 2")!, affected: 1, crossed: false)]),
            ("nothing", [], context, [:]),
        ]
        for (name, findings, context, verdicts) in cases {
            let (output, summary) = render(findings, inputs: [("a.ndjson", nil)], context: context, thresholds: verdicts)
            let report = try JUnitReport(output)
            report.expectConsistent()
            #expect((report.failures > 0) == summary.failed, "\(name)")
        }
    }

    @Test("junit: data cannot break the XML; characters XML 1.0 forbids are replaced")
    func escaping() throws {
        let message = "bad \u{1}\u{1B}[2J \u{FFFE} & <x> \"q\" ]]> 'a'\nnext\ttab"
        let file = "we\"ird & <file>.json"
        let hostile = Finding(ruleId: "GDQ301", severity: .error, message: message, file: file, line: 1, column: 1,
                              pointer: "/a~1b/\u{7}", conversationId: "</testcase>")
        let (output, _) = render([hostile], inputs: [(file, "cannot read \u{0}<&>")], context: ReporterFixture.context)
        let report = try JUnitReport(output)
        report.expectConsistent()
        let suite = try #require(report.suite(file))
        let spam = try #require(suite.case("GDQ301 spam-disconnect-on-non-email"))
        #expect(spam.classname == file)
        #expect(spam.message == "bad \\u{1}\\u{1b}[2J \\u{fffe} & <x> \"q\" ]]> 'a'\nnext\ttab")
        #expect(spam.text?.contains("(/a~1b/\\u{7}, conversation </testcase>)") == true)
        #expect(suite.case("reading the input")?.message == "cannot read \\u{0}<&>")
        #expect(JUnitReporter.escaped("a\u{FFFF}b\u{10FFFF}") == "a\\u{ffff}b\u{10FFFF}")
    }
}

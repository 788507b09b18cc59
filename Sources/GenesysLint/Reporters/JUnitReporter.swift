/// `--format junit`: JUnit XML, as the test reports of GitHub Actions, GitLab and Jenkins read
/// it. Each input is a test suite with one test case per rule in force; a case fails when its
/// rule found something in that input at or above the fail level, and an input that could not
/// be read is an error. A last suite, `genesys-lint`, carries the run's totals and rates, a
/// case per threshold and, with a run history, a case per drift verdict of a rule that found
/// something: whether a threshold is crossed or a rate drifted is known only once every input
/// is read, so such a rule fails there, not in the inputs' suites.
///
/// Findings come input by input, so an input's suite is written as soon as the next input's
/// findings begin, and only one input's findings are held. Inputs without findings are known
/// only from the summary: their suites come last. A finding about an input whose suite is
/// already written (the checks made after every input was read, such as GDQ507) goes into the
/// last suite. `<testsuites>` carries no totals: they are known only at the end, and the
/// services add them up from the suites.
public struct JUnitReporter: Reporter {
    private var context = ReportContext(rules: [])
    /// The input whose findings are held, and its findings.
    private var current: String?
    private var held: [Finding] = []
    /// Inputs whose suites are written.
    private var written: Set<String> = []
    /// Findings about inputs already written.
    private var late: [Finding] = []

    public init() {}

    public mutating func start(_ context: ReportContext, into output: inout some TextOutputStream) {
        self.context = context
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"genesys-lint\">\n")
    }

    public mutating func add(_ finding: Finding, into output: inout some TextOutputStream) {
        if finding.file == current {
            held.append(finding)
        } else if written.contains(finding.file) {
            late.append(finding)
        } else {
            if let current { writeSuite(current, findings: held, totals: nil, into: &output) }
            current = finding.file
            held = [finding]
        }
    }

    public mutating func finish(_ summary: Summary, into output: inout some TextOutputStream) {
        let writtenEarly = written
        for totals in summary.fileTotals where !written.contains(totals.file) {
            writeSuite(totals.file, findings: totals.file == current ? held : [], totals: totals, into: &output)
        }
        if let current, !written.contains(current) {
            writeSuite(current, findings: held, totals: nil, into: &output)
        }
        held = []
        writeRunSuite(summary, writtenEarly: writtenEarly, into: &output)
        output.write("</testsuites>\n")
    }

    /// One test case, and what it adds to its suite's counts.
    private struct TestCase {
        var xml: String
        var failures = 0
        var errors = 0
        var skipped = 0
    }

    /// The suite of one input: a case per rule in force (and per other rule that fired), and
    /// an error when the input could not be read.
    private mutating func writeSuite(_ file: String, findings: [Finding], totals: FileTotals?, into output: inout some TextOutputStream) {
        written.insert(file)
        let byRule = Dictionary(grouping: findings, by: \.ruleId)
        let known = Set(context.rules.map(\.rule.id))
        let ids = context.rules.map(\.rule.id) + byRule.keys.filter { !known.contains($0) }.sorted()
        var cases: [TestCase] = []
        for id in ids {
            let found = byRule[id] ?? []
            if found.isEmpty, totals?.readError != nil {
                let skipped = "<skipped message=\"not checked: the input could not be read to the end\"/>"
                cases.append(TestCase(xml: Self.testCase(name: caseName(id), file: file, skipped), skipped: 1))
            } else {
                cases.append(testCase(name: caseName(id), file: file, findings: found))
            }
        }
        if let readError = totals?.readError {
            cases.append(Self.readErrorCase(file, readError))
        }
        output.write(Self.suite(name: file, cases: cases))
    }

    /// The last suite: the run's totals and rates, a case per threshold, and what came after
    /// its input was written: late findings, and the read errors of `writtenEarly`, the inputs
    /// written before the summary told of their errors.
    private func writeRunSuite(_ summary: Summary, writtenEarly: Set<String>, into output: inout some TextOutputStream) {
        var properties = [
            ("files", String(summary.files)),
            ("conversations", String(summary.conversations)),
            ("unreadableRecords", String(summary.unreadableRecords)),
            ("findings", Severity.allCases.reversed().map { TextReporter.count(summary.findingsBySeverity[$0, default: 0], $0.rawValue) }.joined(separator: ", ")),
            ("failOn", context.failOn.rawValue),
            ("result", summary.failed ? "failed" : "passed"),
        ]
        for id in Set(summary.findingsByRule.keys).union(summary.thresholdVerdicts.keys).sorted() {
            var value = "\(TextReporter.count(summary.findingsByRule[id, default: 0], "finding")), \(summary.affectedByRule[id, default: 0]) of \(summary.conversations) conversations (\(summary.rateText(of: id)))"
            if let verdict = summary.thresholdVerdicts[id] {
                value += ", threshold \(verdict.threshold.text) \(verdict.crossed ? "crossed" : "not crossed")"
            }
            if let verdict = summary.driftVerdicts[id], summary.findingsByRule[id] != nil {
                value += ", drift: \(verdict.label)"
            }
            properties.append((caseName(id), value))
        }
        if let headline = summary.historyHeadline {
            properties.append(("history", headline))
        }
        var cases: [TestCase] = []
        for (id, verdict) in summary.thresholdVerdicts.sorted(by: { $0.key < $1.key }) {
            cases.append(thresholdCase(id, verdict, summary))
        }
        // A case per rule with drift settings that found something (a rule without findings
        // cannot have risen).
        for (id, verdict) in summary.driftVerdicts.sorted(by: { $0.key < $1.key }) where summary.findingsByRule[id] != nil {
            cases.append(driftCase(id, verdict))
        }
        var lateByPlace: [(file: String, ruleId: String, findings: [Finding])] = []
        for finding in late {
            if let index = lateByPlace.firstIndex(where: { $0.file == finding.file && $0.ruleId == finding.ruleId }) {
                lateByPlace[index].findings.append(finding)
            } else {
                lateByPlace.append((finding.file, finding.ruleId, [finding]))
            }
        }
        for place in lateByPlace {
            cases.append(testCase(name: caseName(place.ruleId) + " (checked across inputs)", file: place.file, findings: place.findings))
        }
        for totals in summary.fileTotals where writtenEarly.contains(totals.file) {
            if let readError = totals.readError { cases.append(Self.readErrorCase(totals.file, readError)) }
        }
        let propertyXML = "<properties>\n" + properties.map { "<property name=\"\(Self.escaped($0.0))\" value=\"\(Self.escaped($0.1))\"/>\n" }.joined() + "</properties>\n"
        output.write(Self.suite(name: "genesys-lint", cases: cases, properties: propertyXML))
    }

    /// The case of one rule in one input: passed, failed (findings at or above the fail level,
    /// the rule without a threshold), or passed with its findings as output.
    private func testCase(name: String, file: String, findings: [Finding]) -> TestCase {
        guard let first = findings.first else { return TestCase(xml: Self.testCase(name: name, file: file, "")) }
        let listing = findings.map(Self.line).joined()
        let failing = findings.filter { context.failOn.isFailure($0.severity) }
        if let threshold = context.thresholds[first.ruleId], !failing.isEmpty {
            let note = "\(first.ruleId) has a threshold (\(threshold.text)): whether its findings fail is judged over the whole run, in the suite genesys-lint.\n"
            return TestCase(xml: Self.testCase(name: name, file: file, "<system-out>\(Self.escaped(note + listing, attribute: false))</system-out>"))
        }
        guard let firstFailing = failing.first else {
            return TestCase(xml: Self.testCase(name: name, file: file, "<system-out>\(Self.escaped(listing, attribute: false))</system-out>"))
        }
        let failure = "<failure message=\"\(Self.escaped(firstFailing.message))\" type=\"\(firstFailing.severity.rawValue)\">\(Self.escaped(listing, attribute: false))</failure>"
        return TestCase(xml: Self.testCase(name: name, file: file, failure), failures: 1)
    }

    /// A rule's threshold, judged over the run: failed when crossed by a rule whose severity
    /// fails the run.
    private func thresholdCase(_ id: String, _ verdict: ThresholdVerdict, _ summary: Summary) -> TestCase {
        let name = "\(caseName(id)) threshold \(verdict.threshold.text)"
        let severity = context.rule(id)?.severity ?? .error
        let affected = "\(verdict.affected) of \(summary.conversations) conversations (\(summary.rateText(of: id))) \(verdict.affected == 1 ? "has" : "have") a finding of \(id)"
        guard verdict.crossed else {
            return TestCase(xml: Self.testCase(name: name, file: nil, "<system-out>\(Self.escaped("\(affected): within the threshold \(verdict.threshold.text).\n", attribute: false))</system-out>"))
        }
        guard context.failOn.isFailure(severity), summary.findingsByRule[id, default: 0] > 0 else {
            let text = "\(affected): over the threshold \(verdict.threshold.text), but \(severity.rawValue) findings do not fail the run (fail level \(context.failOn.rawValue)).\n"
            return TestCase(xml: Self.testCase(name: name, file: nil, "<system-out>\(Self.escaped(text, attribute: false))</system-out>"))
        }
        let message = "\(affected): over the threshold \(verdict.threshold.text)"
        return TestCase(xml: Self.testCase(name: name, file: nil, "<failure message=\"\(Self.escaped(message))\" type=\"threshold\">\(Self.escaped(message + ".\n", attribute: false))</failure>"), failures: 1)
    }

    /// A rule's rate against its history: failed when it drifted (unless findings never fail
    /// the run), skipped when it could not be judged.
    private func driftCase(_ id: String, _ verdict: DriftVerdict) -> TestCase {
        let name = "\(caseName(id)) drift"
        let text = "\(id) \(verdict.explanation)"
        switch verdict.outcome {
        case .steady:
            return TestCase(xml: Self.testCase(name: name, file: nil, "<system-out>\(Self.escaped(text + ".\n", attribute: false))</system-out>"))
        case .tooFewConversations, .tooFewRuns:
            return TestCase(xml: Self.testCase(name: name, file: nil, "<skipped message=\"\(Self.escaped(text))\"/>"), skipped: 1)
        case .drifted:
            guard context.failOn != .never else {
                let note = "\(text), but the fail level is never: nothing fails the run.\n"
                return TestCase(xml: Self.testCase(name: name, file: nil, "<system-out>\(Self.escaped(note, attribute: false))</system-out>"))
            }
            return TestCase(xml: Self.testCase(name: name, file: nil, "<failure message=\"\(Self.escaped(text))\" type=\"drift\">\(Self.escaped(text + ".\n", attribute: false))</failure>"), failures: 1)
        }
    }

    private static func readErrorCase(_ file: String, _ readError: String) -> TestCase {
        TestCase(xml: testCase(name: "reading the input", file: file, "<error message=\"\(escaped(readError))\" type=\"read-error\"/>"), errors: 1)
    }

    /// "GDQ201 abandoned-client-disconnect": unique in a suite, readable in a list of tests.
    private func caseName(_ id: String) -> String {
        context.rule(id).map { "\(id) \($0.rule.name)" } ?? id
    }

    /// A `<testcase>`; `file` is its class, nil for the run's own cases.
    private static func testCase(name: String, file: String?, _ body: String) -> String {
        let open = "<testcase name=\"\(escaped(name))\" classname=\"\(escaped(file ?? "genesys-lint"))\" time=\"0\""
        return body.isEmpty ? "\(open)/>\n" : "\(open)>\(body)</testcase>\n"
    }

    private static func suite(name: String, cases: [TestCase], properties: String = "") -> String {
        let counts = "tests=\"\(cases.count)\" failures=\"\(cases.map(\.failures).reduce(0, +))\" errors=\"\(cases.map(\.errors).reduce(0, +))\" skipped=\"\(cases.map(\.skipped).reduce(0, +))\""
        return "<testsuite name=\"\(escaped(name))\" \(counts) time=\"0\">\n\(properties)\(cases.map(\.xml).joined())</testsuite>\n"
    }

    /// A finding as a line of a failure or an output: where, what, the pointer and the conversation.
    private static func line(_ finding: Finding) -> String {
        let printable = TextReporter.printable
        let pointer = finding.pointer.isEmpty ? "/" : printable(finding.pointer)
        let conversation = finding.conversationId.map { ", conversation \(printable($0))" } ?? ""
        return "\(printable(finding.file)):\(finding.line):\(finding.column): \(finding.severity.rawValue)[\(finding.ruleId)]: \(printable(finding.message)) (\(pointer)\(conversation))\n"
    }

    /// `text` escaped for XML 1.0: markup characters as entities and, in attributes, tabs and
    /// line breaks as character references (a parser would turn them into spaces). Characters
    /// XML 1.0 does not allow at all (most C0 controls, U+FFFE, U+FFFF) are written as `\u{…}`.
    static func escaped(_ text: String, attribute: Bool = true) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\r": result += "&#13;"
            case "\n": result += attribute ? "&#10;" : "\n"
            case "\t": result += attribute ? "&#9;" : "\t"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

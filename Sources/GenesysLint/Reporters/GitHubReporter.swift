/// `--format github`: a GitHub Actions workflow command per finding, which the runner shows as
/// an annotation on the file and line (`::error file=F,line=L,col=C,title=…::message`), then a
/// short summary in plain text for the job's log.
public struct GitHubReporter: Reporter {
    private var context = ReportContext(rules: [])
    /// Rule names by id, for titles and the summary.
    private var ruleNames: [String: String] = [:]

    public init() {}

    public mutating func start(_ context: ReportContext, into output: inout some TextOutputStream) {
        self.context = context
        ruleNames = Dictionary(context.rules.map { ($0.rule.id, $0.rule.name) }) { first, _ in first }
    }

    public mutating func add(_ finding: Finding, into output: inout some TextOutputStream) {
        var properties: [(String, String)] = []
        // Standard input is no file of the repository: its findings are annotations of the run.
        if finding.file != "<stdin>" {
            properties = [("file", finding.file), ("line", String(finding.line)), ("col", String(finding.column))]
        }
        properties.append(("title", [finding.ruleId, ruleNames[finding.ruleId]].compactMap { $0 }.joined(separator: " ")))
        let pointer = finding.pointer.isEmpty ? "/" : finding.pointer
        let list = properties.map { "\($0.0)=\(Self.escaped($0.1, property: true))" }.joined(separator: ",")
        output.write("::\(Self.command(finding.severity)) \(list)::\(Self.escaped("\(finding.message) (\(pointer))", property: false))\n")
    }

    public mutating func finish(_ summary: Summary, into output: inout some TextOutputStream) {
        var checked = "genesys-lint checked \(TextReporter.count(summary.files, "file")), \(TextReporter.count(summary.conversations, "conversation"))"
        if summary.unreadableRecords > 0 {
            checked += " (\(TextReporter.count(summary.unreadableRecords, "record")) could not be read)"
        }
        var lines = [checked + "."]
        let bySeverity = Severity.allCases.reversed().map { TextReporter.count(summary.findingsBySeverity[$0, default: 0], $0.rawValue) }
        lines.append("Findings: \(bySeverity.joined(separator: ", ")).")
        let ids = Set(summary.findingsByRule.keys).union(summary.thresholdVerdicts.keys).sorted()
        let idWidth = ids.map(\.count).max() ?? 0
        let nameWidth = ids.map { ruleNames[$0]?.count ?? 0 }.max() ?? 0
        for id in ids {
            let findings = TextReporter.count(summary.findingsByRule[id, default: 0], "finding")
            var line = "  \(id.padding(to: idWidth))  \((ruleNames[id] ?? "").padding(to: nameWidth))  \(findings), \(TextReporter.count(summary.affectedByRule[id, default: 0], "conversation")) (\(summary.rateText(of: id)))"
            if let verdict = summary.thresholdVerdicts[id] {
                line += ", threshold \(verdict.threshold.text) \(verdict.crossed ? "crossed" : "not crossed")"
            }
            if let verdict = summary.driftVerdicts[id], summary.findingsByRule[id] != nil {
                line += ", drift: \(verdict.label)"
            }
            lines.append(line)
        }
        if let headline = summary.historyHeadline {
            lines.append("History \(TextReporter.printable(headline))")
        }
        if let baseline = context.baselinePath {
            lines.append("\(TextReporter.count(summary.suppressedByBaseline, "finding")) left out: the baseline \(TextReporter.printable(baseline)) lists them.")
        }
        let drifted = summary.driftedRules
        var failures: [String] = []
        if summary.findingsFail { failures.append("findings at or above the fail level (\(context.failOn.rawValue))") }
        if summary.failed, !drifted.isEmpty { failures.append("\(drifted.map(\.ruleId).joined(separator: ", ")) drifted from the history") }
        lines.append(summary.failed
            ? "Failed: \(failures.joined(separator: "; "))."
            : "Passed: no finding fails the run (fail level \(context.failOn.rawValue)).")
        // An annotation of the run (no file) for each rule that drifted, so the job's page shows it.
        let annotations = drifted.map { verdict in
            let title = [verdict.ruleId, ruleNames[verdict.ruleId], "drifted"].compactMap { $0 }.joined(separator: " ")
            let level = summary.failed ? "error" : "warning"
            return "::\(level) title=\(Self.escaped(title, property: true))::\(Self.escaped("\(verdict.ruleId) \(verdict.explanation)", property: false))\n"
        }
        output.write(annotations.joined() + lines.joined(separator: "\n") + "\n")
    }

    static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
    }

    /// `text` escaped as the runner unescapes it: `%`, CR and LF always, and `:` and `,` in a
    /// property, where they would end the value. Other control characters (an escape sequence
    /// the log would act on) are written as `\u{…}`.
    static func escaped(_ text: String, property: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            case ":" where property: result += "%3A"
            case "," where property: result += "%2C"
            case "\t": result += "\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

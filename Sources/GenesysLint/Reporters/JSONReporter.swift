/// `--format json`: one JSON document with the tool, every finding in input order, and the
/// summary. Findings are written as they come, so the summary is the last member.
public struct JSONReporter: Reporter {
    private var wroteFinding = false

    public init() {}

    public mutating func start(_ context: ReportContext, into output: inout some TextOutputStream) {
        let tool = JSONWriter.object([("name", JSONWriter.quoted("genesys-lint")), ("version", JSONWriter.quoted(GenesysLintVersion.current))])
        output.write("{\"tool\":\(tool),\"findings\":[")
    }

    public mutating func add(_ finding: Finding, into output: inout some TextOutputStream) {
        output.write(wroteFinding ? ",\n" : "\n")
        wroteFinding = true
        output.write(JSONWriter.finding(finding))
    }

    public mutating func finish(_ summary: Summary, into output: inout some TextOutputStream) {
        let bySeverity = JSONWriter.object(["error", "warning", "info"].map { name in
            (name, String(summary.findingsBySeverity[Severity(rawValue: name) ?? .info, default: 0]))
        })
        let byRule = JSONWriter.object(summary.findingsByRule.sorted { $0.key < $1.key }.map { id, count in
            var members = [
                ("findings", String(count)),
                ("conversations", String(summary.affectedByRule[id, default: 0])),
                ("rate", summary.rate(of: id).map { JSONWriter.number($0) } ?? "null"),
            ]
            if let verdict = summary.thresholdVerdicts[id] {
                members += [("threshold", JSONWriter.quoted(verdict.threshold.text)), ("thresholdCrossed", String(verdict.crossed))]
            }
            return (id, JSONWriter.object(members))
        })
        let summaryObject = JSONWriter.object([
            ("files", String(summary.files)),
            ("conversations", String(summary.conversations)),
            ("unreadableRecords", String(summary.unreadableRecords)),
            ("findings", bySeverity),
            ("rules", byRule),
            ("suppressedByBaseline", String(summary.suppressedByBaseline)),
            ("failed", String(summary.failed)),
        ])
        output.write("\(wroteFinding ? "\n" : "")],\"summary\":\(summaryObject)}\n")
    }
}

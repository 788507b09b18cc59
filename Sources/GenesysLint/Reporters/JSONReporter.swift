/// `--format json`: one JSON document with the tool, every finding in input order, and the
/// summary. Findings are written as they come, so the summary is the last member.
public struct JSONReporter: Reporter {
    private var wroteFinding = false

    public init() {}

    public mutating func start(_ context: ReportContext, into output: inout some TextOutputStream) {
        output.write("{\"tool\":\(JSONWriter.tool),\"findings\":[")
    }

    public mutating func add(_ finding: Finding, into output: inout some TextOutputStream) {
        output.write(wroteFinding ? ",\n" : "\n")
        wroteFinding = true
        output.write(JSONWriter.finding(finding))
    }

    public mutating func finish(_ summary: Summary, into output: inout some TextOutputStream) {
        output.write("\(wroteFinding ? "\n" : "")],\"summary\":\(JSONWriter.summary(summary))}\n")
    }
}

/// `--format ndjson`: one finding per line, the same object as in the JSON report, and nothing
/// else, so `jq`, `grep` and log shippers can take each line as it is written.
public struct NDJSONReporter: Reporter {
    public init() {}

    public mutating func start(_ context: ReportContext, into output: inout some TextOutputStream) {}

    public mutating func add(_ finding: Finding, into output: inout some TextOutputStream) {
        output.write(JSONWriter.finding(finding) + "\n")
    }

    public mutating func finish(_ summary: Summary, into output: inout some TextOutputStream) {}
}

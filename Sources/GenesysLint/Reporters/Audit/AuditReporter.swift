/// `--format markdown` and `--format html`: the audit report, for the analysts and auditors who
/// read a run rather than act on each finding. What was checked, the findings by severity and
/// rule, queue outcomes against disconnect types, findings over time, the worst conversations
/// and what each rule that fired means. Findings and conversation profiles are tallied as they
/// stream by (`AuditAggregate`, in bounded memory); the report is written when the run ends.
public struct AuditReporter: Reporter {
    public enum Format: Sendable {
        case markdown, html
    }

    private let format: Format
    private var aggregate: AuditAggregate?

    public init(_ format: Format) {
        self.format = format
    }

    public var wantsProfiles: Bool { true }

    public mutating func start(_ context: ReportContext, into output: inout some TextOutputStream) {
        aggregate = AuditAggregate(context: context)
    }

    public mutating func add(_ finding: Finding, into output: inout some TextOutputStream) {
        aggregate?.add(finding)
    }

    public mutating func add(_ profile: ConversationProfile, into output: inout some TextOutputStream) {
        aggregate?.add(profile)
    }

    public mutating func finish(_ summary: Summary, into output: inout some TextOutputStream) {
        let report = AuditReport(aggregate ?? AuditAggregate(context: ReportContext(rules: [])), summary: summary)
        switch format {
        case .markdown: output.write(AuditMarkdown.render(report))
        case .html: output.write(AuditHTML.render(report))
        }
    }
}

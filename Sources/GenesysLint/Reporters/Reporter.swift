/// Turns findings into one output format. Reporters stream: they see each finding once, in
/// input order, then the run's totals, so a report of any size needs no more memory than
/// the reporter chooses to keep.
public protocol Reporter {
    /// Whether the reporter wants a `ConversationProfile` of every conversation checked
    /// (the audit reports do; computing them costs a little per conversation).
    var wantsProfiles: Bool { get }
    mutating func start(_ context: ReportContext, into output: inout some TextOutputStream)
    mutating func add(_ finding: Finding, into output: inout some TextOutputStream)
    /// A conversation has been checked; its findings (those of it that were reported) came before.
    mutating func add(_ profile: ConversationProfile, into output: inout some TextOutputStream)
    mutating func finish(_ summary: Summary, into output: inout some TextOutputStream)
}

extension Reporter {
    public var wantsProfiles: Bool { false }
    public mutating func add(_ profile: ConversationProfile, into output: inout some TextOutputStream) {}
}

/// What a report says about the run before any finding: the tool, the rules in force and
/// how the run is judged.
public struct ReportContext: Sendable {
    /// Every rule in force, in catalog order, with the severity this run gives it.
    public var rules: [Linter.ActiveRule]
    public var failOn: FailLevel
    /// Per-rule limits under which findings do not fail the run.
    public var thresholds: [String: Threshold]
    /// Whether personal data in messages is masked (the default).
    public var redacted: Bool
    /// The baseline whose findings are left out, if any.
    public var baselinePath: String?
    /// The moment the data's age is judged against (milliseconds since 1970).
    public var asOf: Int64
    /// How the OpenLineage event names the job, the run and its datasets.
    public var openLineage: OpenLineageRun

    public init(rules: [Linter.ActiveRule], failOn: FailLevel = .error, thresholds: [String: Threshold] = [:], redacted: Bool = true, baselinePath: String? = nil, asOf: Int64 = 0, openLineage: OpenLineageRun = OpenLineageRun()) {
        self.rules = rules
        self.failOn = failOn
        self.thresholds = thresholds
        self.redacted = redacted
        self.baselinePath = baselinePath
        self.asOf = asOf
        self.openLineage = openLineage
    }

    /// The rule in force with this id.
    public func rule(_ id: String) -> Linter.ActiveRule? {
        rules.first { $0.rule.id == id }
    }
}

/// The formats `--format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, ndjson, sarif, junit, github
    /// The audit report (charts as tables), and the same as one self-contained web page.
    case markdown, html
    /// One OpenLineage run event with the run's data-quality assertions per input.
    case openlineage

    /// The usual file name extension of a report in this format.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .json: "json"
        case .ndjson: "ndjson"
        case .sarif: "sarif"
        case .junit: "xml"
        case .github: "txt"
        case .markdown: "md"
        case .html: "html"
        case .openlineage: "json"
        }
    }
}

extension ReportFormat {
    /// A new reporter for this format; `colored` applies to text only.
    public func makeReporter(colored: Bool = false) -> any Reporter {
        switch self {
        case .text: TextReporter(colored: colored)
        case .json: JSONReporter()
        case .ndjson: NDJSONReporter()
        case .sarif: SARIFReporter()
        case .junit: JUnitReporter()
        case .github: GitHubReporter()
        case .markdown: AuditReporter(.markdown)
        case .html: AuditReporter(.html)
        case .openlineage: OpenLineageReporter()
        }
    }
}

public enum GenesysLintVersion {
    public static let current = "0.1.0"
    /// Where the rules are documented, for links in reports.
    public static let informationURI = "https://github.com/genesys-lint/genesys-lint"
}

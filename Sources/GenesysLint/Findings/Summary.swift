/// Totals of a run, for the summary every report ends with.
public struct Summary: Sendable, Equatable {
    public var files = 0
    public var conversations = 0
    /// Records that could not be read at all (malformed JSON, not a conversation, too large).
    public var unreadableRecords = 0
    /// Records of Singer or Airbyte streams that carry no conversations, skipped.
    public var skippedRecords = 0
    public var findingsBySeverity: [Severity: Int] = [:]
    public var findingsByRule: [String: Int] = [:]
    /// Conversations (or unreadable records) with at least one finding of each rule.
    public var affectedByRule: [String: Int] = [:]
    /// Each input in the order checked, with its own totals.
    public var fileTotals: [FileTotals] = []
    /// Findings left out because the baseline already lists them.
    public var suppressedByBaseline = 0
    /// Per rule with a threshold in force: whether its findings crossed it.
    public var thresholdVerdicts: [String: ThresholdVerdict] = [:]
    /// Whether the run fails (exit code 1): findings at or above the fail level, from rules
    /// without a threshold or whose threshold was crossed.
    public var failed = false

    public init() {}

    public var totalFindings: Int { findingsBySeverity.values.reduce(0, +) }

    /// Share of the conversations checked that have a finding of `ruleId` (0...1), nil when
    /// no conversation was checked.
    public func rate(of ruleId: String) -> Double? {
        conversations > 0 ? Double(affectedByRule[ruleId, default: 0]) / Double(conversations) : nil
    }

    /// The rate as people read it: "0.52%", "<0.01%".
    public func rateText(of ruleId: String) -> String {
        guard let rate = rate(of: ruleId) else { return "n/a" }
        return Self.percent(rate)
    }

    static func percent(_ rate: Double) -> String {
        if rate > 0, rate < 0.0001 { return "<0.01%" }
        let hundredths = Int((rate * 10_000).rounded())
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return "\(whole)%" }
        let digits = fraction < 10 ? "0\(fraction)" : fraction % 10 == 0 ? "\(fraction / 10)" : "\(fraction)"
        return "\(whole).\(digits)%"
    }

    /// Counts a finding; `newlyAffected` says whether it is the first of its rule for its conversation.
    public mutating func count(_ finding: Finding, newlyAffected: Bool = true) {
        findingsBySeverity[finding.severity, default: 0] += 1
        findingsByRule[finding.ruleId, default: 0] += 1
        if newlyAffected { affectedByRule[finding.ruleId, default: 0] += 1 }
        // Findings come file by file, so the file is nearly always the last one.
        let index = fileTotals.last?.file == finding.file ? fileTotals.count - 1 : fileTotals.lastIndex { $0.file == finding.file }
        if let index {
            fileTotals[index].findingsBySeverity[finding.severity, default: 0] += 1
            fileTotals[index].findingsByRule[finding.ruleId, default: 0] += 1
        }
    }
}

/// One input's share of a run.
public struct FileTotals: Sendable, Equatable {
    public var file: String
    public var conversations = 0
    public var unreadableRecords = 0
    /// Records of Singer or Airbyte streams that carry no conversations, skipped.
    public var skippedRecords = 0
    /// The shapes its records were read in.
    public var shapes: Set<ExportShape> = []
    public var findingsBySeverity: [Severity: Int] = [:]
    public var findingsByRule: [String: Int] = [:]
    /// The input could not be read (it is also an input error of the run).
    public var readError: String?
    /// Bytes read from the input as stored (compressed, for gzip); nil when not known (a
    /// partial report written before they were counted).
    public var bytes: Int?

    public init(file: String) {
        self.file = file
    }

    public var totalFindings: Int { findingsBySeverity.values.reduce(0, +) }
}

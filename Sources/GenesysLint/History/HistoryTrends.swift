/// The runs of a history that a report draws trends from: the last comparable runs (same
/// rules fingerprint) and this run, each with its conversations and each rule's affected
/// conversations.
public struct HistoryTrends: Sendable, Equatable {
    /// How many past runs a report shows at most.
    public static let shownRuns = 30

    public struct Point: Sendable, Equatable {
        /// When the run started, in milliseconds since 1970.
        public var startedAt: Int64
        public var conversations: Int
        /// Affected conversations per rule (rules without findings may be absent).
        public var affected: [String: Int]
        public var isThisRun: Bool

        public init(startedAt: Int64, conversations: Int, affected: [String: Int], isThisRun: Bool = false) {
            self.startedAt = startedAt
            self.conversations = conversations
            self.affected = affected
            self.isThisRun = isThisRun
        }

        /// The rule's rate in this run, nil when it checked no conversation.
        public func rate(of ruleId: String) -> Double? {
            conversations > 0 ? Double(affected[ruleId, default: 0]) / Double(conversations) : nil
        }
    }

    /// The history file, as named on the command line or in the configuration.
    public var file: String
    /// The comparable runs in the history before this one (all of them, not only those shown).
    public var comparableRuns: Int
    /// Oldest first; the last is this run.
    public var points: [Point]

    public init(file: String, comparableRuns: Int, points: [Point]) {
        self.file = file
        self.comparableRuns = comparableRuns
        self.points = points
    }

    /// The last `shownRuns` of `past` (comparable runs, oldest first), then this run.
    public init(file: String, comparableRuns: Int, past: [RunRecord], thisRun summary: Summary, startedAt: Int64) {
        let shown = past.suffix(Self.shownRuns).map { run in
            Point(startedAt: run.startedAt, conversations: run.conversations, affected: run.rules.filter { $0.value.conversations > 0 }.mapValues(\.conversations))
        }
        let now = Point(startedAt: startedAt, conversations: summary.conversations, affected: summary.affectedByRule, isThisRun: true)
        self.init(file: file, comparableRuns: comparableRuns, points: shown + [now])
    }

    /// The rules with findings in any run shown, sorted by id.
    public var rulesWithFindings: [String] {
        Set(points.flatMap { $0.affected.filter { $0.value > 0 }.keys }).sorted()
    }
}

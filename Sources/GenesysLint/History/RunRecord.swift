/// What a run history keeps of one run: when and with what it ran, and counts. Never a value
/// from the data: no conversation ids, names, addresses or messages. Media types are counted
/// under their names only when the vocabulary knows them (see `RunTally`); input names are the
/// paths the user gave.
public struct RunRecord: Sendable, Equatable {
    /// Which command made the run.
    public enum Command: String, Sendable, CaseIterable {
        case check, merge
    }

    /// One input as read: its name and the bytes read from it (as stored: compressed for gzip).
    public struct Input: Sendable, Equatable {
        public var name: String
        /// Nil when not known (runs recorded before sizes were kept).
        public var bytes: Int?

        public init(name: String, bytes: Int?) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// A rule's count in a run or in one media type of it.
    public struct RuleCounts: Sendable, Equatable {
        public var findings: Int
        /// Conversations (or unreadable records) with at least one finding of the rule.
        public var conversations: Int

        public init(findings: Int, conversations: Int) {
            self.findings = findings
            self.conversations = conversations
        }

        public static let zero = RuleCounts(findings: 0, conversations: 0)

        mutating func add(_ other: RuleCounts) {
            findings += other.findings
            conversations += other.conversations
        }
    }

    /// The conversations of one media type, and the rules' counts among them.
    public struct MediaCounts: Sendable, Equatable {
        public var conversations: Int
        /// Only rules with findings.
        public var rules: [String: RuleCounts]

        public init(conversations: Int = 0, rules: [String: RuleCounts] = [:]) {
            self.conversations = conversations
            self.rules = rules
        }

        mutating func add(_ other: MediaCounts) {
            conversations += other.conversations
            for (id, counts) in other.rules { rules[id, default: .zero].add(counts) }
        }
    }

    /// How a rule with drift settings fared against the history when the run was made.
    public struct Drift: Sendable, Equatable {
        public enum Verdict: String, Sendable, CaseIterable {
            case drifted, steady
            /// Too few conversations in the run, or comparable runs before it.
            case notJudged
        }

        public var verdict: Verdict
        /// The median rate of the runs compared with, nil when the rule was not judged.
        public var baselineRate: Double?

        public init(_ verdict: Verdict, baselineRate: Double? = nil) {
            self.verdict = verdict
            self.baselineRate = baselineRate
        }

        public init(_ verdict: DriftVerdict) {
            switch verdict.outcome {
            case .drifted: self.init(.drifted, baselineRate: verdict.median)
            case .steady: self.init(.steady, baselineRate: verdict.median)
            case .tooFewConversations, .tooFewRuns: self.init(.notJudged)
            }
        }
    }

    /// When the run started, in milliseconds since 1970 (UTC).
    public var startedAt: Int64
    public var toolVersion: String
    /// `RulesFingerprint` of the rules in force: runs with the same one are comparable.
    public var rulesHash: String
    public var command: Command
    public var inputs: [Input]
    /// The earliest and latest start of the conversations checked, nil when none had a
    /// readable start (or the run was recorded before intervals were kept).
    public var dataStart: Int64?
    public var dataEnd: Int64?
    public var conversations: Int
    public var unreadableRecords: Int
    /// Whether the run failed (exit code 1), drift alarms included.
    public var failed: Bool
    /// Every rule in force, with zero counts for those that found nothing: a rule missing from
    /// a run was not in force in it.
    public var rules: [String: RuleCounts]
    /// By media type (`RunTally.noMediaType`, `RunTally.otherMediaType` for the rest); empty
    /// for runs recorded before the split was kept.
    public var media: [String: MediaCounts]
    /// The rules with drift settings, as judged in the run.
    public var drift: [String: Drift]

    public init(
        startedAt: Int64, toolVersion: String = GenesysLintVersion.current, rulesHash: String, command: Command,
        inputs: [Input] = [], dataStart: Int64? = nil, dataEnd: Int64? = nil, conversations: Int, unreadableRecords: Int = 0,
        failed: Bool = false, rules: [String: RuleCounts] = [:], media: [String: MediaCounts] = [:], drift: [String: Drift] = [:]
    ) {
        self.startedAt = startedAt
        self.toolVersion = toolVersion
        self.rulesHash = rulesHash
        self.command = command
        self.inputs = inputs
        self.dataStart = dataStart
        self.dataEnd = dataEnd
        self.conversations = conversations
        self.unreadableRecords = unreadableRecords
        self.failed = failed
        self.rules = rules
        self.media = media
        self.drift = drift
    }

    /// The record of a finished run: its summary (with any drift verdicts settled), the tally
    /// of its conversations, and the rules in force.
    public init(
        of summary: Summary, tally: RunTally, ruleIds: [String], rulesHash: String, command: Command, startedAt: Int64
    ) {
        var rules: [String: RuleCounts] = [:]
        for id in ruleIds + summary.findingsByRule.keys {
            rules[id] = RuleCounts(findings: summary.findingsByRule[id, default: 0], conversations: summary.affectedByRule[id, default: 0])
        }
        self.init(
            startedAt: startedAt, rulesHash: rulesHash, command: command,
            inputs: summary.fileTotals.map { Input(name: $0.file, bytes: $0.bytes) },
            dataStart: tally.earliestStart, dataEnd: tally.latestStart,
            conversations: summary.conversations, unreadableRecords: summary.unreadableRecords, failed: summary.failed,
            rules: rules, media: tally.media,
            drift: summary.driftVerdicts.mapValues(Drift.init)
        )
    }

    /// A rule's share of the conversations (0...1), nil when the run checked none.
    public func rate(of ruleId: String) -> Double? {
        conversations > 0 ? Double(rules[ruleId]?.conversations ?? 0) / Double(conversations) : nil
    }
}

/// A run as the history holds it: its record and its number in the file.
public struct StoredRun: Sendable, Equatable {
    /// Increasing in the order runs were recorded.
    public var id: Int64
    public var record: RunRecord

    public init(id: Int64, record: RunRecord) {
        self.id = id
        self.record = record
    }
}

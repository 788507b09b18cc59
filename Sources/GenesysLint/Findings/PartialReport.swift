/// What `check --partial` keeps of a run over one share of an export, so that `merge` can
/// finish several such runs as if they had been one: the findings and totals, a digest of the
/// values of `unique` rules (conversation ids) first seen in the share, and the pages whose
/// `totalHits` must be added up over the whole export.
public struct PartialReport: Sendable, Equatable {
    /// Bumped when the layout changes; `merge` refuses partial reports of another version.
    public static let formatVersion = 3

    /// The rules in force, as "ID:severity", in catalog order: shares merged together must
    /// have been checked alike.
    public var rules: [String] = []
    /// Whether personal data in messages was masked (false with `--no-redact`).
    public var redacted = true
    /// Totals before thresholds and the run's verdict, which only the merge can settle.
    public var summary = Summary()
    /// Every reported finding, in input order.
    public var findings: [Finding] = []
    /// For each finding, the number of the input item (record, unreadable stretch or end of
    /// document) it was reported with: a merge adds findings about an item next to its own.
    public var findingItems: [Int] = []
    /// Each value of a `unique` rule seen first in this share.
    public var firstOccurrences: [UniqueOccurrence] = []
    /// Findings that repeat a value first seen earlier in this share.
    public var repeats: [UniqueRepeat] = []
    /// Pages that reported `totalHits`.
    public var pages: [TotalHitsPage] = []
    /// Inputs that could not be read, as the run described them.
    public var inputErrors: [String] = []

    public init() {}

    /// A value's first place in the share, with what the merge needs should an earlier share
    /// have seen it too: how complete this copy is, the file the share saw it in last, and the
    /// finding each rule sharing the value's key would report here (its message not yet saying
    /// where the value was first seen), so that the merge can tell which of them fires.
    public struct UniqueOccurrence: Sendable, Equatable {
        public var key: String
        public var item: Int
        /// Where the value's conversation starts, which a later repeat names.
        public var place: TextPosition
        /// How complete the conversation is, when the value stands for one.
        var copy: CopyCompleteness?
        /// The file the share saw the value in last, when that is not the file of this
        /// first occurrence.
        public var lastFile: String?
        /// One finding per rule of the key's group, in the group's order; all in one file.
        public var findings: [Finding]

        /// The file of this first occurrence.
        public var file: String { findings.first?.file ?? "" }
    }

    /// A finding about a repeated value, its message not yet saying where the value was first
    /// seen, nor which copy is more complete (a merge may find an earlier copy in another share).
    public struct UniqueRepeat: Sendable, Equatable {
        public var findingIndex: Int
        public var ruleId: String
        public var key: String
        public var message: String
        /// How complete the repeating copy is, when the value stands for a conversation.
        var copy: CopyCompleteness?
    }

    /// The rules of a linter as partial reports list them.
    static func rules(of linter: Linter) -> [String] {
        linter.activeRules.map { "\($0.rule.id):\($0.severity.rawValue)" }
    }
}

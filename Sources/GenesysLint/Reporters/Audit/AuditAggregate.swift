/// What the audit reports (`--format markdown`, `--format html`) are drawn from, gathered as a
/// run streams by. Memory stays bounded whatever the size of the run: counts per value (each
/// tally keeps a limited number of distinct values and folds the rest together), one example
/// finding per rule, and the worst few conversations rather than every conversation.
public struct AuditAggregate: Sendable {
    /// How many of the worst conversations are kept.
    public static let worstLimit = 10
    /// Findings weigh this much each when conversations are ranked.
    public static func weight(of severity: Severity) -> Int {
        switch severity {
        case .error: 10
        case .warning: 3
        case .info: 1
        }
    }

    /// Categories whose findings on a queue visit make it contradictory in the outcome matrix.
    public static let contradictionCategories: Set<String> = ["outcomes", "disconnects"]

    public private(set) var context: ReportContext
    private let categoryByRule: [String: String]

    /// Conversations seen (as profiles), and those with at least one finding.
    public private(set) var conversations = 0
    public private(set) var affectedConversations = 0
    /// Findings that belong to a checked conversation (the others are of unreadable records
    /// or of a file as a whole).
    public private(set) var findingsInConversations = 0
    public private(set) var earliestStart: Int64?
    public private(set) var latestEnd: Int64?
    public private(set) var mediaTypes = Tally<Int>(limit: 24)
    public private(set) var directions = Tally<Int>(limit: 12)
    /// Disconnect reason × outcome over every queue visit, and per media type.
    public private(set) var matrix = OutcomeMatrix()
    public private(set) var matrixByMedia = Tally<OutcomeMatrix>(limit: 12)
    public private(set) var queues = Tally<QueueTally>(limit: 500)
    public private(set) var timeline = Timeline()
    /// The worst conversations, worst first; ties in order of appearance.
    public private(set) var worst: [ConversationEntry] = []
    /// The first finding of each rule.
    public private(set) var firstFindings: [String: Finding] = [:]
    /// The severity each rule's findings had in this run.
    public private(set) var severityByRule: [String: Severity] = [:]
    private var sequence = 0

    public init(context: ReportContext) {
        self.context = context
        categoryByRule = Dictionary(context.rules.map { ($0.rule.id, $0.rule.category) }) { first, _ in first }
    }

    public mutating func add(_ finding: Finding) {
        if firstFindings[finding.ruleId] == nil { firstFindings[finding.ruleId] = finding }
        severityByRule[finding.ruleId] = max(severityByRule[finding.ruleId] ?? finding.severity, finding.severity)
    }

    public mutating func add(_ profile: ConversationProfile) {
        conversations += 1
        findingsInConversations += profile.findings.count
        if !profile.findings.isEmpty { affectedConversations += 1 }
        if let start = profile.start { earliestStart = min(earliestStart ?? start, start) }
        if let last = profile.end ?? profile.start { latestEnd = max(latestEnd ?? last, last) }
        for media in profile.mediaTypes {
            mediaTypes.update(.value(media), default: 0) { $0 += 1 }
        }
        if profile.mediaTypes.isEmpty { mediaTypes.update(.none, default: 0) { $0 += 1 } }
        directions.update(Label(profile.originatingDirection), default: 0) { $0 += 1 }

        for visit in profile.visits {
            let contradictions = profile.findings.filter { mark in
                visit.contains(mark.pointer) && mark.severity >= .warning
                    && categoryByRule[mark.ruleId].map(Self.contradictionCategories.contains) == true
            }.map(\.ruleId)
            let row = Label(visit.disconnectType), column = Label.value(visit.outcome)
            matrix.add(row: row, column: column, contradictions: contradictions)
            matrixByMedia.update(Label(visit.mediaType), default: OutcomeMatrix()) { $0.add(row: row, column: column, contradictions: contradictions) }
            queues.update(Label(visit.queueId), default: QueueTally()) { $0.add(visit, contradictions: contradictions) }
        }

        var bySeverity: [Severity: Int] = [:]
        for mark in profile.findings { bySeverity[mark.severity, default: 0] += 1 }
        timeline.add(start: profile.start, findings: bySeverity)

        sequence += 1
        guard !profile.findings.isEmpty else { return }
        var rules: [String] = []
        for mark in profile.findings where !rules.contains(mark.ruleId) { rules.append(mark.ruleId) }
        let entry = ConversationEntry(
            conversationId: profile.conversationId, file: profile.file, line: profile.line,
            findingsBySeverity: bySeverity, rules: rules, sequence: sequence
        )
        // A bounded top-N: a newcomer goes after every entry at least as bad (ties keep the
        // order of appearance) and the list never holds more than the limit.
        guard worst.count < Self.worstLimit || entry.score > worst[worst.count - 1].score else { return }
        let position = worst.firstIndex { $0.score < entry.score } ?? worst.count
        worst.insert(entry, at: position)
        if worst.count > Self.worstLimit { worst.removeLast() }
    }

    /// The category (rule folder) of a rule in force.
    public func category(of ruleId: String) -> String? {
        categoryByRule[ruleId]
    }
}

extension AuditAggregate {
    // MARK: - Labels and tallies

    /// A value of the data as a report groups it: a value, none recorded, or the values beyond a
    /// tally's limit folded together.
    public enum Label: Hashable, Sendable {
        case value(String)
        case none
        case other

        init(_ value: String?) {
            self = value.map(Label.value) ?? .none
        }

        public var text: String {
            switch self {
            case .value(let value): value
            case .none: "(none)"
            case .other: "(other values)"
            }
        }
    }

    /// Counts per label, keeping at most `limit` distinct labels: later new labels are counted
    /// together as `.other`, so hostile data with a new value in every record cannot grow it.
    public struct Tally<Value: Sendable>: Sendable {
        public let limit: Int
        public private(set) var values: [Label: Value] = [:]

        public init(limit: Int) {
            self.limit = limit
        }

        mutating func update(_ label: Label, default defaultValue: @autoclosure () -> Value, _ body: (inout Value) -> Void) {
            let key = values[label] != nil || values.count < limit ? label : .other
            body(&values[key, default: defaultValue()])
        }

        public subscript(label: Label) -> Value? {
            values[label]
        }

        /// The labels ordered by `areInIncreasingOrder` on their values, then by text, with
        /// `.none` and `.other` last.
        public func labels(by areInIncreasingOrder: (Value, Value) -> Bool) -> [Label] {
            values.keys.sorted { left, right in
                let leftRank = left.rank, rightRank = right.rank
                if leftRank != rightRank { return leftRank < rightRank }
                if let a = values[left], let b = values[right] {
                    if areInIncreasingOrder(a, b) { return true }
                    if areInIncreasingOrder(b, a) { return false }
                }
                return left.text < right.text
            }
        }
    }

    // MARK: - Outcome matrix

    /// Queue visits counted by the disconnect reason that ended them (rows) and their outcome
    /// (columns); a visit is contradictory when it drew a finding of an outcome or disconnect rule.
    public struct OutcomeMatrix: Sendable {
        public struct Cell: Sendable, Equatable {
            public var visits = 0
            public var contradictory = 0
            /// The rules that made visits of this cell contradictory, sorted.
            public var rules: [String] = []

            public init(visits: Int = 0, contradictory: Int = 0, rules: [String] = []) {
                self.visits = visits
                self.contradictory = contradictory
                self.rules = rules
            }
        }

        /// The outcomes a queue visit can have, in the order columns show them.
        public static let outcomes = ["answered", "abandoned", "shortAbandon", "flowedOut", "none"]

        public private(set) var rows = Tally<[String: Cell]>(limit: 40)
        public private(set) var visits = 0
        public private(set) var contradictory = 0

        public init() {}

        mutating func add(row: Label, column: Label, contradictions: [String]) {
            visits += 1
            if !contradictions.isEmpty { contradictory += 1 }
            // Outcomes come from our own derived facts, a closed set: only rows need a limit.
            let columnKey = column.text
            rows.update(row, default: [:]) { cells in
                var cell = cells[columnKey, default: Cell()]
                cell.visits += 1
                if !contradictions.isEmpty {
                    cell.contradictory += 1
                    cell.rules = Array(Set(cell.rules).union(contradictions)).sorted()
                }
                cells[columnKey] = cell
            }
        }

        public func cell(_ row: Label, _ column: String) -> Cell {
            rows[row]?[column] ?? Cell()
        }

        /// Rows by visits, most first.
        public var rowLabels: [Label] {
            rows.labels { total(of: $0) > total(of: $1) }
        }

        /// The known outcomes, then any other that occurs.
        public var columns: [String] {
            let present = Set(rows.values.values.flatMap(\.keys))
            return Self.outcomes + present.subtracting(Self.outcomes).sorted()
        }

        /// The columns with at least one visit, in column order.
        public var occupiedColumns: [String] {
            columns.filter { column in rows.values.values.contains { $0[column, default: Cell()].visits > 0 } }
        }

        private func total(of cells: [String: Cell]) -> Int {
            cells.values.reduce(0) { $0 + $1.visits }
        }
    }

    // MARK: - Queues

    /// One queue's visits.
    public struct QueueTally: Sendable {
        public var visits = 0
        public var abandoned = 0
        public var contradictory = 0
        public var rules: Set<String> = []
        public var mediaTypes: Set<String> = []

        mutating func add(_ visit: ConversationProfile.QueueVisit, contradictions: [String]) {
            visits += 1
            if visit.outcome == "abandoned" || visit.outcome == "shortAbandon" { abandoned += 1 }
            if !contradictions.isEmpty { contradictory += 1 }
            rules.formUnion(contradictions)
            if let media = visit.mediaType, mediaTypes.count < 8 { mediaTypes.insert(media) }
        }
    }

    // MARK: - Timeline

    /// Conversations and their findings by the hour they started (UTC). Hours become days, days
    /// months, and months years, when there are too many to keep.
    public struct Timeline: Sendable {
        public enum Granularity: Int, Sendable, Comparable {
            case hour, day, month, year

            public static func < (lhs: Granularity, rhs: Granularity) -> Bool { lhs.rawValue < rhs.rawValue }

            public var noun: String {
                switch self {
                case .hour: "hour"
                case .day: "day"
                case .month: "month"
                case .year: "year"
                }
            }
        }

        public struct Bucket: Sendable, Equatable {
            public var conversations = 0
            public var findings: [Severity: Int] = [:]

            public var totalFindings: Int { findings.values.reduce(0, +) }

            mutating func merge(_ other: Bucket) {
                conversations += other.conversations
                for (severity, count) in other.findings { findings[severity, default: 0] += count }
            }
        }

        /// Distinct buckets kept before they are made coarser.
        public static let bucketLimit = 1000

        public private(set) var granularity = Granularity.hour
        /// By key: hours or days since 1970, months since year 0, or the year.
        public private(set) var buckets: [Int64: Bucket] = [:]
        /// Conversations without a readable start.
        public private(set) var undated = Bucket()

        public init() {}

        mutating func add(start: Int64?, findings: [Severity: Int]) {
            let bucket = Bucket(conversations: 1, findings: findings)
            guard let start else {
                undated.merge(bucket)
                return
            }
            buckets[Self.convert(start.floorDivided(by: 3_600_000), from: .hour, to: granularity), default: Bucket()].merge(bucket)
            while buckets.count > Self.bucketLimit, granularity < .year {
                coarsen()
            }
        }

        /// The buckets, oldest first, with the empty ones between the first and the last filled
        /// in: by hour when the conversations started within `hours` hours (an export of one
        /// day), else by day, month or year, whichever first needs no more than `limit` buckets.
        public func series(atMost limit: Int = 62, hours: Int = 24) -> (granularity: Granularity, buckets: [(label: String, bucket: Bucket)]) {
            var timeline = self
            while timeline.granularity < .year {
                let most = timeline.granularity == .hour ? hours : limit
                guard timeline.buckets.count > most || timeline.span > most else { break }
                timeline.coarsen()
            }
            let keys = timeline.buckets.keys.sorted()
            guard let first = keys.first, let last = keys.last else { return (timeline.granularity, []) }
            let filled: [Int64] = last - first < Int64(limit) ? Array(first...last) : keys
            var series = filled.map { (Self.label(of: $0, at: timeline.granularity), timeline.buckets[$0] ?? Bucket()) }
            // Years of hostile data may still be too many: the earliest are merged into one.
            if series.count > limit {
                let merged = series.prefix(series.count - limit + 1)
                var bucket = Bucket()
                for element in merged { bucket.merge(element.1) }
                series = [("≤ " + (merged.last?.0 ?? ""), bucket)] + series.suffix(limit - 1)
            }
            return (timeline.granularity, series.map { (label: $0.0, bucket: $0.1) })
        }

        private var span: Int64 {
            guard let first = buckets.keys.min(), let last = buckets.keys.max() else { return 0 }
            return last - first + 1
        }

        private mutating func coarsen() {
            guard let coarser = Granularity(rawValue: granularity.rawValue + 1) else { return }
            var merged: [Int64: Bucket] = [:]
            for (key, bucket) in buckets {
                merged[Self.convert(key, from: granularity, to: coarser), default: Bucket()].merge(bucket)
            }
            buckets = merged
            granularity = coarser
        }

        private static func convert(_ key: Int64, from: Granularity, to: Granularity) -> Int64 {
            var key = key, level = from
            while level < to, let coarser = Granularity(rawValue: level.rawValue + 1) {
                switch level {
                case .hour:
                    key = key.floorDivided(by: 24)
                case .day:
                    // "yyyy-MM-dd…" (a year past 9999 has more digits).
                    let parts = Timestamp.format(milliseconds: key * 86_400_000).split(separator: "-")
                    key = (Int64(parts[0]) ?? 0) * 12 + (Int64(parts[1]) ?? 1) - 1
                case .month:
                    key = key.floorDivided(by: 12)
                case .year:
                    break
                }
                level = coarser
            }
            return key
        }

        static func label(of key: Int64, at granularity: Granularity) -> String {
            switch granularity {
            case .hour:
                Timestamp.format(milliseconds: key * 3_600_000).split(separator: ":")[0].split(separator: "T").joined(separator: " ") + ":00"
            case .day:
                String(Timestamp.format(milliseconds: key * 86_400_000).prefix { $0 != "T" })
            case .month:
                "\(pad(key.floorDivided(by: 12), 4))-\(pad(key - key.floorDivided(by: 12) * 12 + 1, 2))"
            case .year:
                pad(key, 4)
            }
        }

        private static func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
    }

    // MARK: - Worst conversations

    /// A conversation with findings, as the worst-conversations table shows it.
    public struct ConversationEntry: Sendable, Equatable {
        public var conversationId: String?
        public var file: String
        public var line: Int
        public var findingsBySeverity: [Severity: Int]
        /// Rules of its findings, each once, in the order found.
        public var rules: [String]
        /// Position among the conversations of the run (1 for the first).
        public var sequence: Int

        public var totalFindings: Int { findingsBySeverity.values.reduce(0, +) }

        public var score: Int {
            findingsBySeverity.reduce(0) { $0 + AuditAggregate.weight(of: $1.key) * $1.value }
        }
    }
}

extension AuditAggregate.Tally where Value == Int {
    /// Labels by count, largest first.
    public var byCount: [(label: AuditAggregate.Label, count: Int)] {
        labels(by: >).map { ($0, values[$0] ?? 0) }
    }
}

private extension AuditAggregate.Label {
    var rank: Int {
        switch self {
        case .value: 0
        case .none: 1
        case .other: 2
        }
    }
}

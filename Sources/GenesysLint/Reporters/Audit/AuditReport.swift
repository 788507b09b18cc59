/// The content of an audit report in reading order, as plain text and numbers: what both the
/// Markdown and the HTML report lay out, so that they say the same. Values from the data are
/// kept as they are (control characters made visible); each renderer escapes them for its format.
public struct AuditReport: Sendable {
    public struct Fact: Sendable, Equatable {
        public let label: String
        public let value: String
    }

    /// A headline number.
    public struct Figure: Sendable, Equatable {
        public let label: String
        public let value: String
        public let detail: String
    }

    public struct FileRow: Sendable, Equatable {
        public let file: String
        public let conversations: Int
        public let unreadableRecords: Int
        public let findings: [Severity: Int]
        public let readError: String?
    }

    public struct RuleRow: Sendable {
        public let id: String
        public let name: String
        public let severity: Severity
        public let confidence: String
        public let category: String
        public let findings: Int
        public let affected: Int
        public let rate: String
        /// The threshold in force and whether the run crossed it.
        public let threshold: String?
        public let crossed: Bool?
        public let documentation: Rule.Documentation?
        /// The rule's first finding, as `file:line:column` and message.
        public let exampleLocation: String?
        public let exampleMessage: String?

        /// "confidence: documented · category: timing · 2 findings in 2 conversations (0.5%)".
        public var detailLine: String {
            "confidence: \(confidence) · category: \(category) · \(AuditReport.count(findings, "finding")) in \(AuditReport.count(affected, "conversation")) (\(rate))"
        }
    }

    public struct Matrix: Sendable, Equatable {
        /// "all media", or the media type.
        public let title: String
        public let rows: [String]
        public let columns: [String]
        /// `cells[row][column]`.
        public let cells: [[AuditAggregate.OutcomeMatrix.Cell]]
        public let visits: Int
        public let contradictory: Int

        public var contradictoryCells: [(row: String, column: String, cell: AuditAggregate.OutcomeMatrix.Cell)] {
            rows.indices.flatMap { row in
                columns.indices.compactMap { column in
                    cells[row][column].contradictory > 0 ? (rows[row], columns[column], cells[row][column]) : nil
                }
            }
        }
    }

    public struct TimeSeries: Sendable {
        public let granularity: AuditAggregate.Timeline.Granularity
        public let buckets: [(label: String, bucket: AuditAggregate.Timeline.Bucket)]
        /// Conversations without a readable start.
        public let undated: AuditAggregate.Timeline.Bucket
        /// Findings of no checked conversation: unreadable records, checks of a file as a whole.
        public let outside: Int

        /// "hour", "day", "month" or "year".
        public var unit: String { granularity.noun }

        /// The horizontal axis: "Day the conversation started (UTC)"; hours name their dates.
        public var axisTitle: String {
            let unit = granularity.noun.prefix(1).uppercased() + granularity.noun.dropFirst()
            guard granularity == .hour, let first = buckets.first?.label.prefix(10), let last = buckets.last?.label.prefix(10) else {
                return "\(unit) the conversation started (UTC)"
            }
            return "\(unit) the conversation started (UTC), \(first == last ? String(first) : "\(first) to \(last)")"
        }
    }

    /// A rule's rate run by run, from a run history.
    public struct TrendRow: Sendable {
        public let id: String
        public let name: String
        public let severity: Severity
        /// Per run shown, oldest first; the last is this run. Nil where a run checked nothing.
        public let rates: [Double?]
        /// This run's rate, as people read it.
        public let thisRun: String
        /// The median rate before this run: the one drift compared with, else that of the runs shown.
        public let median: String
        public let medianValue: Double?
        public let verdict: DriftVerdict?
        /// Whether the rule has findings in this run (and so a section of its own below).
        public let foundNow: Bool
    }

    /// The "Over time" section: each rule's rate in the comparable runs of a history and in
    /// this run, with the drift verdicts.
    public struct OverTime: Sendable {
        public let file: String
        /// Comparable runs before this one, and how many of the last of them are shown.
        public let comparableRuns: Int
        public let shownRuns: Int
        /// When each run shown started, oldest first; the last is this run.
        public let runDates: [String]
        public let rows: [TrendRow]
        /// What the comparison came to ("…: 14 comparable runs before this one; no rule drifted").
        public let headline: String

        public var introduction: String {
            guard shownRuns > 0 else {
                return "This is the first run recorded in \(file) with these rules: there is nothing to compare it with yet. Later runs will chart each rule's rate here."
            }
            let which = shownRuns == comparableRuns ? "the \(AuditReport.count(shownRuns, "comparable run"))" : "the last \(AuditReport.number(shownRuns)) of the \(AuditReport.number(comparableRuns)) comparable runs"
            return "Each rule's rate (conversations affected ÷ conversations checked) in \(which) of \(file) (runs made with the same rules and settings), oldest first, and in this run, last and marked ◆."
        }
    }

    public struct QueueRow: Sendable, Equatable {
        public let queue: String
        public let mediaTypes: String
        public let visits: Int
        public let abandoned: Int
        public let contradictory: Int
        public let rules: [String]
    }

    public let title = "Data-quality audit"
    public let tool: String
    public let asOf: String
    public let failed: Bool
    public let verdict: String
    public let figures: [Figure]
    public let checked: [Fact]
    public let files: [FileRow]
    /// Files checked but not listed (the list is cut after `fileLimit`).
    public let unlistedFiles: Int
    public let severities: [(severity: Severity, count: Int)]
    /// Rules with findings: most severe, then most findings, first.
    public let rules: [RuleRow]
    /// Rules in force that found nothing.
    public let quietRules: Int
    public let matrix: Matrix
    public let mediaMatrices: [Matrix]
    public let timeline: TimeSeries
    public let worst: [AuditAggregate.ConversationEntry]
    public let affectedConversations: Int
    public let queues: [QueueRow]
    public let queuesWithVisits: Int
    /// Trends from a run history, nil without one.
    public let overTime: OverTime?

    public static let fileLimit = 20
    public static let queueLimit = 10

    public init(_ aggregate: AuditAggregate, summary: Summary) {
        let context = aggregate.context
        tool = "genesys-lint \(GenesysLintVersion.current)"
        asOf = Self.dateTime(context.asOf)
        failed = summary.failed

        let severityByRule = aggregate.severityByRule.merging(context.rules.map { ($0.rule.id, $0.severity) }) { found, _ in found }
        let failing = summary.findingsByRule.filter { id, _ in
            context.failOn.isFailure(severityByRule[id] ?? .info) && summary.thresholdVerdicts[id].map(\.crossed) != false
        }.values.reduce(0, +)
        let withinThresholds = summary.findingsByRule.filter { id, _ in
            context.failOn.isFailure(severityByRule[id] ?? .info) && summary.thresholdVerdicts[id]?.crossed == false
        }.values.reduce(0, +)
        var verdict = if summary.findingsFail {
            failing > 0 ? "\(Self.count(failing, "finding")) at or above the fail level (\(context.failOn.rawValue))." : "A rule's findings crossed its threshold."
        } else if context.failOn == .never {
            "The fail level is never: findings do not fail the run."
        } else {
            "No finding at or above the fail level (\(context.failOn.rawValue))."
        }
        if withinThresholds > 0 {
            verdict += " \(Self.count(withinThresholds, "finding")) at that level \(withinThresholds == 1 ? "is" : "are") within \(withinThresholds == 1 ? "its rule's threshold" : "their rules' thresholds")."
        }
        let drifted = summary.driftedRules.map(\.ruleId)
        if !drifted.isEmpty {
            verdict += " \(drifted.count == 1 ? "A rule" : "\(drifted.count) rules") drifted from the history (\(drifted.joined(separator: ", ")))\(context.failOn == .never ? "" : ", which fails the run")."
        }
        self.verdict = verdict

        let bySeverity = Severity.allCases.reversed().map { (severity: $0, count: summary.findingsBySeverity[$0, default: 0]) }
        severities = bySeverity
        affectedConversations = aggregate.affectedConversations
        figures = [
            Figure(label: "Conversations checked", value: Self.number(summary.conversations),
                   detail: "in \(Self.count(summary.files, "file"))"),
            Figure(label: "Findings", value: Self.number(summary.totalFindings),
                   detail: Self.severityCounts(summary.findingsBySeverity)),
            Figure(label: "Conversations with findings", value: Self.number(aggregate.affectedConversations),
                   detail: aggregate.conversations > 0 ? "\(Summary.percent(Double(aggregate.affectedConversations) / Double(aggregate.conversations))) of those checked" : "none checked"),
            Figure(label: "Contradictory queue visits", value: Self.number(aggregate.matrix.contradictory),
                   detail: "of \(Self.count(aggregate.matrix.visits, "queue visit"))"),
            Figure(label: "Unreadable records", value: Self.number(summary.unreadableRecords),
                   detail: summary.unreadableRecords == 0 ? "every record was read" : "not checked further"),
        ]

        var checked: [Fact] = [
            Fact(label: "Files", value: Self.number(summary.files)),
            Fact(label: "Conversations", value: Self.number(summary.conversations)),
            Fact(label: "Unreadable records", value: Self.number(summary.unreadableRecords)),
        ]
        if let first = aggregate.earliestStart, let last = aggregate.latestEnd {
            checked.append(Fact(label: "Conversations dated", value: "\(Self.dateTime(first)) to \(Self.dateTime(last))"))
        } else {
            checked.append(Fact(label: "Conversations dated", value: "no readable dates"))
        }
        checked.append(Fact(label: "Media types", value: Self.mix(aggregate.mediaTypes, of: aggregate.conversations, none: "no media type")))
        checked.append(Fact(label: "Directions", value: Self.mix(aggregate.directions, of: aggregate.conversations, none: "not recorded")))
        var categories: [(String, Int)] = []
        for active in context.rules {
            if let index = categories.firstIndex(where: { $0.0 == active.rule.category }) {
                categories[index].1 += 1
            } else {
                categories.append((active.rule.category, 1))
            }
        }
        checked.append(Fact(label: "Rules in force", value: "\(context.rules.count)" + (categories.isEmpty ? "" : " (" + categories.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")")))
        checked.append(Fact(label: "Fail level", value: context.failOn == .never ? "never (the run never fails on findings)" : "\(context.failOn.rawValue) (findings at or above it fail the run)"))
        let thresholds = context.thresholds.sorted { $0.key < $1.key }.map { id, threshold -> String in
            guard let verdict = summary.thresholdVerdicts[id] else { return "\(id) \(threshold.text)" }
            let rate = summary.conversations > 0 ? ", \(Summary.percent(Double(verdict.affected) / Double(summary.conversations)))" : ""
            return "\(id) \(threshold.text): \(verdict.crossed ? "crossed" : "not crossed") (\(Self.count(verdict.affected, "conversation"))\(rate))"
        }
        checked.append(Fact(label: "Thresholds", value: thresholds.isEmpty ? "none" : thresholds.joined(separator: "; ")))
        checked.append(Fact(label: "Personal data in messages", value: context.redacted ? "masked" : "shown unmasked (--no-redact)"))
        checked.append(Fact(label: "Data age judged as of", value: Self.dateTime(context.asOf)))
        checked.append(Fact(label: "Baseline", value: context.baselinePath.map { "\(TextReporter.printable($0)): \(Self.count(summary.suppressedByBaseline, "finding")) left out" } ?? "none"))
        if let headline = summary.historyHeadline {
            checked.append(Fact(label: "History", value: TextReporter.printable(headline)))
        }
        checked.append(Fact(label: "Verdict", value: summary.failed ? "failed" : "passed"))
        self.checked = checked

        files = summary.fileTotals.prefix(Self.fileLimit).map {
            FileRow(file: TextReporter.printable($0.file), conversations: $0.conversations, unreadableRecords: $0.unreadableRecords,
                    findings: $0.findingsBySeverity, readError: $0.readError.map(TextReporter.printable))
        }
        unlistedFiles = max(0, summary.fileTotals.count - Self.fileLimit)

        rules = summary.findingsByRule.map { id, count -> RuleRow in
            let active = context.rule(id)
            let example = aggregate.firstFindings[id]
            let verdict = summary.thresholdVerdicts[id]
            return RuleRow(
                id: id, name: active?.rule.name ?? "", severity: severityByRule[id] ?? .info,
                confidence: active?.rule.confidence.rawValue ?? "", category: active?.rule.category ?? "",
                findings: count, affected: summary.affectedByRule[id, default: 0], rate: summary.rateText(of: id),
                threshold: (verdict?.threshold ?? context.thresholds[id])?.text, crossed: verdict?.crossed,
                documentation: active?.rule.documentation,
                exampleLocation: example.map { "\(TextReporter.printable($0.file)):\($0.line):\($0.column)" },
                exampleMessage: example.map { TextReporter.printable($0.message) }
            )
        }.sorted { ($1.severity, $1.findings, $0.id) < ($0.severity, $0.findings, $1.id) }
        quietRules = context.rules.filter { summary.findingsByRule[$0.rule.id] == nil }.count

        matrix = Self.matrix(aggregate.matrix, title: "all media")
        mediaMatrices = aggregate.matrixByMedia.labels { $0.visits > $1.visits }.compactMap { label in
            // The outcomes that occur at all, the same in every small multiple.
            aggregate.matrixByMedia[label].map { Self.matrix($0, title: label.text(none: "no media type"), columns: aggregate.matrix.occupiedColumns) }
        }

        let series = aggregate.timeline.series()
        timeline = TimeSeries(
            granularity: series.granularity, buckets: series.buckets, undated: aggregate.timeline.undated,
            outside: max(0, summary.totalFindings - aggregate.findingsInConversations)
        )
        worst = aggregate.worst.map { entry in
            var entry = entry
            entry.file = TextReporter.printable(entry.file)
            entry.conversationId = entry.conversationId.map(TextReporter.printable)
            return entry
        }
        let queueLabels = aggregate.queues.labels { ($0.contradictory, $0.visits) > ($1.contradictory, $1.visits) }
        queuesWithVisits = aggregate.queues.values.count
        queues = queueLabels.prefix(Self.queueLimit).compactMap { label in
            guard let tally = aggregate.queues[label], tally.contradictory > 0 else { return nil }
            return QueueRow(queue: TextReporter.printable(label.text(none: "no queue id")), mediaTypes: tally.mediaTypes.sorted().map(TextReporter.printable).joined(separator: ", "),
                            visits: tally.visits, abandoned: tally.abandoned, contradictory: tally.contradictory, rules: tally.rules.sorted())
        }
        overTime = Self.overTime(summary, context: context, severityByRule: severityByRule)
    }

    /// The rules with findings in any run shown, drifted ones first.
    private static func overTime(_ summary: Summary, context: ReportContext, severityByRule: [String: Severity]) -> OverTime? {
        guard let trends = summary.trends, let headline = summary.historyHeadline else { return nil }
        let past = trends.points.filter { !$0.isThisRun }
        let rows = trends.rulesWithFindings.map { id -> TrendRow in
            let verdict = summary.driftVerdicts[id]
            let median = verdict?.median ?? DriftTest.median(of: past.compactMap { $0.rate(of: id) })
            return TrendRow(
                id: id, name: context.rule(id)?.rule.name ?? "", severity: severityByRule[id] ?? .info,
                rates: trends.points.map { $0.rate(of: id) }, thisRun: summary.rateText(of: id),
                median: median.map(Summary.percent) ?? "n/a", medianValue: median, verdict: verdict, foundNow: summary.findingsByRule[id] != nil
            )
        }.sorted { ($0.verdict?.drifted == true ? 0 : 1, $0.id) < ($1.verdict?.drifted == true ? 0 : 1, $1.id) }
        return OverTime(
            file: TextReporter.printable(trends.file), comparableRuns: trends.comparableRuns, shownRuns: past.count,
            runDates: trends.points.map { dateTime($0.startedAt) }, rows: rows, headline: TextReporter.printable(headline)
        )
    }

    private static func matrix(_ matrix: AuditAggregate.OutcomeMatrix, title: String, columns: [String]? = nil) -> Matrix {
        let rows = matrix.rowLabels
        let columns = columns ?? matrix.columns
        return Matrix(
            title: TextReporter.printable(title),
            rows: rows.map { TextReporter.printable($0.text(none: "no disconnect type")) },
            columns: columns.map(outcomeName),
            cells: rows.map { row in columns.map { matrix.cell(row, $0) } },
            visits: matrix.visits, contradictory: matrix.contradictory
        )
    }

    // MARK: Wording shared by the renderers

    public static let outcomeIntroduction = """
    Every queue visit (an ACD session), counted by the disconnect type that ended it and by its \
    outcome. A visit is contradictory when an outcome or disconnect rule reported a warning or \
    an error inside it: its outcome and the way it ended cannot both be right.
    """

    /// What the timeline leaves out.
    public var timelineNotes: [String] {
        var notes: [String] = []
        let undated = timeline.undated
        if undated.conversations > 0 {
            notes.append("\(Self.count(undated.conversations, "conversation")) without a readable start (\(Self.count(undated.totalFindings, "finding"))) \(undated.conversations == 1 ? "is" : "are") not shown.")
        }
        if timeline.outside > 0 {
            notes.append("\(Self.count(timeline.outside, "finding")) of unreadable records or of whole files \(timeline.outside == 1 ? "is" : "are") tied to no conversation and not shown.")
        }
        return notes
    }

    /// What the rules that found nothing add up to, nil when every rule found something.
    public var quietRulesNote: String? {
        switch quietRules {
        case 0: nil
        case 1: "The other rule in force found nothing."
        default: "The other \(Self.number(quietRules)) rules in force found nothing."
        }
    }

    public var worstIntroduction: String {
        let shown = worst.count < affectedConversations
            ? "The \(worst.count) worst of the \(Self.number(affectedConversations)) conversations with findings"
            : "Every conversation with findings"
        return "\(shown), ranked by findings weighted by severity (error ×\(AuditAggregate.weight(of: .error)), warning ×\(AuditAggregate.weight(of: .warning)), info ×\(AuditAggregate.weight(of: .info))); ties in input order."
    }

    /// The outcome as a column heading.
    public static func outcomeName(_ outcome: String) -> String {
        switch outcome {
        case "answered": "answered"
        case "abandoned": "abandoned"
        case "shortAbandon": "short abandon"
        case "flowedOut": "flowed out"
        case "none": "no outcome"
        default: TextReporter.printable(outcome)
        }
    }

    /// "voice 15 (79%), message 3 (16%)".
    static func mix(_ tally: AuditAggregate.Tally<Int>, of total: Int, none: String) -> String {
        let parts = tally.byCount.map { label, count in
            "\(TextReporter.printable(label.text(none: none))) \(number(count))" + (total > 0 ? " (\(Summary.percent(Double(count) / Double(total))))" : "")
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// "2026-03-03 14:14 UTC".
    public static func dateTime(_ milliseconds: Int64) -> String {
        let text = Timestamp.format(milliseconds: milliseconds)
        guard let t = text.firstIndex(of: "T") else { return text }
        return "\(text[..<t]) \(text[text.index(after: t)...].prefix(5)) UTC"
    }

    /// "12,345".
    public static func number(_ value: Int) -> String {
        groupedNumber(value)
    }

    static func count(_ value: Int, _ noun: String) -> String {
        "\(number(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// "2 errors, 1 warning" (only the severities present; "none" without any).
    public static func severityCounts(_ counts: [Severity: Int]) -> String {
        let parts = Severity.allCases.reversed().compactMap { severity -> String? in
            let found = counts[severity, default: 0]
            return found > 0 ? (severity == .info ? "\(number(found)) info" : count(found, severity.rawValue)) : nil
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

extension AuditAggregate.Label {
    /// The label's text, with `none` for a value not recorded.
    func text(none: String) -> String {
        self == .none ? "(\(none))" : text
    }
}

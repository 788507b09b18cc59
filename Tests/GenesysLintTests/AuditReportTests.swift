import Foundation
import Testing
@testable import GenesysLint

/// A run's context with these built-in rules in force (one per category the matrix cares about,
/// and some it does not).
private func auditContext(_ ids: [String] = ["GDQ001", "GDQ103", "GDQ201", "GDQ202", "GDQ301", "GDQ401"]) -> ReportContext {
    let rules = ids.compactMap { id in TestSupport.catalog.rule(withId: id).map { Linter.ActiveRule(rule: $0, severity: $0.severity) } }
    return ReportContext(rules: rules, asOf: 1_772_755_200_000)
}

private func time(_ text: String) -> Int64 {
    Timestamp.milliseconds(from: text)!
}

/// A queue visit at participant `participant`'s first session.
private func visit(_ participant: Int, media: String? = "voice", queue: String? = "q-1", disconnect: String?, outcome: String) -> ConversationProfile.QueueVisit {
    .init(mediaType: media, queueId: queue, disconnectType: disconnect, outcome: outcome, pointer: "/participants/\(participant)/sessions/0")
}

private func mark(_ rule: String, _ severity: Severity, _ pointer: String) -> ConversationProfile.Mark {
    .init(ruleId: rule, severity: severity, pointer: pointer)
}

private func profile(_ id: String, line: Int = 1, start: String? = "2026-03-03T10:00:00Z", end: String? = nil, media: [String] = ["voice"],
                     visits: [ConversationProfile.QueueVisit] = [], findings: [ConversationProfile.Mark] = []) -> ConversationProfile {
    var profile = ConversationProfile(file: "day.ndjson", conversationId: id, line: line, pointer: "")
    profile.start = start.map(time)
    profile.end = end.map(time)
    profile.mediaTypes = media
    profile.originatingDirection = "inbound"
    profile.visits = visits
    profile.findings = findings
    return profile
}

private func collect(_ profiles: [ConversationProfile], context: ReportContext = auditContext()) -> AuditAggregate {
    var aggregate = AuditAggregate(context: context)
    for profile in profiles { aggregate.add(profile) }
    return aggregate
}

@Suite("Audit reports")
struct AuditReportTests {
    // MARK: Golden files

    @Test("markdown: the shared fixture run, as the golden file")
    func markdownGolden() throws {
        try expectGolden(ReporterFixture.render(AuditReporter(.markdown)), "audit-report.md")
    }

    @Test("html: the shared fixture run, as the golden file; no script, self-contained")
    func htmlGolden() throws {
        let html = ReporterFixture.render(AuditReporter(.html))
        try expectGolden(html, "audit-report.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("@media print"))
        for forbidden in ["<script", "javascript:", " onload=", " onclick=", "<link", "<img", "src=", "@import", "url(http"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden) in the HTML report")
        }
        // Every chart is labelled for assistive technology.
        let charts = html.components(separatedBy: "<svg id=\"chart-").count - 1
        #expect(charts >= 3)
        #expect(html.components(separatedBy: "role=\"img\"").count - 1 == charts)
        #expect(html.components(separatedBy: "<desc id=").count - 1 == charts)
    }

    // MARK: Aggregation

    @Test("the outcome matrix counts visits by disconnect type and outcome; outcome and disconnect findings of warning or above flag them")
    func matrix() {
        let profiles = [
            // Flagged: an outcome rule's warning inside the visit.
            profile("a", visits: [visit(2, disconnect: "client", outcome: "abandoned")],
                    findings: [mark("GDQ201", .warning, "/participants/2/sessions/0/segments/1/disconnectType")]),
            // Not flagged: the disconnect finding is on another session, the vocabulary error is
            // not about outcomes.
            profile("b", visits: [visit(2, disconnect: "client", outcome: "abandoned")],
                    findings: [mark("GDQ301", .error, "/participants/0/sessions/0/segments/1/disconnectType"),
                               mark("GDQ103", .error, "/participants/2/sessions/0/mediaType")]),
            // Not flagged: an info of an outcome rule (severity changed by the configuration).
            profile("c", media: ["message"], visits: [visit(1, media: "message", disconnect: "peer", outcome: "abandoned")],
                    findings: [mark("GDQ202", .info, "/participants/1/sessions/0/metrics/0")]),
            // Two visits; the second one (participant 3) is flagged by a disconnect rule; a
            // pointer that merely starts with the same digits (/participants/30) is not inside.
            profile("d", visits: [visit(2, disconnect: "transfer", outcome: "answered"), visit(3, disconnect: "transfer", outcome: "answered")],
                    findings: [mark("GDQ301", .error, "/participants/3/sessions/0/segments/0/disconnectType"),
                               mark("GDQ201", .error, "/participants/30/sessions/0")]),
            profile("e", visits: [visit(1, disconnect: nil, outcome: "none")]),
        ]
        let matrix = collect(profiles).matrix
        #expect(matrix.visits == 6)
        #expect(matrix.contradictory == 2)
        #expect(matrix.cell(.value("client"), "abandoned") == .init(visits: 2, contradictory: 1, rules: ["GDQ201"]))
        #expect(matrix.cell(.value("peer"), "abandoned") == .init(visits: 1))
        #expect(matrix.cell(.value("transfer"), "answered") == .init(visits: 2, contradictory: 1, rules: ["GDQ301"]))
        #expect(matrix.cell(.none, "none") == .init(visits: 1))
        #expect(matrix.cell(.value("client"), "answered") == .init())
        // Rows by visits, most first (ties by name), none recorded last.
        #expect(matrix.rowLabels == [.value("client"), .value("transfer"), .value("peer"), .none])
        #expect(matrix.columns == OutcomeMatrixColumns.all)
        #expect(matrix.occupiedColumns == ["answered", "abandoned", "none"])

        let byMedia = collect(profiles).matrixByMedia
        #expect(byMedia[.value("voice")]?.visits == 5)
        #expect(byMedia[.value("voice")]?.contradictory == 2)
        #expect(byMedia[.value("message")]?.cell(.value("peer"), "abandoned") == .init(visits: 1))

        let report = AuditReport(collect(profiles), summary: Summary())
        #expect(report.matrix.rows == ["client", "transfer", "peer", "(no disconnect type)"])
        #expect(report.matrix.columns == ["answered", "abandoned", "short abandon", "flowed out", "no outcome"])
        #expect(report.matrix.contradictoryCells.map { "\($0.row) × \($0.column)" } == ["client × abandoned", "transfer × answered"])
        // Small multiples share the outcomes that occur at all.
        #expect(report.mediaMatrices.map(\.title) == ["voice", "message"])
        #expect(report.mediaMatrices.allSatisfy { $0.columns == ["answered", "abandoned", "no outcome"] })
    }

    @Test("queues: visits, abandons and contradictory visits per queue")
    func queues() {
        let profiles = [
            profile("a", visits: [visit(2, queue: "q-<1>", disconnect: "client", outcome: "abandoned")],
                    findings: [mark("GDQ201", .warning, "/participants/2/sessions/0/segments/1/disconnectType")]),
            profile("b", visits: [visit(2, queue: "q-<1>", disconnect: "peer", outcome: "shortAbandon"), visit(4, queue: "q-2", disconnect: "transfer", outcome: "answered")]),
        ]
        let report = AuditReport(collect(profiles), summary: Summary())
        #expect(report.queuesWithVisits == 2)
        #expect(report.queues == [.init(queue: "q-<1>", mediaTypes: "voice", visits: 2, abandoned: 2, contradictory: 1, rules: ["GDQ201"])])
    }

    @Test("date range: earliest start to latest end; a start stands in for a missing end")
    func dateRange() {
        let aggregate = collect([
            profile("a", start: "2026-03-03T10:00:00Z", end: "2026-03-03T10:05:00Z"),
            profile("b", start: "2026-03-02T23:59:00Z", end: "2026-03-03T00:10:00Z"),
            profile("c", start: "2026-03-04T08:00:00Z", end: nil),
            profile("d", start: nil, end: nil),
        ])
        #expect(aggregate.earliestStart == time("2026-03-02T23:59:00Z"))
        #expect(aggregate.latestEnd == time("2026-03-04T08:00:00Z"))
        let report = AuditReport(aggregate, summary: Summary())
        #expect(report.checked.first { $0.label == "Conversations dated" }?.value == "2026-03-02 23:59 UTC to 2026-03-04 08:00 UTC")
        #expect(AuditReport(collect([profile("a", start: nil)]), summary: Summary()).checked.first { $0.label == "Conversations dated" }?.value == "no readable dates")
    }

    @Test("findings over time: by hour within a day, by day over a longer span, by month beyond two months; undated apart")
    func timeBuckets() {
        let hourly = collect([
            profile("a", start: "2026-03-03T10:15:00Z", findings: [mark("GDQ401", .error, "/x"), mark("GDQ201", .warning, "/y")]),
            profile("b", start: "2026-03-03T10:59:59Z", findings: [mark("GDQ401", .error, "/x")]),
            profile("c", start: "2026-03-03T13:00:00Z"),
            profile("d", start: nil, findings: [mark("GDQ103", .info, "/z")]),
        ]).timeline
        let hours = hourly.series()
        #expect(hours.granularity == .hour)
        #expect(hours.buckets.map(\.label) == ["2026-03-03 10:00", "2026-03-03 11:00", "2026-03-03 12:00", "2026-03-03 13:00"])
        #expect(hours.buckets[0].bucket == .init(conversations: 2, findings: [.error: 2, .warning: 1]))
        #expect(hours.buckets[1].bucket == .init())
        #expect(hours.buckets[3].bucket == .init(conversations: 1))
        #expect(hourly.undated == .init(conversations: 1, findings: [.info: 1]))
        let twoDays = collect([profile("a", start: "2026-03-03T10:00:00Z"), profile("b", start: "2026-03-04T10:00:00Z")]).timeline.series()
        #expect(twoDays.granularity == .day)
        #expect(twoDays.buckets.map(\.label) == ["2026-03-03", "2026-03-04"])

        let daily = collect([
            profile("a", start: "2026-03-01T23:59:59Z", findings: [mark("GDQ401", .error, "/x")]),
            profile("b", start: "2026-03-02T00:00:00Z"),
            profile("c", start: "2026-03-05T12:00:00Z", findings: [mark("GDQ201", .warning, "/y")]),
        ]).timeline.series()
        #expect(daily.granularity == .day)
        #expect(daily.buckets.map(\.label) == ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"])
        #expect(daily.buckets.map(\.bucket.totalFindings) == [1, 0, 0, 0, 1])
        #expect(daily.buckets.map(\.bucket.conversations) == [1, 1, 0, 0, 1])

        let monthly = collect([
            profile("a", start: "2025-12-15T10:00:00Z"),
            profile("b", start: "2026-03-03T10:00:00Z", findings: [mark("GDQ401", .error, "/x")]),
        ]).timeline.series()
        #expect(monthly.granularity == .month)
        #expect(monthly.buckets.map(\.label) == ["2025-12", "2026-01", "2026-02", "2026-03"])
    }

    @Test("the timeline keeps a bounded number of buckets however many days the data spans")
    func timelineIsBounded() {
        var timeline = AuditAggregate.Timeline()
        let day: Int64 = 86_400_000
        for index in 0..<5000 {
            timeline.add(start: time("2000-01-01T00:00:00Z") + Int64(index) * day, findings: [.error: 1])
        }
        #expect(timeline.buckets.count <= AuditAggregate.Timeline.bucketLimit)
        #expect(timeline.granularity == .month)
        #expect(timeline.buckets.values.reduce(0) { $0 + $1.conversations } == 5000)
        let series = timeline.series()
        #expect(series.buckets.count <= 62)
        #expect(series.buckets.reduce(0) { $0 + $1.bucket.totalFindings } == 5000)
    }

    @Test("the worst conversations: at most ten, by severity-weighted count, ties in order of appearance")
    func worstConversations() {
        var profiles: [ConversationProfile] = []
        for index in 1...25 {
            // Conversation 7 has two errors, conversation 20 an error and a warning; every third
            // conversation has one error, the rest a warning or nothing.
            let marks: [ConversationProfile.Mark] = switch index {
            case 7: [mark("GDQ401", .error, "/a"), mark("GDQ401", .error, "/b")]
            case 20: [mark("GDQ201", .warning, "/a"), mark("GDQ401", .error, "/b")]
            case _ where index % 3 == 0: [mark("GDQ401", .error, "/a")]
            case _ where index % 2 == 0: [mark("GDQ201", .warning, "/a")]
            default: []
            }
            profiles.append(profile("c\(index)", line: index, findings: marks))
        }
        let aggregate = collect(profiles)
        #expect(aggregate.worst.count == AuditAggregate.worstLimit)
        #expect(aggregate.worst.map(\.conversationId) == ["c7", "c20", "c3", "c6", "c9", "c12", "c15", "c18", "c21", "c24"])
        #expect(aggregate.worst[1].score == AuditAggregate.weight(of: .error) + AuditAggregate.weight(of: .warning))
        #expect(aggregate.worst[1].rules == ["GDQ201", "GDQ401"])
        // c7 and c20, the eight multiples of 3, and the seven other even numbers.
        #expect(aggregate.affectedConversations == 17)
        let report = AuditReport(aggregate, summary: Summary())
        #expect(report.worstIntroduction.hasPrefix("The 10 worst of the 17 conversations with findings"))
    }

    @Test("tallies keep a bounded number of values and count the rest together")
    func talliesAreBounded() {
        var tally = AuditAggregate.Tally<Int>(limit: 3)
        for value in ["a", "b", "a", "c", "d", "e", "a"] {
            tally.update(.value(value), default: 0) { $0 += 1 }
        }
        #expect(tally.values.count == 4)
        #expect(tally.byCount.map(\.label) == [.value("a"), .value("b"), .value("c"), .other])
        #expect(tally[.other] == 2)
        #expect(tally[.value("a")] == 3)
    }

    @Test("what was checked: media and direction mixes, rules by category, thresholds, masking, baseline, verdict")
    func checkedFacts() {
        var context = auditContext()
        context.thresholds = ["GDQ201": Threshold("> 5%")!]
        context.baselinePath = "baseline.json"
        context.redacted = false
        var summary = Summary()
        summary.conversations = 4
        summary.suppressedByBaseline = 3
        summary.thresholdVerdicts["GDQ201"] = ThresholdVerdict(threshold: Threshold("> 5%")!, affected: 1, crossed: true)
        summary.failed = true
        var aggregate = AuditAggregate(context: context)
        for profile in [profile("a", media: ["voice", "message"]), profile("b"), profile("c", media: ["email"]), profile("d", media: [])] {
            aggregate.add(profile)
        }
        let facts = Dictionary(uniqueKeysWithValues: AuditReport(aggregate, summary: summary).checked.map { ($0.label, $0.value) })
        #expect(facts["Media types"] == "voice 2 (50%), email 1 (25%), message 1 (25%), (no media type) 1 (25%)")
        #expect(facts["Directions"] == "inbound 4 (100%)")
        #expect(facts["Rules in force"] == "6 (reading 1, vocabulary 1, outcomes 2, disconnects 1, timing 1)")
        #expect(facts["Thresholds"] == "GDQ201 > 5%: crossed (1 conversation, 25%)")
        #expect(facts["Personal data in messages"] == "shown unmasked (--no-redact)")
        #expect(facts["Baseline"] == "baseline.json: 3 findings left out")
        #expect(facts["Data age judged as of"] == "2026-03-06 00:00 UTC")
        #expect(facts["Verdict"] == "failed")
    }

    @Test("the verdict says why: findings at the fail level, thresholds, or none")
    func verdict() {
        let context = auditContext()
        var summary = Summary()
        summary.conversations = 10
        summary.count(Finding(ruleId: "GDQ401", severity: .error, message: "", file: "f", line: 1, column: 1, pointer: "", conversationId: nil))
        summary.count(Finding(ruleId: "GDQ201", severity: .warning, message: "", file: "f", line: 1, column: 1, pointer: "", conversationId: nil))
        summary.failed = true
        #expect(AuditReport(AuditAggregate(context: context), summary: summary).verdict == "1 finding at or above the fail level (error).")
        summary.failed = false
        summary.thresholdVerdicts["GDQ401"] = ThresholdVerdict(threshold: Threshold(">= 2")!, affected: 1, crossed: false)
        #expect(AuditReport(AuditAggregate(context: context), summary: summary).verdict
                == "No finding at or above the fail level (error). 1 finding at that level is within its rule's threshold.")
    }

    // MARK: Escaping

    @Test("values from the data come out as text in HTML and Markdown: <script>, pipes, backticks, line breaks")
    func escaping() {
        let hostile = "<script>alert('x')</script> | `tick` & *star* [link](x)"
        var context = auditContext()
        context.baselinePath = "base<script>.json"
        var run = AuditAggregate(context: context)
        let finding = Finding(ruleId: "GDQ201", severity: .warning, message: "participant <script>alert(1)</script> | `x`\nsecond line",
                              file: "exports/<b>day</b>|`1`.ndjson", line: 3, column: 4, pointer: "/participants/2/sessions/0/segments/1/disconnectType",
                              conversationId: hostile)
        run.add(finding)
        var conversation = profile(hostile, media: [hostile], visits: [
            visit(2, media: hostile, queue: "queue<script>|\n", disconnect: "cl<i>ent</i>|\n`x`", outcome: "abandoned"),
        ], findings: [mark("GDQ201", .warning, finding.pointer)])
        conversation.file = finding.file
        conversation.originatingDirection = hostile
        run.add(conversation)
        var summary = Summary()
        summary.files = 1
        summary.conversations = 1
        summary.fileTotals = [FileTotals(file: finding.file)]
        summary.count(finding)
        let report = AuditReport(run, summary: summary)

        let html = AuditHTML.render(report)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<b>day</b>"))
        #expect(!html.contains("<i>ent</i>"))
        #expect(html.contains("participant &lt;script&gt;alert(1)&lt;/script&gt; | `x`\\nsecond line"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | `tick` &amp; *star*"))
        #expect(html.contains("exports/&lt;b&gt;day&lt;/b&gt;|`1`.ndjson:3"))
        #expect(html.contains("queue&lt;script&gt;|\\n"))
        #expect(html.contains("cl&lt;i&gt;ent&lt;/i&gt;|\\n`x`"))
        #expect(html.contains("base&lt;script&gt;.json"))

        let markdown = AuditMarkdown.render(report)
        #expect(!markdown.lowercased().contains("<script"))
        #expect(!markdown.contains("<b>"))
        #expect(markdown.contains("participant &lt;script&gt;alert(1)&lt;/script&gt; \\| \\`x\\`\\\\nsecond line"))
        #expect(markdown.contains("exports/&lt;b&gt;day&lt;/b&gt;\\|\\`1\\`.ndjson:3"))
        #expect(markdown.contains("cl&lt;i&gt;ent&lt;/i&gt;\\|\\\\n\\`x\\`"))
        #expect(markdown.contains("\\*star\\* \\[link\\](x)"))
        // Every row of every table has as many cells as its header: no value split a row.
        var tableWidth: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                tableWidth = nil
                continue
            }
            let cells = unescapedPipes(in: String(line))
            if let tableWidth {
                #expect(cells == tableWidth, "\(line)")
            } else {
                tableWidth = cells
            }
        }

        #expect(AuditEscaping.markdown("a|b`c\nd\r\ne<f>&_*") == "a\\|b\\`c<br>d<br>e&lt;f&gt;&amp;\\_\\*")
        #expect(AuditEscaping.html("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    @Test("SVG pieces: axis scales end on a round number, long labels are cut")
    func chartPieces() {
        #expect(SVGChart.Scale(maximum: 0).ticks == [0, 1])
        #expect(SVGChart.Scale(maximum: 4).ticks == [0, 1, 2, 3, 4])
        #expect(SVGChart.Scale(maximum: 14).ticks == [0, 5, 10, 15])
        #expect(SVGChart.Scale(maximum: 1234).ticks == [0, 500, 1000, 1500])
        #expect(SVGChart.fit("abandoned-client-disconnect", width: 60, fontSize: 10) == "abandoned…")
        #expect(SVGChart.fit("peer", width: 60, fontSize: 10) == "peer")
        #expect(SVGChart.f(12.345) == "12.3")
        #expect(SVGChart.f(12.0) == "12")
    }
}

/// The known outcomes, as matrix columns.
private enum OutcomeMatrixColumns {
    static let all = AuditAggregate.OutcomeMatrix.outcomes
}

/// Cell separators of a Markdown table row: pipes not escaped with a backslash.
private func unescapedPipes(in line: String) -> Int {
    var count = 0
    var escaped = false
    for character in line {
        if escaped {
            escaped = false
        } else if character == "\\" {
            escaped = true
        } else if character == "|" {
            count += 1
        }
    }
    return count
}

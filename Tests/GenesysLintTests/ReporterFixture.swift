import Foundation
@testable import GenesysLint

/// Collects a reporter's output in memory.
struct CollectedText: TextOutputStream {
    var text = ""
    mutating func write(_ string: String) { text += string }
}

/// One small run, fed to every reporter so that their golden files describe the same thing:
/// two inputs, three findings of three rules, a threshold, conversation profiles.
enum ReporterFixture {
    static let findings = [
        Finding(ruleId: "GDQ301", severity: .error, message: "'spam' disconnect on a voice session; spam filtering exists only for email",
                file: "exports/day1.ndjson", line: 2, column: 1216, pointer: "/participants/0/sessions/0/segments/1/disconnectType",
                conversationId: "9299f97b-5b1b-453c-ae13-81397b51401d"),
        Finding(ruleId: "GDQ201", severity: .warning, message: "queue visit counted as \"abandoned\"\tbut ended by a 'client' disconnect <script>alert(1)</script>",
                file: "exports/day1.ndjson", line: 6, column: 3674, pointer: "/participants/2/sessions/0/segments/1/disconnectType",
                conversationId: "bdbb14b8-e62f-4665-ac95-f97608ebceb1"),
        Finding(ruleId: "GDQ001", severity: .error, message: "invalid JSON: premature end of input", file: "<stdin>", line: 10, column: 3657,
                pointer: "", conversationId: nil),
    ]

    /// The rules in force: the three that fired and one that did not.
    static var context: ReportContext {
        let rules = ["GDQ001", "GDQ201", "GDQ301", "GDQ401"].compactMap { id in
            TestSupport.catalog.rule(withId: id).map { Linter.ActiveRule(rule: $0, severity: $0.severity) }
        }
        return ReportContext(
            rules: rules, failOn: .error, thresholds: ["GDQ201": threshold],
            redacted: true, baselinePath: nil, asOf: 1_772_582_400_000,
            openLineage: OpenLineageRun(OpenLineageSettings(runId: runId), outputs: ["load/clean.ndjson"])
        )
    }

    /// The run id of the OpenLineage event, and the moment it ends.
    static let runId = "3f1c9a52-8d47-4b6e-9e21-5a0b7c3d2e18"
    static let runEnd: Int64 = 1_772_586_000_123

    static let threshold = Threshold("> 5%")!

    static let profiles: [ConversationProfile] = {
        var spam = ConversationProfile(file: "exports/day1.ndjson", conversationId: "9299f97b-5b1b-453c-ae13-81397b51401d", line: 2, pointer: "")
        spam.start = 1_772_445_600_000
        spam.end = 1_772_445_900_000
        spam.mediaTypes = ["voice"]
        spam.originatingDirection = "inbound"
        spam.visits = [.init(mediaType: "voice", queueId: "q-support", disconnectType: "spam", outcome: "answered", pointer: "/participants/1/sessions/0")]
        spam.findings = [.init(ruleId: "GDQ301", severity: .error, pointer: findings[0].pointer)]
        var abandoned = ConversationProfile(file: "exports/day1.ndjson", conversationId: "bdbb14b8-e62f-4665-ac95-f97608ebceb1", line: 6, pointer: "")
        abandoned.start = 1_772_532_000_000
        abandoned.end = 1_772_532_060_000
        abandoned.mediaTypes = ["voice"]
        abandoned.originatingDirection = "inbound"
        abandoned.visits = [.init(mediaType: "voice", queueId: "q-support", disconnectType: "client", outcome: "abandoned", pointer: "/participants/2/sessions/0")]
        abandoned.findings = [.init(ruleId: "GDQ201", severity: .warning, pointer: findings[1].pointer)]
        var chat = ConversationProfile(file: "exports/day1.ndjson", conversationId: "0d0f3a5e-7e43-4b8e-9a51-3c1f8f0e6a10", line: 7, pointer: "")
        chat.start = 1_772_535_600_000
        chat.end = 1_772_536_200_000
        chat.mediaTypes = ["message"]
        chat.originatingDirection = "inbound"
        chat.visits = [.init(mediaType: "message", queueId: "q-chat", disconnectType: "peer", outcome: "answered", pointer: "/participants/1/sessions/0")]
        return [spam, abandoned, chat]
    }()

    static var summary: Summary {
        var summary = Summary()
        summary.files = 2
        summary.conversations = 49
        summary.unreadableRecords = 1
        summary.fileTotals = [FileTotals(file: "exports/day1.ndjson"), FileTotals(file: "<stdin>")]
        summary.fileTotals[0].conversations = 48
        summary.fileTotals[0].bytes = 181_234
        summary.fileTotals[1].conversations = 1
        summary.fileTotals[1].unreadableRecords = 1
        for finding in findings {
            summary.count(finding)
        }
        summary.thresholdVerdicts["GDQ201"] = ThresholdVerdict(threshold: threshold, affected: 1, crossed: false)
        summary.failed = true
        return summary
    }

    /// The report `reporter` writes for this run. Profiles follow their conversation's findings,
    /// as in a real run.
    static func render(_ reporter: some Reporter, context: ReportContext = context) -> String {
        var reporter = reporter
        var output = CollectedText()
        reporter.start(context, into: &output)
        reporter.add(findings[0], into: &output)
        if reporter.wantsProfiles { reporter.add(profiles[0], into: &output) }
        reporter.add(findings[1], into: &output)
        if reporter.wantsProfiles {
            reporter.add(profiles[1], into: &output)
            reporter.add(profiles[2], into: &output)
        }
        reporter.add(findings[2], into: &output)
        reporter.finish(summary, into: &output)
        return output.text
    }
}

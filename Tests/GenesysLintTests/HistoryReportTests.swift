import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

private func render(_ reporter: some Reporter) -> String {
    ReporterFixture.render(reporter, summary: ReporterFixture.historySummary)
}

/// Every report format, for the run of `ReporterFixture` compared with a run history: which
/// rule drifted, from what to what, and (audit reports) the "Over time" section.
@Suite("Reports of a run compared with its history")
struct HistoryReportTests {
    @Test("the fixture's verdicts: GDQ201 drifted, GDQ301 steady, GDQ001 not judged, GDQ401 steady at zero")
    func fixtureVerdicts() {
        let verdicts = ReporterFixture.historySummary.driftVerdicts
        #expect(verdicts["GDQ201"]?.outcome == .drifted)
        #expect(verdicts["GDQ301"]?.outcome == .steady)
        #expect(verdicts["GDQ001"]?.outcome == .tooFewConversations)
        #expect(verdicts["GDQ401"]?.outcome == .steady)
        #expect(ReporterFixture.historySummary.historyHeadline == "lint-history.sqlite: 6 comparable runs before this one; 1 rule drifted (GDQ201).")
    }

    @Test("text: a drift column and the rule that drifted, from what to what")
    func text() throws {
        let output = render(TextReporter(colored: false))
        try expectGolden(output, "text-report-history.txt")
        #expect(output.contains("drifted: GDQ201 abandoned-client-disconnect rose from a median of 0.1% over the last 6 comparable runs to 2.04%"))
    }

    @Test("json: each rule's drift verdict, and the history with the rules that drifted")
    func json() throws {
        let output = render(JSONReporter())
        try expectGolden(output, "json-report-history.json")
        let document = try JSONDocument.parse(output).get()
        document.withRoot { root in
            let history = root["summary"]?["history"]
            #expect(history?["comparableRuns"]?.integer == 6)
            #expect(history?["drifted"]?[0]?["ruleId"]?.string == "GDQ201")
            #expect(history?["drifted"]?[0]?["from"]?.number == 0.001)
            #expect(history?["drifted"]?[0]?["to"]?.number == 0.020408)
            #expect(root["summary"]?["rules"]?["GDQ301"]?["drift"]?["verdict"]?.string == "steady")
        }
    }

    @Test("sarif: the verdicts in the run's properties")
    func sarif() throws {
        try expectGolden(render(SARIFReporter()), "sarif-report-history.sarif")
    }

    @Test("junit: a failing case for the rule that drifted, a passing and a skipped one for the others")
    func junit() throws {
        let output = render(JUnitReporter())
        try expectGolden(output, "junit-report-history.xml")
        #expect(output.contains("<testcase name=\"GDQ201 abandoned-client-disconnect drift\" classname=\"genesys-lint\" time=\"0\"><failure message=\"GDQ201 rose from a median of 0.1%"))
        #expect(output.contains("<testcase name=\"GDQ001 malformed-json drift\" classname=\"genesys-lint\" time=\"0\"><skipped message=\"GDQ001 not judged"))
    }

    @Test("github: an annotation of the run for the rule that drifted, and why the run failed")
    func github() throws {
        let output = render(GitHubReporter())
        try expectGolden(output, "github-report-history.txt")
        #expect(output.contains("::error title=GDQ201 abandoned-client-disconnect drifted::GDQ201 rose from a median of 0.1%"))
        #expect(output.hasSuffix("Failed: findings at or above the fail level (error); GDQ201 drifted from the history.\n"))
    }

    @Test("markdown: the Over time section, with a sparkline per rule")
    func markdown() throws {
        let output = render(AuditReporter(.markdown))
        try expectGolden(output, "audit-report-history.md")
        #expect(output.contains("\n## Over time\n"))
        #expect(output.contains("| **History** | lint-history.sqlite: 6 comparable runs before this one; 1 rule drifted (GDQ201). |"))
    }

    @Test("html: the Over time section, with a chart per rule that marks this run; the same report otherwise")
    func html() throws {
        let output = render(AuditReporter(.html))
        try expectGolden(output, "audit-report-history.html")
        #expect(output.contains("<section id=\"over-time\">\n<h2>Over time</h2>"))
        #expect(output.contains("<li><a href=\"#over-time\">Over time</a></li>"))
        #expect(output.components(separatedBy: "class=\"this-run").count - 1 == 3)
        #expect(output.components(separatedBy: "class=\"this-run drifted\"").count - 1 == 1)
        #expect(!output.lowercased().contains("<script"))
        // Without a history, nothing of it.
        let plain = ReporterFixture.render(AuditReporter(.html))
        #expect(!plain.contains("over-time"))
    }
}

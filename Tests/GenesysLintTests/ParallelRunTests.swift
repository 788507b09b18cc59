import Testing
@testable import GenesysLint

/// With several jobs, batches are framed on a thread of their own, ahead of the checking.
@Suite struct ParallelRunTests {
    /// Enough records for many batches, so the framing thread has to wait for room.
    static let manyRecords: [UInt8] = {
        var text = ""
        for index in 0..<(LintRun.batchRecords * 9 + 17) {
            let id = String(index, radix: 16)
            let end = index % 7 == 0 ? "2026-03-02T09:00:00.000Z" : "2026-03-02T11:00:00.000Z"
            text += #"{"conversationId":"c-\#(id)","conversationStart":"2026-03-02T10:00:00.000Z","conversationEnd":"\#(end)","participants":[]}"# + "\n"
            if index % 500 == 3 { text += "{broken\n" }
        }
        return Array(text.utf8)
    }()

    static func run(jobs: Int) -> (findings: [Finding], summary: Summary) {
        var configuration = Configuration()
        configuration.asOf = Timestamp.milliseconds(from: "2026-03-04T00:00:00Z")
        let run = LintRun(linter: Linter(catalog: TestSupport.catalog, configuration: configuration), jobs: jobs)
        var findings: [Finding] = []
        let result = run.run(text: manyRecords, named: "many.ndjson") { findings.append($0) }
        return (findings, result.summary)
    }

    @Test func manyBatchesGiveTheSameFindingsInTheSameOrderWhateverTheJobs() {
        let one = Self.run(jobs: 1)
        let two = Self.run(jobs: 2)
        let three = Self.run(jobs: 3)
        #expect(one.summary.conversations == LintRun.batchRecords * 9 + 17)
        #expect(one.findings.contains { $0.ruleId == "GDQ402" })
        #expect(one.findings.contains { $0.ruleId == "GDQ001" })
        #expect(two.findings == one.findings)
        #expect(three.findings == one.findings)
        #expect(two.summary == one.summary)
    }
}

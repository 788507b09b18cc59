import Foundation
import Testing
@testable import GenesysLint

/// `count` past runs of `conversations` conversations with `affected` affected each.
private func runs(_ count: Int, affected: Int, of conversations: Int) -> [DriftTest.Observation] {
    Array(repeating: DriftTest.Observation(affected: affected, conversations: conversations), count: count)
}

private func isClose(_ actual: Double, _ expected: Double, relative: Double = 1e-9) -> Bool {
    abs(actual - expected) <= relative * max(abs(expected), 1e-300)
}

@Suite("Drift: the statistics behind drift alarms")
struct DriftTests {
    // MARK: The exact binomial tail, against values computed by hand

    @Test("P(X ≥ k) for small binomials, summed by hand")
    func upperTailByHand() {
        // n = 10, p = 0.1: 1 − (0.9^10 + 10·0.1·0.9^9 + 45·0.1²·0.9^8)
        //                = 1 − (0.3486784401 + 0.387420489 + 0.1937102445) = 0.0701908264
        #expect(isClose(DriftTest.upperTail(atLeast: 3, trials: 10, probability: 0.1), 0.0701908264))
        // n = 5, p = ½: P(X = 5) = 1/32, P(X ≥ 4) = (5 + 1)/32, P(X ≥ 1) = 31/32.
        #expect(isClose(DriftTest.upperTail(atLeast: 5, trials: 5, probability: 0.5), 1.0 / 32))
        #expect(isClose(DriftTest.upperTail(atLeast: 4, trials: 5, probability: 0.5), 6.0 / 32))
        #expect(isClose(DriftTest.upperTail(atLeast: 1, trials: 5, probability: 0.5), 31.0 / 32))
        // n = 1000, p = 0.001: 1 − 0.999^1000 = 1 − e^(1000·ln 0.999) = 0.632304575229…
        #expect(isClose(DriftTest.upperTail(atLeast: 1, trials: 1000, probability: 0.001), 0.6323045752290359))
    }

    @Test("the tail's edges: nothing needed, more than possible, a certain or an impossible event")
    func upperTailEdges() {
        #expect(DriftTest.upperTail(atLeast: 0, trials: 20, probability: 0.05) == 1)
        #expect(DriftTest.upperTail(atLeast: 21, trials: 20, probability: 0.05) == 0)
        #expect(DriftTest.upperTail(atLeast: 1, trials: 20, probability: 0) == 0)
        #expect(DriftTest.upperTail(atLeast: 20, trials: 20, probability: 1) == 1)
        // Far in the tail the sum underflows to zero rather than to nonsense.
        #expect(DriftTest.upperTail(atLeast: 900, trials: 1000, probability: 0.001) == 0)
    }

    @Test("on both sides of the mode, the tail agrees with a plain sum of every term", arguments: [
        (k: 40, n: 2000, p: 0.02), (k: 41, n: 2000, p: 0.02), (k: 60, n: 2000, p: 0.02), (k: 25, n: 2000, p: 0.02), (k: 1, n: 300_000, p: 1e-6),
    ])
    func upperTailAgreesWithAPlainSum(k: Int, n: Int, p: Double) {
        var plain = 0.0
        for x in k...n {
            plain += exp(DriftTest.logProbability(x, trials: n, probability: p))
        }
        #expect(isClose(DriftTest.upperTail(atLeast: k, trials: n, probability: p), plain, relative: 1e-9))
    }

    @Test("the median: the middle value, the mean of the middle two, none of nothing")
    func median() {
        #expect(DriftTest.median(of: [0.03, 0.01, 0.02]) == 0.02)
        #expect(DriftTest.median(of: [0.04, 0.01, 0.03, 0.02]) == 0.025)
        #expect(DriftTest.median(of: []) == nil)
    }

    // MARK: Verdicts

    private let settings = DriftSettings.defaults

    @Test("a rule that never fired: its first finding is no alarm (the prior), a burst is")
    func zeroBaseline() throws {
        // 14 runs of 1,000 with none affected: the chance is (0 + ½)/(14,000 + 1) = 3.5712e-5,
        // and one affected of 1,000 has p = 1 − (1 − 3.5712e-5)^1000 = 0.03508 > 0.001.
        let first = DriftTest.verdict(ruleId: "GDQ201", affected: 1, conversations: 1000, past: runs(14, affected: 0, of: 1000), settings: settings)
        #expect(first.outcome == .steady)
        #expect(isClose(try #require(first.baselineChance), 0.5 / 14001))
        #expect(isClose(try #require(first.pValue), 0.035082209588221815, relative: 1e-8))
        #expect(first.median == 0)
        // Five of 1,000: p = 4.652e-10, and 0.5% is more than 3 × 0%.
        let burst = DriftTest.verdict(ruleId: "GDQ201", affected: 5, conversations: 1000, past: runs(14, affected: 0, of: 1000), settings: settings)
        #expect(burst.outcome == .drifted)
        #expect(isClose(try #require(burst.pValue), 4.65231800305952e-10, relative: 1e-6))
        #expect(burst.explanation == "rose from a median of 0% over the last 14 comparable runs to 0.5% (p = 4.7e-10, alpha 0.001)")
    }

    @Test("ordinary day-to-day noise does not alarm: the rise must pass the factor as well as chance")
    func noise() throws {
        let past = [20, 30, 40, 25, 35].map { DriftTest.Observation(affected: $0, conversations: 1000) }
        // 7% against a median of 3%: far beyond chance (p = 1.7e-10), but not 3 times the median.
        let verdict = DriftTest.verdict(ruleId: "GDQ501", affected: 70, conversations: 1000, past: past, settings: settings)
        #expect(verdict.outcome == .steady)
        #expect(verdict.median == 0.03)
        #expect(isClose(try #require(verdict.pValue), 1.672559798980745e-10, relative: 1e-6))
        // 10% is more than 9%: drifted.
        #expect(DriftTest.verdict(ruleId: "GDQ501", affected: 100, conversations: 1000, past: past, settings: settings).outcome == .drifted)
        // Exactly the factor times the median is not more than it.
        #expect(DriftTest.verdict(ruleId: "GDQ501", affected: 90, conversations: 1000, past: past, settings: settings).outcome == .steady)
    }

    @Test("small runs and short histories are not judged")
    func notJudged() {
        let small = DriftTest.verdict(ruleId: "GDQ201", affected: 100, conversations: 150, past: runs(14, affected: 0, of: 1000), settings: settings)
        #expect(small.outcome == .tooFewConversations)
        #expect(small.explanation == "not judged: the run has 150 conversations, fewer than minConversations 200")
        let young = DriftTest.verdict(ruleId: "GDQ201", affected: 100, conversations: 1000, past: runs(2, affected: 0, of: 1000), settings: settings)
        #expect(young.outcome == .tooFewRuns)
        #expect(young.explanation == "not judged: the history has 2 comparable runs with conversations, fewer than minRuns 3")
        // Runs that checked nothing have no rate and do not count.
        let empty = DriftTest.verdict(ruleId: "GDQ201", affected: 100, conversations: 1000, past: runs(2, affected: 0, of: 1000) + runs(5, affected: 0, of: 0), settings: settings)
        #expect(empty.outcome == .tooFewRuns)
        #expect(empty.baselineRuns == 2)
    }

    @Test("only the last `runs` runs make the baseline")
    func lastRunsOnly() {
        // 14 old runs at 10%, then 6 recent ones at 0.1%; this run: 1%.
        let past = runs(14, affected: 100, of: 1000) + runs(6, affected: 1, of: 1000)
        var recent = settings
        recent.runs = 6
        let againstRecent = DriftTest.verdict(ruleId: "GDQ201", affected: 10, conversations: 1000, past: past, settings: recent)
        #expect(againstRecent.baselineRuns == 6)
        #expect(againstRecent.median == 0.001)
        #expect(againstRecent.outcome == .drifted)
        var all = settings
        all.runs = 20
        let againstAll = DriftTest.verdict(ruleId: "GDQ201", affected: 10, conversations: 1000, past: past, settings: all)
        #expect(againstAll.median == 0.1)
        #expect(againstAll.outcome == .steady)
    }

    @Test("verdicts for every rule with settings, from the runs of a history")
    func verdictsFromRuns() throws {
        let past = (0..<5).map { index in
            RunRecord(startedAt: Int64(index), rulesHash: "h", command: .check, conversations: 1000,
                      rules: ["GDQ201": .init(findings: 1, conversations: 1), "GDQ301": .zero])
        }
        var summary = Summary()
        summary.conversations = 1000
        summary.affectedByRule = ["GDQ201": 40, "GDQ301": 1]
        summary.findingsByRule = ["GDQ201": 40, "GDQ301": 1]
        let configuration = DriftConfiguration(byRule: ["GDQ201": .init(minConversations: 500), "GDQ301": .init()])
        let verdicts = DriftTest.verdicts(summary, ruleIds: ["GDQ001", "GDQ201", "GDQ301"], configuration: configuration, past: past)
        #expect(verdicts["GDQ001"] == nil)
        #expect(verdicts["GDQ201"]?.outcome == .drifted)
        #expect(verdicts["GDQ201"]?.settings.minConversations == 500)
        #expect(verdicts["GDQ301"]?.outcome == .steady)

        summary.failed = false
        summary.settleDrift(verdicts, failOn: .error)
        #expect(summary.failed)
        #expect(!summary.findingsFail)
        #expect(summary.driftedRules.map(\.ruleId) == ["GDQ201"])
        var never = Summary()
        never.settleDrift(verdicts, failOn: .never)
        #expect(!never.failed)
    }

    @Test("settings: a rule's entry over \"*\" over the defaults; none without an entry")
    func settingsResolve() {
        let configuration = DriftConfiguration(everyRule: .init(factor: 5, alpha: 0.01), byRule: ["GDQ201": .init(runs: 7, alpha: 0.0001)])
        #expect(configuration.settings(for: "GDQ201") == DriftSettings(factor: 5, runs: 7, minConversations: 200, minRuns: 3, alpha: 0.0001))
        #expect(configuration.settings(for: "GDQ301") == DriftSettings(factor: 5, runs: 14, minConversations: 200, minRuns: 3, alpha: 0.01))
        #expect(DriftConfiguration(byRule: ["GDQ201": .init()]).settings(for: "GDQ301") == nil)
    }

    @Test("a probability is written as people compare it with alpha")
    func probabilityText() {
        #expect(DriftVerdict.probability(0.035082) == "0.0351")
        #expect(DriftVerdict.probability(0.5) == "0.5")
        #expect(DriftVerdict.probability(2.1e-5) == "2.1e-05")
        #expect(DriftVerdict.probability(0) == "<1e-300")
    }
}

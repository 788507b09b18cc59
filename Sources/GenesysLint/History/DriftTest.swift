import Foundation

/// Whether a rule's rate in this run has drifted from its past: the test behind drift alarms.
///
/// A rule drifts when both hold:
/// - **a large rise**: its rate (conversations affected ÷ conversations) is more than `factor`
///   times the median of its rates in the last `runs` comparable runs; the median, so that one
///   odd run in the past neither hides nor fakes a change;
/// - **more than chance**: an exact one-sided binomial test finds that so many affected
///   conversations among this run's are unlikely (p ≤ `alpha`) if each had the baseline
///   chance of being affected. The baseline chance is the pooled rate of those runs with a
///   small prior, as if they had held half an affected conversation more out of one more
///   conversation: a rule that never fired before then has a small but non-zero chance, so its
///   first finding is no alarm, while a burst of them in a run of ordinary size is.
///
/// A run with fewer than `minConversations` conversations, or a history with fewer than
/// `minRuns` comparable runs, is not judged.
public enum DriftTest {
    /// The prior added to the baseline's pooled counts.
    public static let priorAffected = 0.5
    public static let priorConversations = 1.0

    /// One past run of a rule: its affected conversations among its conversations.
    public struct Observation: Sendable, Equatable {
        public var affected: Int
        public var conversations: Int

        public init(affected: Int, conversations: Int) {
            self.affected = affected
            self.conversations = conversations
        }

        var rate: Double { Double(affected) / Double(conversations) }
    }

    /// The verdict on one rule: `affected` of `conversations` in this run, against `past`
    /// (comparable runs with conversations, oldest first; only the last `settings.runs` count).
    public static func verdict(ruleId: String, affected: Int, conversations: Int, past: [Observation], settings: DriftSettings) -> DriftVerdict {
        let baseline = Array(past.filter { $0.conversations > 0 }.suffix(settings.runs))
        let median = median(of: baseline.map(\.rate))
        var verdict = DriftVerdict(ruleId: ruleId, settings: settings, affected: affected, conversations: conversations, baselineRuns: baseline.count, median: median)
        guard conversations >= settings.minConversations else {
            verdict.outcome = .tooFewConversations
            return verdict
        }
        guard baseline.count >= settings.minRuns, let median else {
            verdict.outcome = .tooFewRuns
            return verdict
        }
        let pooledAffected = Double(baseline.reduce(0) { $0 + min($1.affected, $1.conversations) })
        let pooledConversations = Double(baseline.reduce(0) { $0 + $1.conversations })
        let chance = (pooledAffected + priorAffected) / (pooledConversations + priorConversations)
        // Unreadable records count as affected too, so a count can exceed the conversations.
        let pValue = upperTail(atLeast: min(affected, conversations), trials: conversations, probability: chance)
        let rate = Double(affected) / Double(conversations)
        verdict.baselineChance = chance
        verdict.pValue = pValue
        verdict.outcome = rate > settings.factor * median && pValue <= settings.alpha ? .drifted : .steady
        return verdict
    }

    /// The median of `values`, the mean of the middle two for an even count; nil when empty.
    public static func median(of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// P(X ≥ k) for X binomial with `trials` n and `probability` p: the exact upper tail.
    ///
    /// The probabilities are summed from the term nearest the mode outwards, where they only
    /// shrink, until a term no longer changes the sum: the term at k is found with log-gamma,
    /// each next one from the one before (P(x+1) = P(x)·(n−x)/(x+1)·p/(1−p)), so a run of
    /// millions of conversations needs a few thousand steps at most.
    public static func upperTail(atLeast k: Int, trials n: Int, probability p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n, p > 0 else { return 0 }
        guard p < 1 else { return 1 }
        let odds = p / (1 - p)
        let mode = Int((Double(n + 1) * p).rounded(.down))
        if k > mode {
            // Terms fall from k upwards: sum them.
            var term = exp(logProbability(k, trials: n, probability: p))
            var sum = term
            var x = k
            while x < n, term > sum * 1e-17 {
                term *= Double(n - x) / Double(x + 1) * odds
                sum += term
                x += 1
            }
            return min(1, sum)
        }
        // Terms fall from k − 1 downwards: 1 − P(X ≤ k − 1), large here, so no precision is lost.
        var term = exp(logProbability(k - 1, trials: n, probability: p))
        var lower = term
        var x = k - 1
        while x > 0, term > lower * 1e-17 {
            term *= Double(x) / Double(n - x + 1) / odds
            lower += term
            x -= 1
        }
        return max(0, 1 - lower)
    }

    /// log P(X = x).
    static func logProbability(_ x: Int, trials n: Int, probability p: Double) -> Double {
        lgamma(Double(n) + 1) - lgamma(Double(x) + 1) - lgamma(Double(n - x) + 1) + Double(x) * log(p) + Double(n - x) * log1p(-p)
    }

    /// The verdicts of every rule in force that has drift settings, against `past` (comparable
    /// runs, oldest first).
    public static func verdicts(_ summary: Summary, ruleIds: [String], configuration: DriftConfiguration, past: [RunRecord]) -> [String: DriftVerdict] {
        var verdicts: [String: DriftVerdict] = [:]
        for id in ruleIds {
            guard let settings = configuration.settings(for: id) else { continue }
            let observations = past.map { Observation(affected: $0.rules[id]?.conversations ?? 0, conversations: $0.conversations) }
            verdicts[id] = verdict(ruleId: id, affected: summary.affectedByRule[id, default: 0], conversations: summary.conversations, past: observations, settings: settings)
        }
        return verdicts
    }
}

/// How a rule with drift settings compares with its history in this run.
public struct DriftVerdict: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        /// Rose more than the factor and more than chance explains: an alarm.
        case drifted
        /// Judged, and within its past.
        case steady
        /// Not judged: the run has fewer conversations than `minConversations`.
        case tooFewConversations
        /// Not judged: the history has fewer comparable runs than `minRuns`.
        case tooFewRuns
    }

    public let ruleId: String
    public let settings: DriftSettings
    public var outcome = Outcome.tooFewRuns
    /// This run's count.
    public let affected: Int
    public let conversations: Int
    /// The comparable runs the rate was compared with (at most `settings.runs`).
    public let baselineRuns: Int
    /// The median rate of those runs; nil when there were none.
    public let median: Double?
    /// The chance the test gave each conversation (the pooled rate with the prior), when judged.
    public var baselineChance: Double?
    /// The probability of at least this many affected conversations by chance, when judged.
    public var pValue: Double?

    public init(ruleId: String, settings: DriftSettings, affected: Int, conversations: Int, baselineRuns: Int, median: Double?) {
        self.ruleId = ruleId
        self.settings = settings
        self.affected = affected
        self.conversations = conversations
        self.baselineRuns = baselineRuns
        self.median = median
    }

    public var isJudged: Bool { outcome == .drifted || outcome == .steady }
    public var drifted: Bool { outcome == .drifted }

    /// This run's rate, nil when it checked no conversation.
    public var rate: Double? {
        conversations > 0 ? Double(affected) / Double(conversations) : nil
    }

    /// The verdict in a few words: "drifted", "steady", "not judged".
    public var label: String {
        switch outcome {
        case .drifted: "drifted"
        case .steady: "steady"
        case .tooFewConversations, .tooFewRuns: "not judged"
        }
    }

    /// What happened, from what to what, in a sentence without the rule's name:
    /// "rose from a median of 0.31% over the last 14 comparable runs to 2.04% (6.6 times; p = 2.1e-05, alpha 0.001)".
    public var explanation: String {
        let runs = "the last \(baselineRuns == 1 ? "comparable run" : "\(baselineRuns) comparable runs")"
        let now = rate.map(Summary.percent) ?? "n/a"
        switch outcome {
        case .tooFewConversations:
            return "not judged: the run has \(groupedNumber(conversations)) conversation\(conversations == 1 ? "" : "s"), fewer than minConversations \(groupedNumber(settings.minConversations))"
        case .tooFewRuns:
            return "not judged: the history has \(baselineRuns) comparable run\(baselineRuns == 1 ? "" : "s") with conversations, fewer than minRuns \(settings.minRuns)"
        case .drifted, .steady:
            let from = median.map(Summary.percent) ?? "n/a"
            let times = (median ?? 0) > 0 ? "\(Self.decimal((rate ?? 0) / (median ?? 1))) times, " : ""
            let test = "\(times)p = \(Self.probability(pValue ?? 1)), alpha \(Self.probability(settings.alpha))"
            if outcome == .drifted {
                return "rose from a median of \(from) over \(runs) to \(now) (\(test))"
            }
            return "\(now) against a median of \(from) over \(runs) (\(test)): within factor \(Self.decimal(settings.factor)) or chance"
        }
    }

    /// "6.6", "12", "3".
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "∞" }
        if value >= 10 || value.rounded() == value { return String(Int(value.rounded())) }
        return String((value * 10).rounded() / 10)
    }

    /// A probability as people compare it with alpha: "0.0123", "2.1e-05", "<1e-300".
    static func probability(_ value: Double) -> String {
        if value == 0 { return "<1e-300" }
        if value >= 0.001 {
            var text = String(format: "%.4f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        }
        return String(format: "%.1e", value)
    }
}

extension Summary {
    /// Adds the drift verdicts to the summary: a drifted rule fails the run, as a crossed
    /// threshold does, whatever its severity (the alarm is about the rate, which the
    /// configuration asked to watch), unless findings never fail the run (`never`).
    public mutating func settleDrift(_ verdicts: [String: DriftVerdict], failOn: FailLevel) {
        driftVerdicts = verdicts
        failedOnFindings = failed
        if failOn != .never, verdicts.values.contains(where: \.drifted) {
            failed = true
        }
    }

    /// The rules that drifted, by id.
    public var driftedRules: [DriftVerdict] {
        driftVerdicts.values.filter(\.drifted).sorted { $0.ruleId < $1.ruleId }
    }

    /// Whether findings at or above the fail level (from rules without a threshold or whose
    /// threshold was crossed) fail the run, drift aside.
    public var findingsFail: Bool {
        failedOnFindings ?? failed
    }

    /// What the comparison with the history came to, in a sentence: "history.sqlite: 14
    /// comparable runs before this one; 1 rule drifted (GDQ201)." Nil without a history.
    public var historyHeadline: String? {
        guard let trends else { return nil }
        let runs = "\(groupedNumber(trends.comparableRuns)) comparable run\(trends.comparableRuns == 1 ? "" : "s") before this one"
        return "\(trends.file): \(runs); \(driftOutcome)."
    }

    /// "no drift settings", "1 rule drifted (GDQ201)", "no rule drifted (105 judged)", or why none was judged.
    private var driftOutcome: String {
        let verdicts = driftVerdicts.values.sorted { $0.ruleId < $1.ruleId }
        guard !verdicts.isEmpty else { return "no drift settings" }
        let drifted = driftedRules
        if !drifted.isEmpty {
            return "\(drifted.count) rule\(drifted.count == 1 ? "" : "s") drifted (\(drifted.map(\.ruleId).joined(separator: ", ")))"
        }
        let judged = verdicts.filter(\.isJudged).count
        if judged > 0 {
            return "no rule drifted (\(groupedNumber(judged)) judged)"
        }
        // Not judged: the reasons, each once (rules may have settings of their own).
        var reasons: [String] = []
        for verdict in verdicts where !reasons.contains(verdict.explanation) { reasons.append(verdict.explanation) }
        return reasons.count == 1 ? "drift \(reasons[0])" : "drift not judged (too few conversations or comparable runs)"
    }
}

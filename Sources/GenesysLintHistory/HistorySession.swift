import Foundation
import GenesysLint

/// One run's use of a history: opened before the run reads anything (so a file it cannot use
/// stops the run at once), compared with once the run is done (drift verdicts and trends
/// for the reports), and written to last.
public struct HistorySession {
    public let store: HistoryStore
    /// The history file as the user named it, for reports.
    public let name: String
    /// The fingerprint of the rules in force: only runs with the same one are compared.
    public let rulesHash: String
    /// When the run started (milliseconds since 1970).
    public let startedAt: Int64

    public init(store: HistoryStore, name: String, rulesHash: String, startedAt: Int64) {
        self.store = store
        self.name = name
        self.rulesHash = rulesHash
        self.startedAt = startedAt
    }

    /// Opens the history at `path` for a run of `linter`.
    public static func open(_ path: String, linter: Linter, vocabulary: Vocabulary, startedAt: Int64) throws(HistoryError) -> HistorySession {
        HistorySession(
            store: try HistoryStore.open(path), name: path,
            rulesHash: RulesFingerprint.of(linter, vocabulary: vocabulary), startedAt: startedAt
        )
    }

    /// Compares a finished run with the comparable runs before it: the drift verdict of every
    /// rule in force with drift settings (a drifted rule fails the run), and the trends the
    /// audit reports draw.
    public func compare(_ summary: inout Summary, ruleIds: [String], drift: DriftConfiguration, failOn: FailLevel) throws(HistoryError) {
        let longestBaseline = ruleIds.compactMap { drift.settings(for: $0)?.runs }.max() ?? 0
        let past = try store.comparableRuns(rulesHash: rulesHash, last: max(HistoryTrends.shownRuns, longestBaseline))
        summary.settleDrift(DriftTest.verdicts(summary, ruleIds: ruleIds, configuration: drift, past: past.runs), failOn: failOn)
        summary.trends = HistoryTrends(file: name, comparableRuns: past.total, past: past.runs, thisRun: summary, startedAt: startedAt)
    }

    /// Records the finished run.
    @discardableResult
    public func record(_ summary: Summary, tally: RunTally, ruleIds: [String], command: RunRecord.Command) throws(HistoryError) -> Int64 {
        try store.record(RunRecord(of: summary, tally: tally, ruleIds: ruleIds, rulesHash: rulesHash, command: command, startedAt: startedAt))
    }

    /// Now, in milliseconds since 1970.
    public static var now: Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}

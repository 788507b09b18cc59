import ArgumentParser
import GenesysLint
import GenesysLintHistory

/// The run history of `check` and `merge`: where it is.
struct HistoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Record the run in this run history (an SQLite file, created if missing), alarm on rules whose rate drifted (\"drift\" in .genesys-lint.json) and chart each rule's rate in the audit reports. Overrides \"history\" in the configuration.",
        valueName: "file"
    ))
    var history: String?

    /// The history of this run: `--history`, else the configuration's `"history"`.
    func path(_ setup: Setup) -> String? {
        history ?? setup.configuration.historyPath
    }
}

/// The steps of a run that use its history, for the commands that record runs: each failure
/// is a one-line message and exit code 2, with the run's outputs discarded.
enum RunHistory {
    /// Opens and checks the history at `path` before the run reads anything; nil without one.
    static func open(_ path: String?, setup: Setup, linter: Linter, startedAt: Int64) throws -> HistorySession? {
        guard let path else { return nil }
        do throws(HistoryError) {
            return try HistorySession.open(path, linter: linter, vocabulary: setup.catalog.vocabulary, startedAt: startedAt)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Compares the finished run with its history (drift verdicts, trends).
    static func compare(_ summary: inout Summary, in session: HistorySession?, linter: Linter, setup: Setup, discardingOnFailure outputs: [ReportOutput]) throws {
        guard let session else { return }
        do throws(HistoryError) {
            try session.compare(&summary, ruleIds: linter.activeRules.map(\.rule.id), drift: setup.configuration.drift, failOn: setup.failOn)
        } catch {
            outputs.forEach { $0.discard() }
            throw CommandFailure(error.description)
        }
    }

    /// Records the finished run, unless an input could not be read (its counts would be
    /// incomplete, and would skew later comparisons).
    static func record(_ summary: Summary, tally: RunTally?, in session: HistorySession?, linter: Linter, command: RunRecord.Command, complete: Bool, discardingOnFailure outputs: [ReportOutput]) throws {
        guard let session else { return }
        guard complete else {
            printError("\(session.name): this run was not recorded in the history: an input could not be read, so its counts are incomplete")
            return
        }
        do throws(HistoryError) {
            try session.record(summary, tally: tally ?? RunTally(knownMediaTypes: []), ruleIds: linter.activeRules.map(\.rule.id), command: command)
        } catch {
            outputs.forEach { $0.discard() }
            throw CommandFailure(error.description)
        }
    }
}

import ArgumentParser
import Foundation
import GenesysLint
import GenesysLintHistory

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show each rule's rate run by run from a run history, or prune it.",
        discussion: """
        A run history is the SQLite file that check and merge record their runs in when given \
        --history (or "history" in .genesys-lint.json). This prints, rule by rule, the findings, \
        conversations affected and rate of every run, oldest first: the rules with findings, or \
        those named by --rule. --prune N deletes all runs but the last N.
        """
    )

    @Argument(help: ArgumentHelp("The run history.", valueName: "file"))
    var file: String

    @Option(name: .long, help: "Output format: text (default), json or csv.")
    var format: HistoryListing.Format = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Only these rule ids or prefixes (e.g. GDQ2,GDQ501); comma-separated or repeated.", valueName: "ids"))
    var rule: [String] = []

    @Option(name: .long, help: ArgumentHelp("Count only the conversations of this media type (voice, message, email…).", valueName: "type"))
    var media: String?

    @Option(name: .long, help: ArgumentHelp("Only runs started on or after this date or date-time (UTC), e.g. 2026-03-01.", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only runs started on or before this date or date-time (UTC); a date includes its whole day.", valueName: "date"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp("Delete every run but the last N (by when they started), and say how many were deleted.", valueName: "N"))
    var prune: Int?

    func validate() throws {
        if let prune {
            guard prune >= 1 else { throw ValidationError("--prune takes the number of runs to keep, at least 1") }
            if !rule.isEmpty || media != nil || since != nil || until != nil || output != nil {
                throw ValidationError("--prune only deletes runs; drop --rule, --media, --since, --until and --output, or prune in a command of its own")
            }
        }
        if let since, Self.instant(since, endOfDay: false) == nil {
            throw ValidationError("--since takes a date such as 2026-03-01 or a date-time such as 2026-03-01T06:00:00Z")
        }
        if let until, Self.instant(until, endOfDay: true) == nil {
            throw ValidationError("--until takes a date such as 2026-03-31 or a date-time such as 2026-03-31T18:00:00Z")
        }
    }

    func run() throws {
        let store: HistoryStore
        do throws(HistoryError) {
            store = try HistoryStore.open(file, creating: false)
        } catch {
            throw CommandFailure(error.description)
        }
        if let prune {
            do throws(HistoryError) {
                let deleted = try store.prune(keepingLast: prune)
                print("\(file): deleted \(deleted) run\(deleted == 1 ? "" : "s"); the last \(prune) (at most) are kept.")
            } catch {
                throw CommandFailure(error.description)
            }
            return
        }
        let runs: [StoredRun]
        do throws(HistoryError) {
            runs = try store.runs(startingFrom: since.flatMap { Self.instant($0, endOfDay: false) }, to: until.flatMap { Self.instant($0, endOfDay: true) })
        } catch {
            throw CommandFailure(error.description)
        }
        let selectors = rule.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        let listing = HistoryListing(file: file, runs: runs, selectors: selectors, media: media)
        InterruptCleanup.install()
        let destination = try ReportOptions.opening { opened throws(OutputError) in try ReportOptions.open(output, recordingIn: &opened) }
        destination.write(listing.render(format))
        try ReportOptions.commit([destination])
    }

    /// A date (its first or last millisecond, UTC) or a date-time, in milliseconds since 1970.
    static func instant(_ text: String, endOfDay: Bool) -> Int64? {
        if let instant = Timestamp.milliseconds(from: text) { return instant }
        let isDate = text.count == 10 && text.enumerated().allSatisfy { index, character in
            index == 4 || index == 7 ? character == "-" : character.isASCII && character.isNumber
        }
        guard isDate, let start = Timestamp.milliseconds(from: text + "T00:00:00Z") else { return nil }
        return endOfDay ? start + 86_400_000 - 1 : start
    }
}

extension HistoryListing.Format: ExpressibleByArgument {}

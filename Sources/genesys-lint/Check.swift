import ArgumentParser
import Foundation
import GenesysLint

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check exports and report findings.",
        discussion: """
        Reads query responses, jobs result pages, single conversations, arrays of conversations and \
        NDJSON, from files, folders (searched for *.json, *.jsonl, *.ndjson, and those names with .gz) \
        or '-' (standard input). Gzip-compressed input is recognised by its content and inflated as it is read.

        Several reports can be written in one run: --format text --format sarif=report.sarif prints \
        text and writes SARIF to report.sarif. --format openlineage=lineage.json writes an OpenLineage \
        run event for a lineage service, with the data-quality assertions of each input.
        """
    )

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var reportOptions: ReportOptions

    @Flag(name: .long, help: "Write a partial report (with --format json) for `merge` to combine with the partial reports of other shares of the export; the run's verdict is left to the merge.")
    var partial = false

    @Option(name: .long, help: "Lowest severity that makes the run fail with exit code 1: error, warning, info or never (default: error).")
    var failOn: FailLevel?

    @Option(name: .long, help: "Show a progress bar on standard error: auto (on a terminal, for 32 MiB of input or more, or after a second for standard input and gzip files), always, never.")
    var progress: ProgressDisplay.Mode = .auto

    @Option(name: .long, help: "Records checked in parallel (default: all cores).")
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Skip and report any conversation larger than this many bytes (default 64 MiB).", valueName: "bytes"))
    var maxRecordBytes: Int?

    @Option(name: .long, help: ArgumentHelp("Judge the data's age as of this date-time (default: now), e.g. the moment the export was taken.", valueName: "date-time"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Report only findings that this baseline (written by --write-baseline) does not list.", valueName: "file"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Record every finding of this run as a baseline in this file.", valueName: "file"))
    var writeBaseline: String?

    @Option(name: .long, help: ArgumentHelp("Write every conversation with a finding at or above the fail level to this file, as NDJSON.", valueName: "file"))
    var quarantine: String?

    @Option(name: .long, help: ArgumentHelp("Write every other conversation to this file, as NDJSON.", valueName: "file"))
    var clean: String?

    @Flag(name: .long, help: "Quote personal data (phone numbers, addresses, names) in messages unmasked. For private use only.")
    var noRedact = false

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "OpenLineage options") var lineageOptions: LineageOptions

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("name the exports to check (files, folders, or - for standard input), e.g. genesys-lint check exports/")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxRecordBytes, maxRecordBytes < 1 { throw ValidationError("--max-record-bytes must be positive") }
        if let asOf, Timestamp.milliseconds(from: asOf) == nil {
            throw ValidationError("--as-of takes an ISO-8601 date-time such as 2026-03-04T00:00:00Z")
        }
        try reportOptions.validate(otherFiles: [writeBaseline, quarantine, clean])
        try lineageOptions.validate(formats: reportOptions.format)
        if partial, let other = reportOptions.format.first(where: { $0.format != .json }) {
            throw ValidationError("--partial writes one JSON partial report; drop --format \(other.format.rawValue), or write it from `genesys-lint merge`")
        }
        if partial, reportOptions.format.count > 1 {
            throw ValidationError("--partial writes one JSON partial report; give --format json once")
        }
    }

    func run() throws {
        let setup = try ruleOptions.setup(
            failOn: failOn, maxRecordBytes: maxRecordBytes, asOf: asOf.flatMap(Timestamp.milliseconds(from:)),
            openLineage: lineageOptions.settings, builtInExamples: false
        )
        let inputs: [Input]
        do {
            inputs = try InputDiscovery.inputs(for: paths)
        } catch {
            throw CommandFailure(error.description)
        }
        let accepted: Baseline?
        do throws(SourceFileError) {
            accepted = try baseline.map(Baseline.load(path:))
        } catch {
            throw CommandFailure(error.description)
        }
        var reporting = CheckReporting(
            formats: reportOptions.formats, unplacedPath: reportOptions.output, quarantine: quarantine, clean: clean,
            redacts: !noRedact, jobs: jobs, progress: progress, command: "check"
        )
        reporting.partial = partial
        reporting.baseline = accepted
        reporting.baselinePath = baseline
        reporting.writeBaseline = writeBaseline
        try reporting.run(inputs, setup: setup)
    }
}

extension ProgressDisplay.Mode: ExpressibleByArgument {}

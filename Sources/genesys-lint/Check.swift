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

    @Option(name: .long, help: "Show a progress bar on standard error: auto (on a terminal, for 32 MiB of input or more, or after a second for standard input and gzip files), always, never.")
    var progress: ProgressDisplay.Mode = .auto

    @Option(name: .long, help: ArgumentHelp("Report only findings that this baseline (written by --write-baseline) does not list.", valueName: "file"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Record every finding of this run as a baseline in this file.", valueName: "file"))
    var writeBaseline: String?

    @OptionGroup var runOptions: RunOptions

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "OpenLineage options") var lineageOptions: LineageOptions

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("name the exports to check (files, folders, or - for standard input), e.g. genesys-lint check exports/")
        }
        try reportOptions.validate(otherFiles: [writeBaseline, runOptions.quarantine, runOptions.clean])
        try lineageOptions.validate(formats: reportOptions.format)
        if partial, let other = reportOptions.format.first(where: { $0.format != .json }) {
            throw ValidationError("--partial writes one JSON partial report; drop --format \(other.format.rawValue), or write it from `genesys-lint merge`")
        }
        if partial, reportOptions.format.count > 1 {
            throw ValidationError("--partial writes one JSON partial report; give --format json once")
        }
    }

    func run() throws {
        let setup = try runOptions.setup(ruleOptions, openLineage: lineageOptions.settings)
        let inputs = try RunOptions.inputs(for: paths)
        let accepted: Baseline?
        do throws(SourceFileError) {
            accepted = try baseline.map(Baseline.load(path:))
        } catch {
            throw CommandFailure(error.description)
        }
        var reporting = runOptions.reporting(reportOptions.formats, unplacedPath: reportOptions.output, progress: progress, command: "check")
        reporting.partial = partial
        reporting.baseline = accepted
        reporting.baselinePath = baseline
        reporting.writeBaseline = writeBaseline
        try reporting.run(inputs, setup: setup)
    }
}

extension ProgressDisplay.Mode: ExpressibleByArgument {}

import ArgumentParser
import GenesysLint

/// How a run that checks records goes, shared by `check` and `fix`: the fail level, the
/// parallelism, the record size limit, the reference moment, the split into quarantine and
/// clean files, and the masking of personal data.
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: "Lowest severity that makes the run fail with exit code 1: error, warning, info or never (default: error).")
    var failOn: FailLevel?

    @Option(name: .long, help: "Records checked in parallel (default: all cores).")
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Skip and report any conversation larger than this many bytes (default 64 MiB).", valueName: "bytes"))
    var maxRecordBytes: Int?

    @Option(name: .long, help: ArgumentHelp("Judge the data's age as of this date-time (default: now), e.g. the moment the export was taken.", valueName: "date-time"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Write every conversation with a finding at or above the fail level, and every record that could not be read, to this file, as NDJSON.", valueName: "file"))
    var quarantine: String?

    @Option(name: .long, help: ArgumentHelp("Write every other conversation to this file, as NDJSON.", valueName: "file"))
    var clean: String?

    @Flag(name: .long, help: "Quote personal data (phone numbers, addresses, names) in messages unmasked. For private use only.")
    var noRedact = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxRecordBytes, maxRecordBytes < 1 { throw ValidationError("--max-record-bytes must be positive") }
        if let asOf, Timestamp.milliseconds(from: asOf) == nil {
            throw ValidationError("--as-of takes an ISO-8601 date-time such as 2026-03-04T00:00:00Z")
        }
    }

    /// The inputs the paths name (folders searched for exports); a path that is not there ends
    /// the command.
    static func inputs(for paths: [String]) throws -> [Input] {
        do {
            return try InputDiscovery.inputs(for: paths)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The rules and settings in force for this run.
    func setup(_ rules: RuleOptions, openLineage: OpenLineageSettings) throws -> Setup {
        try rules.setup(
            failOn: failOn, maxRecordBytes: maxRecordBytes, asOf: asOf.flatMap(Timestamp.milliseconds(from:)),
            openLineage: openLineage, builtInExamples: false
        )
    }

    /// Checking as these options say, with `formats` for the reports.
    func reporting(_ formats: ReportFormats, unplacedPath: String?, progress: ProgressDisplay.Mode, command: String) -> CheckReporting {
        CheckReporting(
            formats: formats, unplacedPath: unplacedPath, quarantine: quarantine, clean: clean,
            redacts: !noRedact, jobs: jobs, progress: progress, command: command
        )
    }
}

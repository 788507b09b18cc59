import ArgumentParser
import Foundation
import GenesysLint

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check exports and report findings.",
        discussion: """
        Reads query responses, jobs result pages, single conversations, arrays of conversations and \
        NDJSON, from files, folders (searched for *.json, *.jsonl, *.ndjson, and those names with .gz) \
        or '-' (standard input). Gzip-compressed input is recognised by its content and inflated as it is read.

        Several reports can be written in one run: --format text --format sarif=report.sarif prints \
        text and writes SARIF to report.sarif.
        """
    )

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Report format, optionally with a file to write it to (FORMAT=FILE); repeatable.",
        valueName: "format[=file]"
    ))
    var format: [OutputRequest] = []

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report given without a file to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: "Lowest severity that makes the run fail with exit code 1: error, warning, info or never (default: error).")
    var failOn: FailLevel?

    @Option(name: .long, help: "Colour text output: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

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

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("name the exports to check (files, folders, or - for standard input), e.g. genesys-lint check exports/")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxRecordBytes, maxRecordBytes < 1 { throw ValidationError("--max-record-bytes must be positive") }
        if let asOf, Timestamp.milliseconds(from: asOf) == nil {
            throw ValidationError("--as-of takes an ISO-8601 date-time such as 2026-03-04T00:00:00Z")
        }
        let unplaced = format.filter { $0.path == nil }
        if unplaced.count > 1 {
            throw ValidationError("only one report can go to \(output ?? "standard output"); give the others a file, e.g. --format \(unplaced[1].format.rawValue)=report.\(unplaced[1].format.fileExtension)")
        }
        let files = format.compactMap(\.path) + [output, writeBaseline, quarantine, clean].compactMap { $0 }
        if let repeated = files.first(where: { path in files.filter { $0 == path }.count > 1 }) {
            throw ValidationError("\(repeated) is named as more than one output; give each its own file")
        }
    }

    /// Each report asked for and where it goes (nil: standard output).
    private var requests: [(format: ReportFormat, path: String?)] {
        let requested = format.isEmpty ? [OutputRequest(format: .text, path: nil)] : format
        return requested.map { ($0.format, $0.path ?? output) }
    }

    func run() throws {
        let setup = try ruleOptions.setup(failOn: failOn, maxRecordBytes: maxRecordBytes, asOf: asOf.flatMap(Timestamp.milliseconds(from:)))
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
        InterruptCleanup.install()
        var fanOut = try openOutputs(setup)
        var linter = setup.linter
        linter.redactsPersonalData = !noRedact
        linter.collectsProfiles = fanOut.needsProfiles
        linter.collectsRecords = fanOut.needsRecords
        fanOut.start(ReportContext(
            rules: linter.activeRules, failOn: setup.failOn, thresholds: linter.thresholds,
            redacted: !noRedact, baselinePath: baseline, asOf: linter.asOf
        ))
        var run = LintRun(linter: linter, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        run.splitLevel = setup.failOn
        let progressDisplay = ProgressDisplay.standardError(mode: progress, inputs: inputs)
        if let progressDisplay { run.progress = { progressDisplay.update($0) } }
        var sink = ProgressClearingSink(base: fanOut, display: progressDisplay)
        let result = run.run(inputs, baseline: accepted, into: &sink)
        progressDisplay?.finish()
        fanOut = sink.base
        fanOut.finish(result.summary)
        try commit(fanOut)
        for error in result.inputErrors {
            printError(error.description)
        }
        if fanOut.needsRecords, result.uncopiedStretches > 0 {
            printError("\(result.uncopiedStretches) stretch(es) of input could not be cut into records (see the findings of GDQ001 and GDQ005) and are in neither --quarantine nor --clean")
        }
        if !result.inputErrors.isEmpty { throw Exit.trouble }
        if result.summary.failed { throw Exit.findings }
    }

    /// Opens every output of the run; on failure nothing is left behind.
    private func openOutputs(_ setup: Setup) throws -> ReportFanOut {
        var opened: [ReportOutput] = []
        func open(_ path: String?) throws(OutputError) -> ReportOutput {
            let output = if let path { try ReportOutput.file(path) } else { try ReportOutput.standardOutput() }
            opened.append(output)
            return output
        }
        do throws(OutputError) {
            var destinations: [ReportFanOut.Destination] = []
            for (format, path) in requests {
                let output = try open(path)
                destinations.append(.init(reporter: makeReporter(format, toTerminal: path == nil && isatty(1) != 0), output: output))
            }
            return ReportFanOut(
                destinations: destinations, collectsBaseline: writeBaseline != nil,
                quarantine: try quarantine.map { path throws(OutputError) in try open(path) },
                clean: try clean.map { path throws(OutputError) in try open(path) },
                splitLevel: setup.failOn
            )
        } catch {
            opened.forEach { $0.discard() }
            printError(error.description)
            throw Exit.trouble
        }
    }

    /// Moves every output into place, the new baseline last. A reader that went away early
    /// (`| head`) ends the run quietly, as SIGPIPE would, once the files are in place.
    private func commit(_ fanOut: ReportFanOut) throws {
        var readerGone = false
        do throws(OutputError) {
            for output in fanOut.outputs {
                do throws(OutputError) {
                    try output.commit()
                } catch where error.isBrokenPipe {
                    readerGone = true
                }
            }
            if let writeBaseline, let document = fanOut.baselineDocument {
                let output = try ReportOutput.file(writeBaseline)
                output.write(document)
                try output.commit()
            }
        } catch {
            fanOut.outputs.forEach { $0.discard() }
            printError(error.description)
            throw Exit.trouble
        }
        if readerGone { throw Exit.brokenPipe }
    }

    private func makeReporter(_ format: ReportFormat, toTerminal: Bool) -> any Reporter {
        let colored: Bool = switch color {
        case .always: true
        case .never: false
        case .auto: toTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
        return format.makeReporter(colored: colored)
    }
}

extension ProgressDisplay.Mode: ExpressibleByArgument {}

/// A `--format` value: a format, and the file to write it to if one is given.
struct OutputRequest: ExpressibleByArgument {
    let format: ReportFormat
    let path: String?

    init(format: ReportFormat, path: String?) {
        self.format = format
        self.path = path
    }

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let format = ReportFormat(rawValue: String(parts[0])) else { return nil }
        if parts.count == 2, parts[1].isEmpty { return nil }
        self.init(format: format, path: parts.count == 2 ? String(parts[1]) : nil)
    }

    static var allValueStrings: [String] { ReportFormat.allCases.map(\.rawValue) }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the rules in force.")

    @Flag(name: .long, help: "Also list rules that are disabled by the configuration or selection.")
    var all = false

    enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Option(name: .long, help: "Listing format: text, json, or markdown (the index in Rules/README.md).")
    var format: ListingFormat = .text

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let setup = try ruleOptions.setup()
        switch format {
        case .text: print(RuleDocumentation.listing(setup.catalog, configuration: setup.configuration, includeDisabled: all), terminator: "")
        case .json: print(RuleDocumentation.listingJSON(setup.catalog, configuration: setup.configuration), terminator: "")
        case .markdown: print(RuleDocumentation.markdownIndex(setup.catalog), terminator: "")
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explain a rule: what it checks, why it matters, what to do.")

    @Argument(help: "A rule id, e.g. GDQ201.")
    var id: String

    @Flag(name: .long, help: "Also print the input of each example.")
    var examples = false

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let setup = try ruleOptions.setup()
        guard let rule = setup.catalog.rule(withId: id.uppercased()) ?? setup.catalog.rules.first(where: { $0.name == id }) else {
            let hint = Configuration.hint(id, setup.catalog)
            throw CommandFailure("no rule \"\(id)\"\(hint); `genesys-lint rules --all` lists them")
        }
        print(RuleDocumentation.explanation(of: rule, configuration: setup.configuration, includeInputs: examples), terminator: "")
    }
}

struct TestRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-rules",
        abstract: "Run the examples of every rule (built-in and --rules folders) and report those that misbehave."
    )

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let setup = try ruleOptions.setup()
        var failures = 0
        var examples = 0
        for rule in setup.catalog.rules where setup.configuration.isEnabled(rule.id) {
            examples += rule.examples.count
            for failure in RuleExampleRunner.failures(of: rule, in: setup.catalog) {
                print(failure.description)
                failures += 1
            }
        }
        print(failures == 0 ? "All \(examples) rule examples behave." : "\(failures) of \(examples) rule examples misbehave.")
        if failures > 0 { throw Exit.findings }
    }
}

import ArgumentParser
import Foundation
import GenesysLint

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check exports and report findings.",
        discussion: """
        Reads query responses, jobs result pages, single conversations, arrays of conversations and \
        NDJSON, from files, folders (searched for *.json, *.jsonl, *.ndjson) or '-' (standard input).
        """
    )

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @Option(name: .long, help: "Report format.")
    var format: ReportFormat = .text

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: "Lowest severity that makes the run fail with exit code 1: error, warning, info or never (default: error).")
    var failOn: FailLevel?

    @Option(name: .long, help: "Colour text output: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    @Option(name: .long, help: "Records checked in parallel (default: all cores).")
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Skip and report any conversation larger than this many bytes (default 64 MiB).", valueName: "bytes"))
    var maxRecordBytes: Int?

    @Option(name: .long, help: ArgumentHelp("Judge the data's age as of this date-time (default: now), e.g. the moment the export was taken.", valueName: "date-time"))
    var asOf: String?

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
    }

    func run() throws {
        let setup = try ruleOptions.setup(failOn: failOn, maxRecordBytes: maxRecordBytes, asOf: asOf.flatMap(Timestamp.milliseconds(from:)))
        let inputs: [Input]
        do {
            inputs = try InputDiscovery.inputs(for: paths)
        } catch {
            throw CommandFailure(error.description)
        }
        let out: ReportOutput
        do throws(OutputError) {
            out = if let output { try ReportOutput.file(output) } else { try ReportOutput.standardOutput() }
        } catch {
            printError(error.description)
            throw Exit.trouble
        }
        var reporter: any Reporter = makeReporter(setup)
        var stream = out
        reporter.start(into: &stream)
        let run = LintRun(linter: setup.linter, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let result = run.run(inputs) { reporter.add($0, into: &stream) }
        reporter.finish(result.summary, into: &stream)
        do throws(OutputError) {
            try out.commit()
        } catch {
            printError(error.description)
            throw Exit.trouble
        }
        for error in result.inputErrors {
            printError(error.description)
        }
        if !result.inputErrors.isEmpty { throw Exit.trouble }
        let failed = Severity.allCases.contains { severity in
            setup.failOn.isFailure(severity) && result.summary.findingsBySeverity[severity, default: 0] > 0
        }
        if failed { throw Exit.findings }
    }

    private func makeReporter(_ setup: Setup) -> any Reporter {
        switch format {
        case .text:
            let colored: Bool = switch color {
            case .always: true
            case .never: false
            case .auto: output == nil && isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            }
            let names = Dictionary(uniqueKeysWithValues: setup.catalog.rules.map { ($0.id, $0.name) })
            return TextReporter(colored: colored, ruleNames: names)
        case .json:
            return JSONReporter()
        }
    }
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

import ArgumentParser
import Foundation
import GenesysLint

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the partial reports of the shares of an export into one report.",
        discussion: """
        Each share is checked with `check --format json --partial` (for example by the tasks of a \
        Spark job); merge then writes the report a single run over all the shares would have \
        written, in any format: the findings in the order the partial reports are given, \
        conversation ids repeated across shares reported as that single run would report them, page totals added up, \
        and thresholds and the exit code settled on the totals. Give merge the same rule options \
        (--config, --select, --ignore, --severity, --rules) as check.

        The audit reports (markdown, html) need every conversation's details, which partial \
        reports do not carry: draw them with check. The OpenLineage event (openlineage) names the \
        inputs the shares read, not the partial reports.
        """
    )

    @Argument(help: ArgumentHelp("Partial reports written by check --partial, in the order of their shares.", valueName: "partial"))
    var partials: [String] = []

    @OptionGroup var reportOptions: ReportOptions

    @Option(name: .long, help: "Lowest severity that makes the merge fail with exit code 1: error, warning, info or never (default: error).")
    var failOn: FailLevel?

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "OpenLineage options") var lineageOptions: LineageOptions

    func validate() throws {
        guard !partials.isEmpty else {
            throw ValidationError("name the partial reports to merge, e.g. genesys-lint merge partials/*.json")
        }
        try reportOptions.validate(otherFiles: [])
        try lineageOptions.validate(formats: reportOptions.format)
        if let audit = reportOptions.format.first(where: { $0.format == .markdown || $0.format == .html }) {
            throw ValidationError("merge cannot draw the \(audit.format.rawValue) audit report: it needs every conversation's details, which partial reports do not carry; run check with --format \(audit.format.rawValue) over the export instead")
        }
    }

    func run() throws {
        let setup = try ruleOptions.setup(failOn: failOn, openLineage: lineageOptions.settings, builtInExamples: false)
        var parts: [(name: String, report: PartialReport)] = []
        for path in partials {
            do throws(PartialReportError) {
                parts.append((path, try PartialReportReader.read(path: path)))
            } catch {
                throw CommandFailure(error.description)
            }
        }
        let merge = PartialMerge(linter: setup.linter)
        do throws(PartialMerge.Mismatch) {
            try merge.verify(parts)
        } catch {
            throw CommandFailure(error.description)
        }
        InterruptCleanup.install()
        var fanOut = try ReportOptions.opening { opened throws(OutputError) in
            ReportFanOut(destinations: try reportOptions.destinations(recordingIn: &opened))
        }
        let linter = setup.linter
        fanOut.start(ReportContext(
            rules: linter.activeRules, failOn: setup.failOn, thresholds: linter.thresholds,
            redacted: parts.allSatisfy(\.report.redacted), baselinePath: nil, asOf: linter.asOf,
            openLineage: OpenLineageRun(setup.configuration.openLineage, command: "merge")
        ))
        let result = merge.run(parts.map(\.report), into: &fanOut)
        fanOut.finish(result.summary)
        try ReportOptions.commit(fanOut.outputs)
        for error in result.inputErrors {
            printError(error)
        }
        try Exit.end(with: ExitStatus(result.summary, inputErrors: !result.inputErrors.isEmpty))
    }
}

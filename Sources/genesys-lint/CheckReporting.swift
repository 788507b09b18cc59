import ArgumentParser
import Foundation
import GenesysLint

/// Checking inputs and writing what the options ask for (reports, a partial report, a
/// baseline, the quarantine and clean files), then ending with the run's exit code: all of
/// `check`, and what `fix` does with its output.
struct CheckReporting {
    var formats: ReportFormats
    /// Where the report given without a file goes (nil: standard output).
    var unplacedPath: String?
    var quarantine: String?
    var clean: String?
    var redacts: Bool
    var jobs: Int?
    var progress: ProgressDisplay.Mode
    /// The command, as an OpenLineage event names its job.
    var command: String
    var partial = false
    var baseline: Baseline?
    var baselinePath: String?
    var writeBaseline: String?
    /// Inputs read before the check (by `fix`) that could not be read: they end the run with
    /// exit code 2 as the check's own would.
    var earlierInputErrors: [ReadError] = []

    /// Checks `inputs`; `uncarried` is input read before (by `fix`) that is reported first.
    func run(_ inputs: [Input], setup: Setup, uncarried: LintRun.UncarriedInput = .init()) throws {
        InterruptCleanup.install()
        var (fanOut, partialOutput) = try openOutputs(setup)
        var linter = setup.linter
        linter.redactsPersonalData = redacts
        linter.collectsProfiles = fanOut.needsProfiles
        linter.collectsRecords = fanOut.needsRecords
        fanOut.start(ReportContext(
            rules: linter.activeRules, failOn: setup.failOn, thresholds: linter.thresholds,
            redacted: redacts, baselinePath: baselinePath, asOf: linter.asOf,
            openLineage: OpenLineageRun(setup.configuration.openLineage, command: command, outputs: [clean, quarantine].compactMap { $0 })
        ))
        var run = LintRun(linter: linter, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        run.splitLevel = setup.failOn
        run.keepsPartial = partial
        run.uncarried = uncarried
        let progressDisplay = ProgressDisplay.standardError(mode: progress, inputs: inputs)
        if let progressDisplay { run.progress = { progressDisplay.update($0) } }
        var sink = ProgressClearingSink(base: fanOut, display: progressDisplay)
        let result = run.run(inputs, baseline: baseline, into: &sink)
        progressDisplay?.finish()
        fanOut = sink.base
        fanOut.finish(result.summary)
        if let partialOutput, let report = result.partial {
            partialOutput.write(PartialReportWriter.document(report))
        }
        try ReportOptions.commit(
            [partialOutput].compactMap { $0 } + fanOut.outputs,
            extraFiles: [writeBaseline.flatMap { path in fanOut.baselineDocument.map { (path, $0) } }].compactMap { $0 }
        )
        for error in earlierInputErrors + result.inputErrors {
            printError(error.description)
        }
        if fanOut.needsRecords, result.uncopiedStretches > 0 {
            printError("\(result.uncopiedStretches) stretch(es) of input could not be cut into records (see the findings of GDQ001 and GDQ006) and are in neither --quarantine nor --clean")
        }
        try Exit.end(with: ExitStatus(result.summary, inputErrors: !(earlierInputErrors + result.inputErrors).isEmpty, judgesFindings: !partial))
    }

    /// Opens every output of the run, and with `--partial` the partial report's instead of
    /// the reports'; on failure nothing is left behind.
    private func openOutputs(_ setup: Setup) throws -> (ReportFanOut, partial: ReportOutput?) {
        try ReportOptions.opening { opened throws(OutputError) in
            let partialOutput = partial ? try ReportOptions.open(formats.requests(unplacedPath: unplacedPath).first?.path, recordingIn: &opened) : nil
            let fanOut = ReportFanOut(
                destinations: partial ? [] : try formats.destinations(unplacedPath: unplacedPath, recordingIn: &opened),
                collectsBaseline: writeBaseline != nil,
                quarantine: try quarantine.map { path throws(OutputError) in try ReportOptions.open(path, recordingIn: &opened) },
                clean: try clean.map { path throws(OutputError) in try ReportOptions.open(path, recordingIn: &opened) },
                splitLevel: setup.failOn
            )
            return (fanOut, partialOutput)
        }
    }
}

import ArgumentParser
import Foundation
import GenesysLint

struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Repair exports for loading: the rules' declared fixes, one copy per conversation, and a patch log.",
        discussion: """
        Writes the conversations of the inputs to -o as NDJSON (compact, one per line, in the analytics \
        API's spelling whatever shape they were read in), with the fixes of the rules in force applied \
        (rules explain their fix: genesys-lint explain GDQ106) and, with --dedupe latest or first, one copy \
        of each conversation. --log writes an RFC 6902 patch per conversation changed and a line per copy \
        dropped. Then checks the output and reports as `check` does; the exit code is that check's.
        """
    )

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the repaired conversations to this file, as NDJSON.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Write the patch log to this file, as NDJSON: a JSON Patch for each conversation changed, a line for each copy dropped.", valueName: "file"))
    var log: String?

    @Option(name: .long, help: "Which copy of a conversation to keep: latest (the latest activity; of equals, the later in input order), first, or none (exact copies still collapse).")
    var dedupe: FixRun.Deduplication = .latest

    @Flag(name: .long, help: "Write nothing; print what would change, per rule.")
    var dryRun = false

    @OptionGroup var reportFormats: ReportFormats

    @OptionGroup var runOptions: RunOptions

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "OpenLineage options") var lineageOptions: LineageOptions

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("name the exports to repair (files, folders, or - for standard input), e.g. genesys-lint fix exports/ -o repaired.ndjson --log patches.ndjson")
        }
        if output == nil, !dryRun {
            throw ValidationError("name the file for the repaired conversations with -o, e.g. -o repaired.ndjson (or give --dry-run to see what would change)")
        }
        if dryRun, let file = reportFormats.format.compactMap(\.path).first {
            throw ValidationError("--dry-run writes no file; drop the report file \(file) or the --dry-run")
        }
        try reportFormats.validate(unplacedPath: nil, otherFiles: [output, log, runOptions.quarantine, runOptions.clean])
        try lineageOptions.validate(formats: reportFormats.format)
        let outputs = [output, log, runOptions.quarantine, runOptions.clean].compactMap { $0 } + reportFormats.format.compactMap(\.path)
        for path in paths where path != "-" {
            let input = Self.resolved(path)
            if let clash = outputs.first(where: { Self.resolved($0) == input || Self.resolved($0).hasPrefix(input + "/") }) {
                throw ValidationError("\(clash) is an input too: write the repaired export somewhere else, so the inputs stay as they were")
            }
        }
    }

    func run() throws {
        let setup = try runOptions.setup(ruleOptions, openLineage: lineageOptions.settings)
        let inputs = try RunOptions.inputs(for: paths)
        var linter = setup.linter
        linter.redactsPersonalData = !runOptions.noRedact
        var run = FixRun(linter: linter, jobs: runOptions.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        run.deduplication = dedupe
        run.keepsUnreadRecords = runOptions.quarantine != nil && !dryRun
        let ruleNames = Dictionary(linter.activeRules.map { ($0.rule.id, $0.rule.name) }) { first, _ in first }

        guard !dryRun else {
            let result = run.run(inputs, into: FixRun.Destinations(conversation: { _ in }, logLine: { _ in }))
            print(result.summary(ruleNames: ruleNames, wrote: nil, log: nil), terminator: "")
            for error in result.inputErrors { printError(error.description) }
            try Exit.end(with: result.inputErrors.isEmpty ? .passed : .trouble)
            return
        }

        InterruptCleanup.install()
        let (repaired, patchLog) = try ReportOptions.opening { opened throws(OutputError) in
            (try ReportOptions.open(output, recordingIn: &opened), try log.map { path throws(OutputError) in try ReportOptions.open(path, recordingIn: &opened) })
        }
        let result = run.run(inputs, into: FixRun.Destinations(
            conversation: { text in
                repaired.write(bytes: text)
                repaired.write("\n")
            },
            logLine: { line in patchLog?.write(line + "\n") }
        ))
        try ReportOptions.commit([repaired] + [patchLog].compactMap { $0 })
        FileHandle.standardError.write(Data(result.summary(ruleNames: ruleNames, wrote: output, log: log).utf8))

        var reporting = runOptions.reporting(reportFormats, unplacedPath: nil, progress: .never, command: "fix")
        reporting.earlierInputErrors = result.inputErrors
        try reporting.run([.file(output ?? "")], setup: setup, uncarried: result.uncarried)
    }

    /// An absolute path with symbolic links resolved, to tell whether two paths name one file.
    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
extension FixRun.Deduplication: ExpressibleByArgument {}

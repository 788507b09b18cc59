import ArgumentParser
import Foundation
import GenesysLint

/// Which reports to write and how they look, shared by every command that reports: `check`
/// and `merge` through `ReportOptions`, and `fix`, whose `-o` names its repaired output.
struct ReportFormats: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Report format, optionally with a file to write it to (FORMAT=FILE); repeatable.",
        valueName: "format[=file]"
    ))
    var format: [OutputRequest] = []

    @Option(name: .long, help: "Colour text output: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    /// Each report asked for and where it goes (nil: standard output); a report given without
    /// a file goes to `unplacedPath`.
    func requests(unplacedPath: String?) -> [(format: ReportFormat, path: String?)] {
        let requested = format.isEmpty ? [OutputRequest(format: .text, path: nil)] : format
        return requested.map { ($0.format, $0.path ?? unplacedPath) }
    }

    /// Checks that each report has a place of its own, apart from the command's `otherFiles`.
    func validate(unplacedPath: String?, otherFiles: [String?]) throws {
        let unplaced = format.filter { $0.path == nil }
        if unplaced.count > 1 {
            throw ValidationError("only one report can go to \(unplacedPath ?? "standard output"); give the others a file, e.g. --format \(unplaced[1].format.rawValue)=report.\(unplaced[1].format.fileExtension)")
        }
        let files = format.compactMap(\.path) + ([unplacedPath] + otherFiles).compactMap { $0 }
        if let repeated = files.first(where: { path in files.filter { $0 == path }.count > 1 }) {
            throw ValidationError("\(repeated) is named as more than one output; give each its own file")
        }
    }

    /// A reporter and its output for every report asked for.
    func destinations(unplacedPath: String?, recordingIn opened: inout [ReportOutput]) throws(OutputError) -> [ReportFanOut.Destination] {
        var destinations: [ReportFanOut.Destination] = []
        for (format, path) in requests(unplacedPath: unplacedPath) {
            let output = try ReportOptions.open(path, recordingIn: &opened)
            destinations.append(.init(reporter: makeReporter(format, toTerminal: path == nil && isatty(1) != 0), output: output))
        }
        return destinations
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

/// Where reports go and how they look, shared by `check` and `merge`.
struct ReportOptions: ParsableArguments {
    @OptionGroup var formats: ReportFormats

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report given without a file to this file instead of standard output.", valueName: "file"))
    var output: String?

    var format: [OutputRequest] { formats.format }

    /// Each report asked for and where it goes (nil: standard output).
    var requests: [(format: ReportFormat, path: String?)] {
        formats.requests(unplacedPath: output)
    }

    /// Checks that each report has a place of its own, apart from the command's `otherFiles`.
    func validate(otherFiles: [String?]) throws {
        try formats.validate(unplacedPath: output, otherFiles: otherFiles)
    }

    /// A reporter and its output for every report asked for.
    func destinations(recordingIn opened: inout [ReportOutput]) throws(OutputError) -> [ReportFanOut.Destination] {
        try formats.destinations(unplacedPath: output, recordingIn: &opened)
    }

    /// Opens a report's output, recording it in `opened` so a later failure can discard it.
    static func open(_ path: String?, recordingIn opened: inout [ReportOutput]) throws(OutputError) -> ReportOutput {
        let output = if let path { try ReportOutput.file(path) } else { try ReportOutput.standardOutput() }
        opened.append(output)
        return output
    }

    /// Runs `body`, which opens outputs and records them in the array it is given; if it fails,
    /// every output it opened is discarded and the command ends with exit code 2.
    static func opening<T>(_ body: (inout [ReportOutput]) throws(OutputError) -> T) throws -> T {
        var opened: [ReportOutput] = []
        do throws(OutputError) {
            return try body(&opened)
        } catch {
            opened.forEach { $0.discard() }
            printError(error.description)
            throw Exit.trouble
        }
    }

    /// Moves every output into place, then writes each of `extraFiles` (path and text). A reader
    /// that went away early (`| head`) ends the run quietly, as SIGPIPE would, once the files
    /// are in place. On failure every output is discarded and the run ends with exit code 2.
    static func commit(_ outputs: [ReportOutput], extraFiles: [(path: String, text: String)] = []) throws {
        var readerGone = false
        do throws(OutputError) {
            for output in outputs {
                do throws(OutputError) {
                    try output.commit()
                } catch where error.isBrokenPipe {
                    readerGone = true
                }
            }
            for (path, text) in extraFiles {
                let output = try ReportOutput.file(path)
                output.write(text)
                try output.commit()
            }
        } catch {
            outputs.forEach { $0.discard() }
            printError(error.description)
            throw Exit.trouble
        }
        if readerGone { throw Exit.brokenPipe }
    }
}

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

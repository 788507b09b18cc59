import ArgumentParser
import Foundation
import GenesysLint

/// Exit codes: 0 nothing at or above the fail level, 1 findings at or above it, 2 the tool
/// could not do its job.
enum Exit {
    static let findings = ExitCode(1)
    static let trouble = ExitCode(2)
    /// 128 + SIGPIPE: what a command killed by a closed pipe reports, so shells treat it alike.
    static let brokenPipe = ExitCode(141)
}

@main
struct GenesysLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genesys-lint",
        abstract: "Check Genesys Cloud analytics conversation-detail exports against data-quality rules.",
        discussion: "Exit codes: 0 no finding at or above the fail level; 1 findings at or above it; 2 the tool could not do its job.",
        version: GenesysLintVersion.current,
        // Each command spells out its name: otherwise argument-parser derives it from the type's
        // name by reflection, at every start, which cost more than parsing the arguments.
        subcommands: [Check.self, Merge.self, Rules.self, Explain.self, TestRules.self],
        defaultSubcommand: Check.self
    )

    /// Parses and runs, mapping every usage error to exit code 2 (argument-parser's default
    /// for those is 64, which CI scripts would not expect from a linter).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let failure as CommandFailure {
            printError(failure.message)
            Foundation.exit(Exit.trouble.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                self.exit(withError: error)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(Exit.trouble.rawValue)
        }
    }
}

/// Rule selection and configuration, shared by every command that applies rules.
struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Enable only these rule ids or prefixes (e.g. GDQ2,GDQ301); comma-separated or repeated.", valueName: "ids"))
    var select: [String] = []

    @Option(name: .long, help: ArgumentHelp("Disable these rule ids or prefixes; comma-separated or repeated.", valueName: "ids"))
    var ignore: [String] = []

    @Option(name: .long, help: ArgumentHelp("Override a rule's severity, e.g. GDQ201=error; repeatable.", valueName: "id=level"))
    var severity: [String] = []

    @Option(name: .long, help: ArgumentHelp("Add the rule files in this folder (repeatable).", valueName: "dir"))
    var rules: [String] = []

    @Option(name: .long, help: ArgumentHelp("Use this configuration file instead of the nearest .genesys-lint.json.", valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Ignore any .genesys-lint.json.")
    var noConfig = false

    func settings(failOn: FailLevel? = nil, maxRecordBytes: Int? = nil, asOf: Int64? = nil) throws(CommandFailure) -> CommandLineSettings {
        var settings = CommandLineSettings()
        let split = { (values: [String]) in values.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty } }
        settings.select = select.isEmpty ? nil : split(select)
        settings.ignore = split(ignore)
        for assignment in severity {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let level = Severity(rawValue: parts[1]) else {
                throw CommandFailure("--severity takes ID=LEVEL with LEVEL error, warning or info; got \"\(assignment)\"")
            }
            settings.severity[parts[0]] = level
        }
        settings.ruleDirectories = rules
        settings.failOn = failOn
        settings.maxRecordBytes = maxRecordBytes
        settings.asOf = asOf
        return settings
    }

    /// - Parameter builtInExamples: false for commands that only apply rules, which then start faster.
    func setup(failOn: FailLevel? = nil, maxRecordBytes: Int? = nil, asOf: Int64? = nil, builtInExamples: Bool = true) throws -> Setup {
        do {
            return try Setup.load(
                configFile: config,
                searchFrom: noConfig || config != nil ? nil : FileManager.default.currentDirectoryPath,
                settings: settings(failOn: failOn, maxRecordBytes: maxRecordBytes, asOf: asOf),
                builtInExamples: builtInExamples
            )
        } catch let error as SetupError {
            throw CommandFailure(error.description)
        }
    }
}

extension FailLevel: ExpressibleByArgument {}

/// The values of an option that takes one of an enumeration's cases: their raw values, as
/// argument-parser would list them, but without its generic code path, which cost more at
/// every start than the rest of parsing an option.
extension ExpressibleByArgument where Self: CaseIterable & RawRepresentable, RawValue == String {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// A command could not do its job for a reason found while running (not a parsing mistake):
/// reported as one line, without the usage text, with exit code 2.
struct CommandFailure: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("genesys-lint: \(message)\n".utf8))
}

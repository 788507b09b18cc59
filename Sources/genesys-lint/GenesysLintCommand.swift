import ArgumentParser
import Foundation
import GenesysLint

/// The exit codes of `ExitStatus`, as argument-parser throws them.
enum Exit {
    static let findings = ExitCode(ExitStatus.failed.rawValue)
    static let trouble = ExitCode(ExitStatus.trouble.rawValue)
    static let brokenPipe = ExitCode(ExitStatus.brokenPipe.rawValue)

    /// Ends a finished run with its status: returns when it passed, throws the exit code otherwise.
    static func end(with status: ExitStatus) throws(ExitCode) {
        guard status != .passed else { return }
        throw ExitCode(status.rawValue)
    }
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
        subcommands: [Check.self, Fix.self, Merge.self, Rules.self, Explain.self, TestRules.self],
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

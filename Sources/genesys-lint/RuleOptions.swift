import ArgumentParser
import Foundation
import GenesysLint

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

    func settings(failOn: FailLevel? = nil, maxRecordBytes: Int? = nil, asOf: Int64? = nil, openLineage: OpenLineageSettings = OpenLineageSettings()) throws(CommandFailure) -> CommandLineSettings {
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
        settings.recordLimitName = "--max-record-bytes"
        settings.asOf = asOf
        settings.openLineage = openLineage
        return settings
    }

    /// - Parameter builtInExamples: false for commands that only apply rules, which then start faster.
    func setup(failOn: FailLevel? = nil, maxRecordBytes: Int? = nil, asOf: Int64? = nil, openLineage: OpenLineageSettings = OpenLineageSettings(), builtInExamples: Bool = true) throws -> Setup {
        do {
            return try Setup.load(
                configFile: config,
                searchFrom: noConfig || config != nil ? nil : FileManager.default.currentDirectoryPath,
                settings: settings(failOn: failOn, maxRecordBytes: maxRecordBytes, asOf: asOf, openLineage: openLineage),
                builtInExamples: builtInExamples
            )
        } catch let error as SetupError {
            throw CommandFailure(error.description)
        }
    }
}

import Foundation

/// Settings given on the command line; they override the configuration file's.
public struct CommandLineSettings: Sendable {
    public var select: [String]?
    public var ignore: [String] = []
    public var severity: [String: Severity] = [:]
    public var ruleDirectories: [String] = []
    public var failOn: FailLevel?
    public var maxRecordBytes: Int?
    /// How messages name the record size limit: the command line's own option.
    public var recordLimitName: String?
    public var asOf: Int64?
    /// The OpenLineage names given on the command line.
    public var openLineage = OpenLineageSettings()

    public init() {}
}

/// Why a run could not start: a bad file the user wrote, or bad usage.
public enum SetupError: Error, CustomStringConvertible, Equatable {
    case file(SourceFileError)
    case usage(String)

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .usage(let message): message
        }
    }
}

/// The configuration and rule catalog a command works with, from the config file, the
/// command line, and the rule folders they name.
public struct Setup: Sendable {
    public let configuration: Configuration
    public let catalog: RuleCatalog

    /// - Parameters:
    ///   - configFile: an explicit `--config`; otherwise `.genesys-lint.json` is looked for
    ///     from `searchFrom` upwards (nil: no configuration file).
    ///   - builtInExamples: whether the built-in rules' examples are loaded (see `RuleCatalog.load`).
    public static func load(configFile: String?, searchFrom: String?, settings: CommandLineSettings, builtInExamples: Bool = true) throws(SetupError) -> Setup {
        var configuration = Configuration()
        let catalog: RuleCatalog
        do throws(SourceFileError) {
            if let path = configFile ?? searchFrom.flatMap(Configuration.discover(from:)) {
                configuration = try Configuration.load(path: path)
            }
            catalog = try RuleCatalog.load(userDirectories: configuration.ruleDirectories + settings.ruleDirectories, builtInExamples: builtInExamples)
            try configuration.validate(against: catalog)
        } catch {
            throw .file(error)
        }
        try validate(settings, against: catalog)
        if let select = settings.select { configuration.select = select }
        configuration.ignore += settings.ignore
        configuration.severity.merge(settings.severity) { $1 }
        configuration.ruleDirectories += settings.ruleDirectories
        configuration.failOn = settings.failOn ?? configuration.failOn
        configuration.maxRecordBytes = settings.maxRecordBytes ?? configuration.maxRecordBytes
        configuration.recordLimitName = settings.recordLimitName ?? configuration.recordLimitName
        configuration.asOf = settings.asOf ?? configuration.asOf
        configuration.openLineage = configuration.openLineage.overridden(by: settings.openLineage)
        return Setup(configuration: configuration, catalog: catalog)
    }

    private static func validate(_ settings: CommandLineSettings, against catalog: RuleCatalog) throws(SetupError) {
        for (option, selectors) in [("--select", settings.select ?? []), ("--ignore", settings.ignore)] {
            for selector in selectors where !Configuration.matchesAny(selector, catalog) {
                throw .usage("\(option): no rule matches \"\(selector)\"\(Configuration.hint(selector, catalog)); `genesys-lint rules --all` lists them")
            }
        }
        for id in settings.severity.keys.sorted() where catalog.rule(withId: id) == nil {
            throw .usage("--severity: unknown rule id \"\(id)\"\(Configuration.hint(id, catalog))")
        }
    }

    public var linter: Linter {
        Linter(catalog: catalog, configuration: configuration)
    }

    public var failOn: FailLevel {
        configuration.failOn ?? .error
    }
}

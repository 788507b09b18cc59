import Foundation
import GenesysJSON

/// What a run checks and how strictly: rule selection, severities, parameters, fail level.
/// Read from `.genesys-lint.json` and overridden by command-line options.
public struct Configuration: Sendable {
    /// Rule ids or prefixes to enable; empty means every rule. `ALL` selects everything.
    public var select: [String] = []
    /// Rule ids or prefixes to disable (applied after `select`).
    public var ignore: [String] = []
    /// Per-rule severity overrides.
    public var severity: [String: Severity] = [:]
    /// Per-rule parameter overrides.
    public var parameters: [String: [String: Value]] = [:]
    public var failOn: FailLevel?
    /// Folders of extra rule files.
    public var ruleDirectories: [String] = []
    public var maxRecordBytes: Int?
    /// How messages name the setting of `maxRecordBytes`: its key here, unless the command line
    /// names its own option.
    public var recordLimitName = Configuration.defaultRecordLimitName
    public static let defaultRecordLimitName = "maxRecordBytes"
    /// Work allowed for checking one conversation (see `EvaluationBudget`); nil: the default.
    public var maxConversationSteps: Int?
    /// The moment the run judges the data's age against (milliseconds since 1970); nil: now.
    public var asOf: Int64?
    /// Per-rule limits under which findings do not fail the run (`"thresholds"`).
    public var thresholds: [String: Threshold] = [:]
    /// How the OpenLineage event names the run and its datasets (`"openlineage"`).
    public var openLineage = OpenLineageSettings()
    /// The file this came from, if any.
    public var sourcePath: String?
    private var source: JSONSourceFile?

    public init() {}

    public static let fileName = ".genesys-lint.json"
    static let keys = ["select", "ignore", "severity", "parameters", "failOn", "rules", "maxRecordBytes", "maxConversationSteps", "asOf", "thresholds", "openlineage"]

    /// The nearest `.genesys-lint.json` in `directory` or one of its parents.
    public static func discover(from directory: String) -> String? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// Reads a configuration file. Rule folders in it are relative to the file.
    public static func load(path: String) throws(SourceFileError) -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceFileError(file: path, position: .start, message: "configuration file cannot be read; check the path given to --config")
        }
        let file = JSONSourceFile(path: path, bytes: Array(data))
        let document = try file.parse()
        var configuration = Configuration()
        configuration.sourcePath = path
        configuration.source = file
        try document.withRoot { root throws(SourceFileError) in
            let object = try ObjectReader(file: file, json: root, pointer: [], what: "the configuration")
            try object.rejectUnknownKeys(allowed: keys)
            configuration.select = try object.stringArray("select") ?? []
            configuration.ignore = try object.stringArray("ignore") ?? []
            if let severities = try object.object("severity", what: "\"severity\"") {
                try severities.json.forEachMember { (id, value) throws(SourceFileError) in
                    guard let text = value.string, let level = Severity(rawValue: text) else {
                        throw file.error("severity of \(id) must be \"error\", \"warning\" or \"info\"", at: ["severity", id])
                    }
                    configuration.severity[id] = level
                }
            }
            if let parameters = try object.object("parameters", what: "\"parameters\"") {
                try parameters.json.forEachMember { (id, values) throws(SourceFileError) in
                    guard values.kind == .object else {
                        throw file.error("parameters of \(id) must be an object, e.g. {\"toleranceMs\": 500}", at: ["parameters", id])
                    }
                    values.forEachMember { name, value in
                        configuration.parameters[id, default: [:]][name] = Evaluator.value(of: value)
                    }
                }
            }
            if let failOn = try object.string("failOn") {
                guard let level = FailLevel(rawValue: failOn) else {
                    throw file.error("\"failOn\" must be one of error, warning, info, never", at: ["failOn"])
                }
                configuration.failOn = level
            }
            let base = (path as NSString).deletingLastPathComponent
            configuration.ruleDirectories = (try object.stringArray("rules") ?? []).map {
                $0.hasPrefix("/") ? $0 : (base as NSString).appendingPathComponent($0)
            }
            if let limit = object.value("maxRecordBytes") {
                guard let bytes = limit.integer, bytes > 0 else {
                    throw file.error("\"maxRecordBytes\" must be a positive integer", at: ["maxRecordBytes"])
                }
                configuration.maxRecordBytes = Int(bytes)
            }
            if let limit = object.value("maxConversationSteps") {
                guard let steps = limit.integer, steps > 0 else {
                    throw file.error("\"maxConversationSteps\" must be a positive integer (the default is \(EvaluationBudget.defaultLimit))", at: ["maxConversationSteps"])
                }
                configuration.maxConversationSteps = Int(steps)
            }
            if let asOf = try object.string("asOf") {
                guard let milliseconds = Timestamp.milliseconds(from: asOf) else {
                    throw file.error("\"asOf\" must be an ISO-8601 date-time such as 2026-03-04T00:00:00Z", at: ["asOf"])
                }
                configuration.asOf = milliseconds
            }
            if let thresholds = try object.object("thresholds", what: "\"thresholds\"") {
                try thresholds.json.forEachMember { (id, _) throws(SourceFileError) in
                    guard let limits = try thresholds.object(id, what: "the threshold of \(id)") else { return }
                    try limits.rejectUnknownKeys(allowed: ["failIf"])
                    let example = "e.g. {\"failIf\": \"> 0.5%\"} or {\"failIf\": \">= 10\"}"
                    guard let text = try limits.string("failIf") else {
                        throw file.error("the threshold of \(id) needs \"failIf\", \(example)", at: ["thresholds", id])
                    }
                    guard let threshold = Threshold(text) else {
                        throw file.error("\"failIf\" must be '>' or '>=' and a count or a percentage of the conversations checked, \(example); not \"\(text)\"", at: ["thresholds", id, "failIf"])
                    }
                    configuration.thresholds[id] = threshold
                }
            }
            if let openLineage = try object.object("openlineage", what: "\"openlineage\"") {
                configuration.openLineage = try OpenLineageSettings.load(openLineage)
            }
        }
        return configuration
    }

    /// Checks that every rule id and prefix named here exists in `catalog`, and every
    /// parameter override names a parameter the rule declares.
    public func validate(against catalog: RuleCatalog) throws(SourceFileError) {
        func fail(_ message: String, at pointer: [String]) -> SourceFileError {
            source?.error(message, at: pointer) ?? SourceFileError(file: "command line", position: .start, message: message)
        }
        for (key, selectors) in [("select", select), ("ignore", ignore)] {
            for (index, selector) in selectors.enumerated() where !Self.matchesAny(selector, catalog) {
                throw fail("no rule matches \"\(selector)\"\(Self.hint(selector, catalog)); `genesys-lint rules` lists them", at: [key, String(index)])
            }
        }
        for id in severity.keys.sorted() where catalog.rule(withId: id) == nil {
            throw fail("unknown rule id \"\(id)\"\(Self.hint(id, catalog))", at: ["severity", id])
        }
        for id in thresholds.keys.sorted() where catalog.rule(withId: id) == nil {
            throw fail("unknown rule id \"\(id)\"\(Self.hint(id, catalog))", at: ["thresholds", id])
        }
        for id in parameters.keys.sorted() {
            guard let rule = catalog.rule(withId: id) else {
                throw fail("unknown rule id \"\(id)\"\(Self.hint(id, catalog))", at: ["parameters", id])
            }
            for (name, value) in (parameters[id] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let parameter = rule.parameters.first(where: { $0.name == name }) else {
                    let declared = rule.parameters.map(\.name)
                    throw fail("\(id) has no parameter \"\(name)\"" + (declared.isEmpty ? " (it takes none)" : " (it takes \(declared.joined(separator: ", ")))"), at: ["parameters", id, name])
                }
                // A value of another kind would silently switch the rule off (comparisons with it are false).
                guard value.kindName == parameter.defaultValue.kindName else {
                    throw fail("\(id) parameter \"\(name)\" takes \(parameter.defaultValue.kindName) like its default \(parameter.defaultValue), not \(value.kindName)", at: ["parameters", id, name])
                }
            }
        }
    }

    static func matchesAny(_ selector: String, _ catalog: RuleCatalog) -> Bool {
        selector == "ALL" || catalog.rules.contains { $0.id.hasPrefix(selector) }
    }

    public static func hint(_ selector: String, _ catalog: RuleCatalog) -> String {
        Spelling.closest(to: selector, among: catalog.rules.map(\.id)).map { "; did you mean \($0)?" } ?? ""
    }

    /// Whether a rule is enabled by `select` and not disabled by `ignore`.
    public func isEnabled(_ id: String) -> Bool {
        let selected = select.isEmpty || select.contains { $0 == "ALL" || id.hasPrefix($0) }
        return selected && !ignore.contains { $0 == "ALL" || id.hasPrefix($0) }
    }
}

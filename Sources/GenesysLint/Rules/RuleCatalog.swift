import Foundation

/// Every rule available to a run: the built-in pack compiled into the binary plus the user's
/// rule folders, with the vocabulary they share.
public struct RuleCatalog: Sendable {
    /// Sorted by id.
    public let rules: [Rule]
    public let vocabulary: Vocabulary

    public func rule(withId id: String) -> Rule? {
        rules.first { $0.id == id }
    }

    /// The built-in rules, then the rule files found under each of `directories`.
    public static func load(userDirectories directories: [String] = []) throws(SourceFileError) -> RuleCatalog {
        var sources = EmbeddedRules.files.map { (file: JSONSourceFile(path: $0.path, bytes: Array($0.text.utf8)), isBuiltIn: true) }
        for directory in directories {
            sources += try ruleFiles(in: directory).map { (file: $0, isBuiltIn: false) }
        }
        return try load(sources)
    }

    static func load(_ sources: [(file: JSONSourceFile, isBuiltIn: Bool)]) throws(SourceFileError) -> RuleCatalog {
        var vocabulary = Vocabulary()
        for source in sources where isVocabulary(source.file.path) {
            vocabulary.merge(try RuleLoader.loadVocabulary(source.file))
        }
        var rules: [String: Rule] = [:]
        for source in sources where !isVocabulary(source.file.path) {
            let rule = try RuleLoader.loadRule(source.file, vocabulary: vocabulary, isBuiltIn: source.isBuiltIn)
            if let existing = rules[rule.id] {
                throw source.file.error("rule id \(rule.id) is already used by \(existing.source); give this rule its own id", at: ["id"])
            }
            rules[rule.id] = rule
        }
        return RuleCatalog(rules: rules.values.sorted { $0.id < $1.id }, vocabulary: vocabulary)
    }

    private static func isVocabulary(_ path: String) -> Bool {
        (path as NSString).lastPathComponent == "vocabulary.json"
    }

    /// The `.json` files under a rule folder, in a stable order.
    private static func ruleFiles(in directory: String) throws(SourceFileError) -> [JSONSourceFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SourceFileError(file: directory, position: .start, message: "rule folder not found; --rules takes a folder of rule .json files")
        }
        let paths = (FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".json") }
            .sorted()
        var files: [JSONSourceFile] = []
        for relative in paths {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SourceFileError(file: path, position: .start, message: "cannot be read; check its permissions")
            }
            files.append(JSONSourceFile(path: path, bytes: Array(data)))
        }
        return files
    }
}

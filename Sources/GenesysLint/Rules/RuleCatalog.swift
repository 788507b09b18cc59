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
    ///
    /// Without `builtInExamples`, the examples of the built-in rules (most of their text, and
    /// tested with the project) are neither parsed nor kept, which makes a run start several
    /// times faster; the examples of the user's rules are always read, so mistakes in them
    /// are reported.
    public static func load(userDirectories directories: [String] = [], builtInExamples: Bool = true) throws(SourceFileError) -> RuleCatalog {
        var sources = EmbeddedRules.files.map { entry in
            let bytes = Array(entry.text.utf8)
            let isRule = !isVocabulary(entry.path)
            return (file: JSONSourceFile(path: entry.path, bytes: isRule && !builtInExamples ? withoutExamples(bytes) : bytes), isBuiltIn: true, readsExamples: builtInExamples)
        }
        for directory in directories {
            sources += try ruleFiles(in: directory).map { (file: $0, isBuiltIn: false, readsExamples: true) }
        }
        return try load(sources)
    }

    /// A rule file's text with its examples replaced by an empty object.
    private static func withoutExamples(_ bytes: [UInt8]) -> [UInt8] {
        let range = bytes.withUnsafeBufferPointer { SourceLocator.range(of: ["examples"], in: $0) }
        guard range.lowerBound > 0, bytes[range.lowerBound] == UInt8(ascii: "{") else { return bytes }
        var trimmed = bytes
        trimmed.replaceSubrange(range, with: Array("{}".utf8))
        return trimmed
    }

    static func load(_ sources: [(file: JSONSourceFile, isBuiltIn: Bool, readsExamples: Bool)]) throws(SourceFileError) -> RuleCatalog {
        var vocabulary = Vocabulary()
        for source in sources where isVocabulary(source.file.path) {
            vocabulary.merge(try RuleLoader.loadVocabulary(source.file))
        }
        var rules: [String: Rule] = [:]
        for source in sources where !isVocabulary(source.file.path) {
            let rule = try RuleLoader.loadRule(source.file, vocabulary: vocabulary, isBuiltIn: source.isBuiltIn, readsExamples: source.readsExamples)
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

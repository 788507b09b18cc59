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
    /// tested with the project) are neither parsed nor kept, and their documentation is read
    /// only when asked for, which makes a run start several times faster; the examples and
    /// documentation of the user's rules are always read, so mistakes in them are reported.
    public static func load(userDirectories directories: [String] = [], builtInExamples: Bool = true) throws(SourceFileError) -> RuleCatalog {
        var sources = EmbeddedRules.files.map { RuleSource.builtIn($0, withExamples: builtInExamples) }
        for directory in directories {
            sources += try ruleFiles(in: directory).map { RuleSource(file: $0, isBuiltIn: false) }
        }
        return try load(sources)
    }

    /// The vocabularies first, as every rule is checked against them; then the rules, compiled
    /// on all cores but accepted in source order, so the first mistake in that order is the
    /// one reported and the catalog is the same whatever order the compiling finished in.
    static func load(_ sources: [RuleSource], jobs: Int = ProcessInfo.processInfo.activeProcessorCount) throws(SourceFileError) -> RuleCatalog {
        var vocabulary = Vocabulary()
        for source in sources where isVocabulary(source.file.path) {
            vocabulary.merge(try RuleLoader.loadVocabulary(source.file))
        }
        let ruleSources = sources.filter { !isVocabulary($0.file.path) && !isCoverageTable($0.file.path) }
        let compiled = ruleSources.concurrentMap(jobs: jobs) { [vocabulary] source in
            Result { () throws(SourceFileError) in
                try RuleLoader.loadRule(
                    source.file, vocabulary: vocabulary, isBuiltIn: source.isBuiltIn,
                    readsExamples: source.readsExamples, deferredDocumentation: source.deferredDocumentation,
                    separateExamples: source.separateExamples
                )
            }
        }
        var rules: [String: Rule] = [:]
        for (source, result) in zip(ruleSources, compiled) {
            let rule = try result.get()
            if let existing = rules[rule.id] {
                throw source.file.error("rule id \(rule.id) is already used by \(existing.source); give this rule its own id", at: ["id"])
            }
            rules[rule.id] = rule
        }
        return RuleCatalog(rules: rules.values.sorted { $0.id < $1.id }, vocabulary: vocabulary)
    }

    private static func isVocabulary(_ path: String) -> Bool {
        FilePathNames.fileName(of: path) == "vocabulary.json"
    }

    /// The table of disconnect reasons and outcomes (see `ReasonOutcomeCoverage`) sits among the
    /// built-in rules but holds none.
    static func isCoverageTable(_ path: String) -> Bool {
        FilePathNames.fileName(of: path) == ReasonOutcomeCoverage.fileName
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

/// A rule or vocabulary file to load, and how much of it to read.
struct RuleSource: Sendable {
    let file: JSONSourceFile
    let isBuiltIn: Bool
    /// False when the examples are left unread.
    var readsExamples = true
    /// A built-in rule's documentation, read when it is asked for.
    var deferredDocumentation: EmbeddedRules.File?
    /// A built-in rule's examples, held apart from its definition.
    var separateExamples: JSONSourceFile?

    /// A built-in file; without the examples, only its definition is read.
    static func builtIn(_ file: EmbeddedRules.File, withExamples: Bool) -> RuleSource {
        RuleSource(
            file: JSONSourceFile(path: file.path, bytes: Array(file.definition.utf8)), isBuiltIn: true,
            readsExamples: withExamples && file.examples != nil,
            deferredDocumentation: file.documentation == nil ? nil : file,
            separateExamples: withExamples ? file.examples.map { JSONSourceFile(path: file.path, bytes: Array($0.utf8)) } : nil
        )
    }
}

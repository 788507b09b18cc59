import Foundation
import GenesysJSON

/// Reads rule files (and the vocabulary beside them) into checked, compiled rules. A rule
/// with any mistake is refused with the file, line and column of the mistake: a linter whose
/// rules silently do nothing is worse than one that does not start.
enum RuleLoader {
    static let ruleKeys = ["id", "name", "severity", "confidence", "scope", "condition", "unique", "repeatedIn", "reader", "at", "message", "parameters", "documentation", "covers", "fix", "examples"]
    static let documentationKeys = ["whatItChecks", "whyItMatters", "whatToDo"]

    /// Reads one rule file's text. A built-in rule comes in parts: its definition here, its
    /// documentation read from `deferredDocumentation` when asked for, and its examples, when
    /// wanted, in `separateExamples`.
    static func loadRule(
        _ file: JSONSourceFile, vocabulary: Vocabulary, isBuiltIn: Bool, readsExamples: Bool = true,
        deferredDocumentation: EmbeddedRules.File? = nil, separateExamples: JSONSourceFile? = nil
    ) throws(SourceFileError) -> Rule {
        let document = try file.parse()
        return try document.withRoot { root throws(SourceFileError) in
            let rule = try ObjectReader(file: file, json: root, pointer: [], what: "a rule file")
            try rule.rejectUnknownKeys(allowed: ruleKeys)

            let id = try rule.requiredString("id", example: "\"ACME001\"")
            guard isValidId(id) else {
                throw file.error("rule id \"\(id)\" must be capital letters followed by digits, e.g. \"ACME001\"", at: ["id"])
            }
            let name = try rule.requiredString("name", example: "\"abandoned-client-disconnect\"")
            guard isKebabCase(name) else {
                throw file.error("rule name \"\(name)\" must be kebab-case (lowercase words joined by '-'), naming the pattern flagged", at: ["name"])
            }
            let severity = try rule.requiredChoice("severity", as: Severity.self, choices: [.error, .warning, .info])
            let confidence = try rule.requiredChoice("confidence", as: Rule.Confidence.self, choices: Rule.Confidence.allCases)
            let scope = try rule.requiredChoice("scope", as: Scope.self, choices: Scope.allCases)
            let parameters = try readParameters(rule)
            let parameterNames = Set(parameters.map(\.name))

            let kinds = ["condition", "unique", "reader"].filter { rule.has($0) }
            guard kinds.count == 1 else {
                throw file.error(
                    kinds.isEmpty
                        ? "a rule needs one of \"condition\", \"unique\" or \"reader\", e.g. \"condition\": \"disconnectType == 'spam'\""
                        : "a rule has exactly one of \"condition\", \"unique\" and \"reader\"; this one has \(kinds.joined(separator: " and "))",
                    at: kinds.count > 1 ? [kinds[1]] : [])
            }
            let check: Rule.Check
            var expressionText: String?
            switch kinds[0] {
            case "reader":
                let name = try rule.requiredString("reader", example: "\"malformed-json\"")
                guard let readerCheck = ReaderCheck(rawValue: name) else {
                    throw file.error("\"reader\" must be one of \(ReaderCheck.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\"", at: ["reader"])
                }
                check = .reader(readerCheck)
            default:
                let key = kinds[0]
                let text = try rule.requiredString(key, example: "\"disconnectType == 'spam'\"")
                let expression: Expression
                do throws(ExpressionError) {
                    expression = try ExpressionParser.parse(text, scope: scope, vocabulary: vocabulary, parameters: parameterNames)
                } catch {
                    throw file.error("in \"\(key)\": \(error.message)", inStringAt: [key], characterOffset: error.offset)
                }
                check = key == "condition" ? .condition(expression) : .unique(expression, repeatedIn: try readRepetition(rule))
                expressionText = text
            }
            if rule.has("repeatedIn"), kinds[0] != "unique" {
                throw file.error("\"repeatedIn\" applies only to a \"unique\" rule: it says where the earlier occurrence of the value must be", at: ["repeatedIn"])
            }

            let at = try rule.string("at").map { JSONPointer.tokens(of: $0.hasPrefix("/") ? $0 : "/" + $0) } ?? []
            let messageText = try rule.requiredString("message", example: "\"'spam' disconnect on a {session.mediaType} session\"")
            let message: MessageTemplate
            do throws(ExpressionError) {
                message = try MessageTemplate.parse(messageText) { placeholder, _ throws(ExpressionError) in
                    if case .reader = check {
                        guard placeholder.trimmingSpaces == "detail" else {
                            throw ExpressionError("a reader rule's message can only use {detail}", at: 0)
                        }
                        return .detail
                    }
                    let expression = try ExpressionParser.parse(placeholder, scope: scope, vocabulary: vocabulary, parameters: parameterNames)
                    return .expression(expression, personal: expression.readsPersonalData(vocabulary))
                }
            } catch {
                throw file.error("in \"message\": \(error.message)", inStringAt: ["message"], characterOffset: error.offset)
            }

            let fix = try readFix(rule, check: check, scope: scope, vocabulary: vocabulary, parameters: parameterNames)

            let documentation: Rule.DocumentationSource
            if let deferredDocumentation {
                documentation = .deferred(deferredDocumentation)
            } else {
                guard let docs = try rule.object("documentation", what: "\"documentation\"") else {
                    throw file.error("a rule needs \"documentation\" with \(documentationKeys.joined(separator: ", ")): what it checks, why it matters, what to do", at: [])
                }
                documentation = .loaded(try readDocumentation(docs))
            }
            let examples: [RuleExample]
            if let separateExamples {
                examples = try separateExamples.parse().withRoot { root throws(SourceFileError) in
                    try readExamples(ObjectReader(file: separateExamples, json: root, pointer: [], what: "\"examples\""))
                }
            } else if readsExamples {
                guard let object = try rule.object("examples", what: "\"examples\"") else {
                    throw file.error("a rule needs \"examples\" with at least one \"fire\" and one \"pass\" example", at: [])
                }
                examples = try readExamples(object)
            } else {
                examples = []
            }
            if fix == nil, let example = examples.first(where: { $0.fixed != nil }) {
                throw file.error("an example gives \"fixed\" output, but the rule declares no \"fix\"\(example.description.map { " (example: \($0))" } ?? "")", at: ["examples"])
            }

            return Rule(
                id: id, name: name, severity: severity, confidence: confidence,
                category: FilePathNames.folderName(of: file.path),
                scope: scope, check: check, expressionText: expressionText,
                at: at, message: message, parameters: parameters, documentationSource: documentation,
                examples: examples,
                covers: try readCovers(rule, vocabulary: vocabulary), fix: fix, source: file.path, isBuiltIn: isBuiltIn
            )
        }
    }

    /// Where a `unique` rule wants the earlier occurrence: `repeatedIn`, anywhere when absent.
    private static func readRepetition(_ rule: ObjectReader) throws(SourceFileError) -> Rule.Repetition {
        guard rule.has("repeatedIn") else { return .anywhere }
        return try rule.requiredChoice("repeatedIn", as: Rule.Repetition.self, choices: [.sameFile, .otherFile])
    }

    private static func readDocumentation(_ docs: ObjectReader) throws(SourceFileError) -> Rule.Documentation {
        try docs.rejectUnknownKeys(allowed: documentationKeys)
        return Rule.Documentation(
            whatItChecks: try docs.requiredString("whatItChecks", example: "\"…\""),
            whyItMatters: try docs.requiredString("whyItMatters", example: "\"…\""),
            whatToDo: try docs.requiredString("whatToDo", example: "\"…\"")
        )
    }

    /// The documentation of a built-in rule loaded without it (see `Rule.DocumentationSource`).
    static func deferredDocumentation(of file: EmbeddedRules.File) -> Rule.Documentation {
        do throws(SourceFileError) {
            let text = JSONSourceFile(path: file.path, bytes: Array((file.documentation ?? "").utf8))
            return try text.parse().withRoot { root throws(SourceFileError) in
                try readDocumentation(ObjectReader(file: text, json: root, pointer: [], what: "\"documentation\""))
            }
        } catch {
            // Compiled into the binary, and read in full by the project's tests.
            preconditionFailure("the built-in documentation of \(file.path) cannot be read: \(error)")
        }
    }

    private static func readParameters(_ rule: ObjectReader) throws(SourceFileError) -> [Rule.Parameter] {
        guard let parameters = try rule.object("parameters", what: "\"parameters\"") else { return [] }
        var result: [Rule.Parameter] = []
        try parameters.json.forEachMember { (name, _) throws(SourceFileError) in
            guard let parameter = try parameters.object(name, what: "parameter \"\(name)\"") else { return }
            try parameter.rejectUnknownKeys(allowed: ["default", "description"])
            guard let defaultJSON = parameter.value("default") else {
                throw rule.file.error("parameter \"\(name)\" needs a \"default\" value", at: parameter.pointer)
            }
            let defaultValue = Evaluator.value(of: defaultJSON)
            if case .object = defaultValue {
                throw rule.file.error("a parameter's default must be a number, text, boolean or list", at: parameter.pointer + ["default"])
            }
            result.append(Rule.Parameter(name: name, defaultValue: defaultValue, description: try parameter.requiredString("description", example: "\"…\"")))
        }
        return result
    }

    /// `"fix": {"description": "…", "patch": [{"op": "replace", "path": "/disconnectType",
    /// "value": "meaning('…', disconnectType)"}]}` on a condition rule, or
    /// `"fix": {"description": "…", "normalize": "timestamps"}` on the reader rule it answers.
    private static func readFix(_ rule: ObjectReader, check: Rule.Check, scope: Scope, vocabulary: Vocabulary, parameters: Set<String>) throws(SourceFileError) -> RuleFix? {
        guard let fix = try rule.object("fix", what: "\"fix\"") else { return nil }
        let file = rule.file
        try fix.rejectUnknownKeys(allowed: ["description", "patch", "normalize"])
        let description = try fix.requiredString("description", example: "\"writes the analytics name of the same reason\"")
        switch (fix.has("patch"), fix.has("normalize"), check) {
        case (true, false, .condition):
            guard let elements = try fix.array("patch"), !elements.isEmpty else {
                throw file.error("\"patch\" lists JSON Patch operations, e.g. [{\"op\": \"replace\", \"path\": \"/disconnectType\", \"value\": \"meaning('disconnectTypeOtherApiSpellings', disconnectType)\"}]", at: fix.pointer + ["patch"])
            }
            var operations: [RuleFix.Operation] = []
            for (index, element) in elements.enumerated() {
                let entry = try ObjectReader(file: file, json: element, pointer: fix.pointer + ["patch", String(index)], what: "a patch operation")
                try entry.rejectUnknownKeys(allowed: ["op", "path", "value"])
                let kind = try entry.requiredChoice("op", as: RuleFix.Operation.Kind.self, choices: RuleFix.Operation.Kind.allCases)
                let path = try entry.requiredString("path", example: "\"/disconnectType\"")
                guard path.hasPrefix("/") else {
                    throw file.error("a patch path is a JSON pointer from the rule's \(scope.rawValue), starting with '/', e.g. \"/disconnectType\"", at: entry.pointer + ["path"])
                }
                var value: Expression?
                let valueText = try entry.string("value")
                switch (kind, valueText) {
                case (.remove, nil):
                    break
                case (.remove, _?):
                    throw file.error("a remove operation takes no \"value\"", at: entry.pointer + ["value"])
                case (_, nil):
                    throw file.error("an \(kind.rawValue) operation needs a \"value\": an expression of the rule language, e.g. \"meaning('disconnectTypeOtherApiSpellings', disconnectType)\"", at: entry.pointer)
                case (_, let text?):
                    do throws(ExpressionError) {
                        value = try ExpressionParser.parse(text, scope: scope, vocabulary: vocabulary, parameters: parameters)
                    } catch {
                        throw file.error("in the patch value: \(error.message)", inStringAt: entry.pointer + ["value"], characterOffset: error.offset)
                    }
                }
                operations.append(RuleFix.Operation(kind: kind, path: JSONPointer.tokens(of: path), value: value, valueText: valueText))
            }
            return RuleFix(description: description, action: .patch(operations))
        case (false, true, .reader(let readerCheck)):
            let normalization = try fix.requiredChoice("normalize", as: RuleFix.Normalization.self, choices: RuleFix.Normalization.allCases)
            guard normalization.check == readerCheck else {
                throw file.error("\"normalize\": \"\(normalization.rawValue)\" answers the reader check \(normalization.check.rawValue), not \(readerCheck.rawValue)", at: fix.pointer + ["normalize"])
            }
            return RuleFix(description: description, action: .normalize(normalization))
        case (true, false, _):
            throw file.error("\"patch\" fixes what a \"condition\" rule finds; a reader rule's fix is a \"normalize\"", at: fix.pointer + ["patch"])
        case (false, true, _):
            throw file.error("\"normalize\" is the fix of a reader rule; a condition rule's fix is a \"patch\"", at: fix.pointer + ["normalize"])
        default:
            throw file.error("a fix has one of \"patch\" (JSON Patch operations) and \"normalize\"", at: fix.pointer)
        }
    }

    /// `"covers": [{"outcome": "abandoned", "disconnectTypes": ["client"]}]`: the pairs of the
    /// coverage table the rule checks.
    private static func readCovers(_ rule: ObjectReader, vocabulary: Vocabulary) throws(SourceFileError) -> [ReasonOutcomePair] {
        guard let entries = try rule.array("covers") else { return [] }
        let example = "{\"outcome\": \"abandoned\", \"disconnectTypes\": [\"client\"]}"
        var pairs: [ReasonOutcomePair] = []
        for (index, element) in entries.enumerated() {
            let entry = try ObjectReader(file: rule.file, json: element, pointer: rule.pointer + ["covers", String(index)], what: "an entry of \"covers\"")
            try entry.rejectUnknownKeys(allowed: ["outcome", "disconnectTypes"])
            let outcome = try entry.requiredChoice("outcome", as: ReportedOutcome.self, choices: ReportedOutcome.allCases)
            guard let disconnectTypes = try entry.stringArray("disconnectTypes"), !disconnectTypes.isEmpty else {
                throw rule.file.error("an entry of \"covers\" names the disconnect types it checks with that outcome, e.g. \(example)", at: entry.pointer)
            }
            for disconnectType in disconnectTypes {
                guard vocabulary.enumerations["disconnectType"]?.known.contains(disconnectType) == true else {
                    throw rule.file.error("\"\(disconnectType)\" in \"covers\" is not an analytics disconnectType (written as the export writes it, e.g. \"noAnswerTransfer\")", at: entry.pointer + ["disconnectTypes"])
                }
                pairs.append(ReasonOutcomePair(disconnectType: disconnectType, outcome: outcome))
            }
        }
        return pairs
    }

    /// A rule's `examples` object.
    private static func readExamples(_ examples: ObjectReader) throws(SourceFileError) -> [RuleExample] {
        try examples.rejectUnknownKeys(allowed: ["fire", "pass"])
        var result: [RuleExample] = []
        for kind in [RuleExample.Kind.fire, .pass] {
            guard let elements = try examples.array(kind.rawValue), !elements.isEmpty else {
                throw examples.file.error("\"examples\" needs at least one \"\(kind.rawValue)\" example", at: examples.pointer)
            }
            for (index, element) in elements.enumerated() {
                let example = try ObjectReader(file: examples.file, json: element, pointer: examples.pointer + [kind.rawValue, String(index)], what: "a \(kind.rawValue) example")
                try example.rejectUnknownKeys(allowed: ["description", "input", "inputText", "inputs"] + (kind == .fire ? ["findings", "fixed"] : []))
                let inputs: [[UInt8]]
                switch (example.value("input"), try example.string("inputText"), try example.array("inputs")) {
                case (let json?, nil, nil): inputs = [json.serialized()]
                case (nil, let text?, nil): inputs = [Array(text.utf8)]
                case (nil, nil, let documents?):
                    guard documents.count >= 2 else {
                        throw examples.file.error("\"inputs\" lists two or more documents, read as files one after another; for one document write \"input\"", at: example.pointer + ["inputs"])
                    }
                    inputs = documents.map { $0.serialized() }
                default:
                    throw examples.file.error("an example has one of \"input\" (a JSON document), \"inputText\" (text) or \"inputs\" (several documents, each a file), not several or none", at: example.pointer)
                }
                var pointers: [String] = []
                if kind == .fire {
                    guard let listed = try example.stringArray("findings"), !listed.isEmpty else {
                        throw examples.file.error("a fire example lists the JSON pointers where the rule must fire in \"findings\", e.g. [\"/participants/0/sessions/0/segments/1/disconnectType\"]", at: example.pointer)
                    }
                    pointers = listed
                }
                result.append(RuleExample(
                    kind: kind, description: try example.string("description"), inputs: inputs, listsInputs: example.has("inputs"),
                    expectedPointers: pointers, fixed: example.value("fixed").map { $0.serialized() }
                ))
            }
        }
        return result
    }

    // Both read UTF-8 bytes: every character they accept is ASCII, and the bytes of any other
    // character are none of the ASCII bytes they accept.

    static func isValidId(_ id: String) -> Bool {
        let letters = id.utf8.prefix { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        let digits = id.utf8.dropFirst(letters.count)
        return !letters.isEmpty && !digits.isEmpty && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    static func isKebabCase(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false).allSatisfy { word in
            !word.isEmpty && word.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
    }

    // MARK: Vocabulary

    static func loadVocabulary(_ file: JSONSourceFile) throws(SourceFileError) -> Vocabulary {
        let document = try file.parse()
        return try document.withRoot { root throws(SourceFileError) in
            let vocabulary = try ObjectReader(file: file, json: root, pointer: [], what: "a vocabulary file")
            try vocabulary.rejectUnknownKeys(allowed: ["_about", "enumerations", "fields", "personal"])
            var result = Vocabulary()
            if let enumerations = try vocabulary.object("enumerations", what: "\"enumerations\"") {
                try enumerations.json.forEachMember { (name, _) throws(SourceFileError) in
                    guard let enumeration = try enumerations.object(name, what: "enumeration \"\(name)\"") else { return }
                    try enumeration.rejectUnknownKeys(allowed: ["known", "deprecated", "since", "means"])
                    var values = Vocabulary.Enumeration(
                        known: Set(try enumeration.stringArray("known") ?? []),
                        deprecated: try stringMap(enumeration, "deprecated"),
                        since: try stringMap(enumeration, "since")
                    )
                    values.means = try stringMap(enumeration, "means")
                    if let stray = values.means.keys.sorted().first(where: { !values.contains($0) }) {
                        throw file.error("\"means\" gives a meaning for \"\(stray)\", which is not a value of enumeration \"\(name)\"; list it under \"known\" first", at: enumeration.pointer + ["means", stray])
                    }
                    result.enumerations[name] = values
                }
            }
            if let fields = try vocabulary.object("fields", what: "\"fields\"") {
                try fields.rejectUnknownKeys(allowed: Scope.allCases.map(\.rawValue))
                for scope in Scope.allCases {
                    let types = try stringMap(fields, scope.rawValue)
                    for (field, typeName) in types {
                        guard let type = Vocabulary.FieldType(rawValue: typeName) else {
                            throw file.error("field type must be one of string, integer, number, boolean, array, object, timestamp; not \"\(typeName)\"", at: fields.pointer + [scope.rawValue, field])
                        }
                        result.fields[scope, default: [:]][field] = type
                    }
                }
            }
            if let personal = try vocabulary.object("personal", what: "\"personal\"") {
                try personal.rejectUnknownKeys(allowed: Scope.allCases.map(\.rawValue))
                for scope in Scope.allCases {
                    for field in try personal.stringArray(scope.rawValue) ?? [] {
                        guard result.fields[scope]?[field] != nil else {
                            throw file.error("personal field \"\(field)\" is not a \(scope.rawValue) field listed under \"fields\"", at: personal.pointer + [scope.rawValue])
                        }
                        result.personalFields[scope, default: []].insert(field)
                    }
                }
            }
            return result
        }
    }

    private static func stringMap(_ parent: ObjectReader, _ key: String) throws(SourceFileError) -> [String: String] {
        guard let object = try parent.object(key, what: "\"\(key)\"") else { return [:] }
        var result: [String: String] = [:]
        try object.json.forEachMember { (name, value) throws(SourceFileError) in
            guard let text = value.string else {
                throw object.file.error("\"\(name)\" must be a string", at: object.pointer + [name])
            }
            result[name] = text
        }
        return result
    }
}

extension String {
    // Written with Substring alone: the lazy and reversed views the obvious one-liner goes
    // through cost more to set up, once per run, than compiling a rule.
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

import GenesysJSON

/// What `fix` makes of one conversation: the conversation as it is written (compact, in the
/// API's spelling), the patch from the conversation as it was read, and what decided it.
struct RepairedConversation: Sendable {
    /// Compact JSON text of the repaired conversation.
    let output: [UInt8]
    /// RFC 6902 operations (each compact JSON) from the conversation as read; empty when the
    /// conversation is written exactly as it was read.
    let patch: [String]
    /// The rules whose fixes changed it, in catalog order.
    let rules: [String]
    /// The shape it was read in, when writing it in the API's spelling changed it.
    let normalizedFrom: ExportShape?
    let conversationId: String?
    /// How complete this copy is, to choose among copies of one conversation.
    let copy: CopyCompleteness
}

/// Applies the fixes of the rules in force to conversations: the normalisation of the Python
/// SDK's spelling to the API's, the declared rewrite of non-standard timestamps, then each
/// condition rule's declared patch where the rule fires. A fix whose value cannot be worked out
/// (an expression that gives null, a list or an object) is not applied: the finding stays.
///
/// Runs on any thread: it reads only its own copies and the linter's compiled rules.
struct Repairer: @unchecked Sendable {
    let linter: Linter
    /// The condition rules with a declared patch, by scope: the rule, its condition, and each
    /// operation with its compiled value.
    private let patches: [(scope: Scope, rules: [PatchingRule])]
    /// Whether the rule that reports non-standard timestamps is in force with its rewrite.
    let normalizesTimestamps: Bool
    /// The rule id the timestamp rewrite is recorded under.
    private let timestampRuleId: String?
    /// Every compiled value, kept alive here (the rules above hold them unretained).
    private let programs: [CompiledExpression]

    private struct PatchingRule {
        /// Index into `linter.activeRules`.
        let rule: Int
        let condition: Unmanaged<CompiledExpression>
        let operations: [(kind: RuleFix.Operation.Kind, path: [String], value: Unmanaged<CompiledExpression>?)]
    }

    init(linter: Linter) {
        self.linter = linter
        var programs: [CompiledExpression] = []
        var byScope: [Scope: [PatchingRule]] = [:]
        for (scope, checks) in linter.conditionRules {
            for check in checks {
                let active = linter.activeRules[check.rule]
                guard case .patch(let operations)? = active.rule.fix?.action else { continue }
                let compiled = operations.map { operation in
                    (kind: operation.kind, path: operation.path, value: operation.value.map { value -> Unmanaged<CompiledExpression> in
                        let program = CompiledExpression(value, parameters: active.parameters, texts: linter.texts)
                        programs.append(program)
                        return .passUnretained(program)
                    })
                }
                byScope[scope, default: []].append(PatchingRule(rule: check.rule, condition: check.condition, operations: compiled))
            }
        }
        patches = Scope.allCases.compactMap { scope in byScope[scope].map { (scope, $0) } }
        let timestampRule = linter.readerRules[.nonstandardTimestamp].map { linter.activeRules[$0].rule }
        if case .normalize(.timestamps)? = timestampRule?.fix?.action {
            normalizesTimestamps = true
            timestampRuleId = timestampRule?.id
        } else {
            normalizesTimestamps = false
            timestampRuleId = nil
        }
        self.programs = programs
    }

    /// Whether any fix is in force (the normalisation of shapes always is).
    var hasRuleFixes: Bool { normalizesTimestamps || !patches.isEmpty }

    /// The id of a conversation and how complete this copy is, for choosing among copies,
    /// without repairing it.
    func identity(of json: JSONValue, spelling: ExportShape) -> (id: String?, copy: CopyCompleteness) {
        func read(_ root: JSONValue) -> (String?, CopyCompleteness) {
            let conversation = model(of: root).conversation
            return (conversation.conversationId, CopyCompleteness(of: conversation))
        }
        guard spelling == .pythonSDK else { return read(json) }
        return PythonSDKSpelling.apiCopy(of: json, fieldTypes: linter.fieldTypes).copy.withRoot(read)
    }

    /// Repairs one conversation, `json` spelt as `spelling` says.
    func repair(_ json: JSONValue, spelling: ExportShape) -> RepairedConversation {
        if let unchanged = unchanged(json, spelling: spelling) { return unchanged }
        let document: EditableJSONDocument
        let normalized: Bool
        if spelling == .pythonSDK {
            let (copy, _) = PythonSDKSpelling.apiCopy(of: json, fieldTypes: linter.fieldTypes)
            document = copy.withRoot { EditableJSONDocument(copying: $0) }
            normalized = true
        } else {
            document = EditableJSONDocument(copying: json)
            normalized = false
        }
        var applied: Set<String> = []
        if normalizesTimestamps, let id = timestampRuleId, rewriteTimestamps(in: document) {
            applied.insert(id)
        }
        // The model reads the document: every edit is worked out first and made once it is gone.
        let (edits, conversationId, copy) = document.withRoot { root in
            let (conversation, budget, _) = model(of: root)
            return (plannedEdits(in: conversation, budget: budget), conversation.conversationId, CopyCompleteness(of: conversation))
        }
        for edit in edits where apply(edit, to: document) {
            applied.insert(linter.activeRules[edit.rule].rule.id)
        }
        let output = document.serialized()
        let patch = document.withRoot { target in
            JSONPatchDiff.operations(from: json, to: target) { name in
                spelling == .pythonSDK ? PythonSDKSpelling.camelCase(name) : nil
            }
        }
        let rules = linter.activeRules.map(\.rule.id).filter(applied.contains)
        return RepairedConversation(
            output: output, patch: patch, rules: rules, normalizedFrom: normalized && !patch.isEmpty ? spelling : nil,
            conversationId: conversationId, copy: copy
        )
    }

    /// The conversation written as it was read, when no fix changes it: most conversations,
    /// which then cost neither a copy to edit nor a patch to work out. Nil when a fix applies
    /// (or may: the Python SDK's spelling is always rewritten).
    private func unchanged(_ json: JSONValue, spelling: ExportShape) -> RepairedConversation? {
        guard spelling != .pythonSDK else { return nil }
        let (conversation, budget, hasNonstandardTimestamps) = model(of: json)
        guard !(normalizesTimestamps && hasNonstandardTimestamps), plannedEdits(in: conversation, budget: budget).isEmpty else { return nil }
        return RepairedConversation(
            output: json.serialized(), patch: [], rules: [], normalizedFrom: nil,
            conversationId: conversation.conversationId, copy: CopyCompleteness(of: conversation)
        )
    }

    /// The model of a conversation, with the budget its derived facts were charged to and
    /// whether it holds readable timestamps not in the documented form (the model notes each,
    /// and they are the ones the timestamp rewrite changes).
    private func model(of root: JSONValue) -> (conversation: Conversation, budget: EvaluationBudget, hasNonstandardTimestamps: Bool) {
        var builder = ModelBuilder(fieldTypes: linter.fieldTypes, texts: linter.texts)
        let budget = EvaluationBudget(limit: linter.evaluationBudget)
        let conversation = builder.build(root, budget: budget)
        return (conversation, budget, builder.problems.contains { $0.check == .nonstandardTimestamp })
    }

    /// One operation to make: where, what, and the rule it comes from.
    private struct Edit {
        let rule: Int
        let kind: RuleFix.Operation.Kind
        let path: [JSONStep]
        let value: EditableJSONDocument.NewValue?
    }

    /// The operations of every patching rule that fires on the conversation, with their values.
    private func plannedEdits(in conversation: Conversation, budget: EvaluationBudget) -> [Edit] {
        let evaluator = Evaluator(conversation: conversation, asOf: linter.asOf, budget: budget)
        var edits: [Edit] = []
        for (scope, rules) in patches {
            for index in conversation.indices(of: scope) {
                let binding = Evaluator.Binding(scope: scope, index: index)
                for rule in rules {
                    let fires = rule.condition._withUnsafeGuaranteedRef { !evaluator.guardFails($0, at: binding) && evaluator.evaluate($0, at: binding).isTrue }
                    // A conversation too complex to check is not repaired either.
                    guard !budget.isExhausted else { return [] }
                    guard fires else { continue }
                    let base = Self.steps(of: conversation.pointer(of: scope, at: index))
                    var planned: [Edit] = []
                    for operation in rule.operations {
                        var value: EditableJSONDocument.NewValue?
                        if let program = operation.value {
                            guard let written = Self.newValue(program._withUnsafeGuaranteedRef { evaluator.evaluate($0, at: binding) }) else {
                                planned = []
                                break
                            }
                            value = written
                        }
                        planned.append(Edit(rule: rule.rule, kind: operation.kind, path: base + operation.path.map(Self.step), value: value))
                    }
                    guard !budget.isExhausted else { return [] }
                    edits += planned
                }
            }
        }
        return edits
    }

    private func apply(_ edit: Edit, to document: EditableJSONDocument) -> Bool {
        switch (edit.kind, edit.value) {
        case (.replace, let value?): document.replace(at: edit.path, with: value)
        case (.add, let value?): document.insert(value, at: edit.path)
        case (.remove, _): document.remove(at: edit.path)
        default: false
        }
    }

    /// A value the rule language worked out, as JSON: text, a number, a boolean; nil for null,
    /// lists and objects, which no fix writes.
    private static func newValue(_ value: Value) -> EditableJSONDocument.NewValue? {
        switch value {
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .number(let number):
            number.rounded() == number && abs(number) < 9.0e15 ? .integer(Int64(number)) : .real(number)
        case .null, .list, .object: nil
        }
    }

    /// Rewrites every documented timestamp whose form is not the documented one and whose
    /// instant is exact; whether any was.
    private func rewriteTimestamps(in document: EditableJSONDocument) -> Bool {
        let rewrites = document.withRoot(timestampRewrites(in:))
        for rewrite in rewrites { document.replace(at: rewrite.path, with: .string(rewrite.text)) }
        return !rewrites.isEmpty
    }

    /// Where the documented timestamps of a conversation whose form is not the documented one
    /// and whose instant is exact are, and their text in the documented form.
    private func timestampRewrites(in root: JSONValue) -> [(path: [JSONStep], text: String)] {
        var found: [(path: [JSONStep], text: String)] = []
        func visit(_ object: JSONValue, _ scope: Scope, _ path: [JSONStep]) {
            guard object.kind == .object else { return }
            for name in linter.timestampFields[scope] ?? [] {
                if let text = object[name]?.string, let standard = Timestamp.documentedForm(ofExactInstant: text) {
                    found.append((path + [.member(name)], standard))
                }
            }
        }
        func elements(_ object: JSONValue, _ name: String, _ path: [JSONStep]) -> [(JSONValue, [JSONStep])] {
            guard let array = object[name], array.kind == .array else { return [] }
            return array.elements.enumerated().map { ($1, path + [.member(name), .element($0)]) }
        }
        visit(root, .conversation, [])
        for (participant, participantPath) in elements(root, "participants", []) {
            visit(participant, .participant, participantPath)
            for (session, sessionPath) in elements(participant, "sessions", participantPath) {
                visit(session, .session, sessionPath)
                for (segment, segmentPath) in elements(session, "segments", sessionPath) { visit(segment, .segment, segmentPath) }
                for (metric, metricPath) in elements(session, "metrics", sessionPath) { visit(metric, .metric, metricPath) }
            }
        }
        return found
    }

    private static func steps(of pointer: String) -> [JSONStep] {
        JSONPointer.tokens(of: pointer).map(step)
    }

    /// A reference token as a step: a number is an element, anything else a member.
    private static func step(_ token: String) -> JSONStep {
        if let index = Int(token), index >= 0, !token.hasPrefix("+") { .element(index) } else { .member(token) }
    }
}

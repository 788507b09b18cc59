import GenesysJSON

/// Evaluates resolved expressions against one conversation. Total: every expression ends,
/// and nothing in the data can make it fail; a value of the wrong kind just yields `null`
/// or `false`.
struct Evaluator {
    /// The object an expression is evaluated at: a level and its position in the model's
    /// flat array for that level.
    struct Binding {
        let scope: Scope
        let index: Int
        /// The item of the innermost list quantifier, if any (`it`).
        var item: Value?
    }

    let conversation: Conversation
    /// The run's reference moment, for ages.
    let asOf: Int64
    /// The conversation's budget, shared by every rule; once spent, results are meaningless
    /// and the caller must stop (see `EvaluationBudget`).
    let budget: EvaluationBudget

    func evaluate(_ expression: CompiledExpression, at binding: Binding) -> Value {
        // Codes are only comparable within one numbering.
        precondition(expression.texts === conversation.texts, "an expression compiled with other InternedTexts than its conversation's")
        return evaluate(expression.root, of: expression, at: binding, root: binding)
    }

    /// Whether `expression`'s guard (see `CompiledExpression.Guard`) fails at `binding`, so the
    /// expression is false; the budget is then charged what evaluating it would have cost.
    func guardFails(_ expression: CompiledExpression, at binding: Binding) -> Bool {
        guard let test = expression.guardTest,
              let code = code(of: test.fact, at: index(of: test.fact.scope, from: binding)),
              !expression.literalCodes[test.codes].contains(code)
        else { return false }
        _ = budget.charge(test.cost)
        return true
    }

    /// Evaluates node `index` of `program`. `root` is the object the rule is evaluated at,
    /// which `this.` reaches from inside quantifiers and steps.
    private func evaluate(_ index: CompiledExpression.NodeIndex, of program: CompiledExpression, at binding: Binding, root: Binding) -> Value {
        guard budget.charge(1) else { return .null }
        func evaluate(_ index: CompiledExpression.NodeIndex, at binding: Binding) -> Value {
            self.evaluate(index, of: program, at: binding, root: root)
        }
        /// Whether the optional condition `index` holds at `binding` (no condition always holds).
        func holds(_ index: CompiledExpression.NodeIndex, at binding: Binding) -> Bool {
            index == CompiledExpression.none || evaluate(index, at: binding).isTrue
        }
        func terms(_ run: CompiledExpression.Children) -> UnsafeMutableBufferPointer<CompiledExpression.NodeIndex> {
            UnsafeMutableBufferPointer(rebasing: program.children[Int(run.start)..<Int(run.start + run.count)])
        }
        switch program.nodes[Int(index)] {
        case .literal(let literal):
            return program.literals[Int(literal)]
        case .literalList(let run):
            // What evaluating each item would have charged.
            guard budget.charge(Int(run.count)) else { return .null }
            return .list(Array(program.literals[Int(run.start)..<Int(run.start + run.count)]))
        case .list(let run):
            return .list(terms(run).map { evaluate($0, at: binding) })
        case .fact(let fact):
            return value(of: fact, at: self.index(of: fact.scope, from: binding))
        case .raw(let level, let path, let isTimestamp):
            return raw(path, of: program, in: json(of: level, at: self.index(of: level, from: binding)), isTimestamp: isTimestamp)
        case .not(let inner):
            return .bool(!evaluate(inner, at: binding).isTrue)
        case .and(let run):
            return .bool(terms(run).allSatisfy { evaluate($0, at: binding).isTrue })
        case .or(let run):
            return .bool(terms(run).contains { evaluate($0, at: binding).isTrue })
        case .compare(let comparison, let left, let right):
            return .bool(Self.compare(comparison, evaluate(left, at: binding), evaluate(right, at: binding)))
        case .membership(let element, let list, let negated):
            if case .literalList(let run) = program.nodes[Int(list)] {
                // Compared in place: a list of literals is never built.
                guard budget.charge(1 + Int(run.count)), budget.charge(Int(run.count)) else { return .bool(false) }
                let value = evaluate(element, at: binding)
                let items = program.literals[Int(run.start)..<Int(run.start + run.count)]
                return .bool(items.contains(value) != negated)
            }
            guard case .list(let values) = evaluate(list, at: binding), budget.charge(values.count) else { return .bool(false) }
            return .bool(values.contains(evaluate(element, at: binding)) != negated)
        case .arithmetic(let operation, let left, let right):
            return Self.arithmetic(operation, evaluate(left, at: binding), evaluate(right, at: binding))
        case .absolute(let inner):
            guard case .number(let number) = evaluate(inner, at: binding) else { return .null }
            return .number(Swift.abs(number))
        case .rounded(let inner):
            guard case .number(let number) = evaluate(inner, at: binding) else { return .null }
            return .number(number.rounded())
        case .conditional(let condition, let then, let otherwise):
            return evaluate(condition, at: binding).isTrue ? evaluate(then, at: binding) : evaluate(otherwise, at: binding)
        case .negate(let inner):
            guard case .number(let number) = evaluate(inner, at: binding) else { return .null }
            return .number(-number)
        case .exists(let inner):
            return .bool(evaluate(inner, at: binding) != .null)
        case .quantifier(let quantifier, let owner, let element, let condition):
            let members = range(of: element, in: self.index(of: owner, from: binding), owner: owner)
            guard budget.charge(members.count) else { return .null }
            let holdsAt = { (member: Int) in holds(condition, at: Binding(scope: element, index: member)) }
            switch quantifier {
            case .any: return .bool(members.contains(where: holdsAt))
            case .all: return .bool(members.allSatisfy(holdsAt))
            case .count: return .number(Double(members.lazy.filter(holdsAt).count))
            }
        case .itemQuantifier(let quantifier, let list, let condition):
            guard case .list(let items) = evaluate(list, at: binding), budget.charge(items.count) else {
                return quantifier == .count ? .null : .bool(false)
            }
            let holdsFor = { (item: Value) -> Bool in
                var itemBinding = binding
                itemBinding.item = item
                return holds(condition, at: itemBinding)
            }
            switch quantifier {
            case .any: return .bool(items.contains(where: holdsFor))
            case .all: return .bool(items.allSatisfy(holdsFor))
            case .count: return .number(Double(items.lazy.filter(holdsFor).count))
            }
        case .item:
            return binding.item ?? .null
        case .memberValues(let level, let path):
            guard let object = member(path, of: program, in: json(of: level, at: self.index(of: level, from: binding))),
                  object.kind == .object
            else { return .null }
            guard budget.charge(object.count) else { return .null }
            var values: [Value] = []
            object.forEachMember { _, value in values.append(Self.value(of: value)) }
            return .list(values)
        case .aggregate(let aggregate, let owner, let element, let value, let condition):
            var result: Double?
            let members = range(of: element, in: self.index(of: owner, from: binding), owner: owner)
            guard budget.charge(members.count) else { return .null }
            for member in members {
                let memberBinding = Binding(scope: element, index: member)
                guard holds(condition, at: memberBinding), case .number(let number) = evaluate(value, at: memberBinding) else { continue }
                result = switch aggregate {
                case .sum: (result ?? 0) + number
                case .min: Swift.min(result ?? number, number)
                case .max: Swift.max(result ?? number, number)
                }
            }
            // An empty sum is 0; the min or max of nothing is unknown.
            return result.map { .number($0) } ?? (aggregate == .sum ? .number(0) : .null)
        case .hasMetric(let name, let owner):
            let metrics = range(of: .metric, in: self.index(of: owner, from: binding), owner: owner)
            guard budget.charge(metrics.count) else { return .null }
            return .bool(conversation.metrics[metrics].contains { $0.name == program.names[Int(name)] })
        case .metric(let name, let owner):
            let metrics = range(of: .metric, in: self.index(of: owner, from: binding), owner: owner)
            guard budget.charge(metrics.count) else { return .null }
            return Value(conversation.metrics[metrics].first { $0.name == program.names[Int(name)] }?.value)
        case .knownSince(let enumeration, let inner):
            guard case .string(let text) = evaluate(inner, at: binding) else { return .null }
            return Value(program.texts.firstSeen(program.texts.code(of: text), enumeration: enumeration))
        case .isDeprecated(let enumeration, let inner):
            guard case .string(let text) = evaluate(inner, at: binding) else { return .bool(false) }
            return .bool(program.texts.isDeprecated(program.texts.code(of: text), enumeration: enumeration))
        case .meaning(let enumeration, let inner):
            guard case .string(let text) = evaluate(inner, at: binding) else { return .null }
            return Value(program.texts.meaning(of: text, enumeration: enumeration))
        case .isKnown(let enumeration, let inner):
            switch evaluate(inner, at: binding) {
            case .null: return .bool(true)
            case .string(let text): return .bool(program.texts.contains(program.texts.code(of: text), enumeration: enumeration))
            default: return .bool(false)
            }
        case .navigate(.this, let inner):
            return self.evaluate(inner, of: program, at: root, root: root)
        case .navigate(let navigation, let inner):
            guard let target = step(navigation, from: binding) else { return .null }
            return evaluate(inner, at: target)
        case .lower(let inner):
            guard case .string(let text) = evaluate(inner, at: binding) else { return .null }
            return .string(text.lowercased())
        case .startsWith(let text, let prefix):
            guard case .string(let text) = evaluate(text, at: binding), case .string(let prefix) = evaluate(prefix, at: binding) else {
                return .bool(false)
            }
            return .bool(text.hasPrefix(prefix))
        case .length(let inner):
            switch evaluate(inner, at: binding) {
            case .string(let text): return .number(Double(text.count))
            case .list(let values): return .number(Double(values.count))
            default: return .null
            }
        case .factEqualsText(let fact, let literal, let negated):
            // Charged as the comparison's two operands would have been.
            guard budget.charge(2) else { return .null }
            let at = self.index(of: fact.scope, from: binding)
            let literalCode = program.literalCodes[Int(literal)]
            if literalCode != InternedTexts.other, let code = code(of: fact, at: at) {
                return .bool((code == literalCode) != negated)
            }
            guard case .string(let expected) = program.literals[Int(literal)] else { return .bool(negated) }
            return .bool((text(of: fact, at: at) == expected) != negated)
        case .factInLiterals(let fact, let run, let negated, let cost, let coded):
            guard budget.charge(Int(cost) - 1) else { return .bool(false) }
            let at = self.index(of: fact.scope, from: binding)
            let range = Int(run.start)..<Int(run.start + run.count)
            if coded, let code = code(of: fact, at: at) {
                return .bool(program.literalCodes[range].contains(code) != negated)
            }
            let items = program.literals[range]
            let found = if let text = text(of: fact, at: at) {
                items.contains { if case .string(let item) = $0 { item == text } else { false } }
            } else {
                items.contains(.null)
            }
            return .bool(found != negated)
        case .factExists(let fact):
            guard budget.charge(1) else { return .null }
            return .bool(value(of: fact, at: self.index(of: fact.scope, from: binding)) != .null)
        case .factIsKnown(let enumeration, let fact):
            guard budget.charge(1) else { return .null }
            let code = textCode(of: fact, at: self.index(of: fact.scope, from: binding), in: program)
            return .bool(code == InternedTexts.absent || program.texts.contains(code, enumeration: enumeration))
        case .factIsDeprecated(let enumeration, let fact):
            guard budget.charge(1) else { return .null }
            return .bool(program.texts.isDeprecated(textCode(of: fact, at: self.index(of: fact.scope, from: binding), in: program), enumeration: enumeration))
        case .factKnownSince(let enumeration, let fact):
            guard budget.charge(1) else { return .null }
            return Value(program.texts.firstSeen(textCode(of: fact, at: self.index(of: fact.scope, from: binding), in: program), enumeration: enumeration))
        }
    }

    // MARK: Navigating the model

    /// Position of the `level` object that encloses (or is) the bound object.
    func index(of level: Scope, from binding: Binding) -> Int {
        var scope = binding.scope
        var index = binding.index
        while scope != level {
            switch scope {
            case .segment: index = conversation.segments[index].session
            case .metric: index = conversation.metrics[index].session
            case .session: index = conversation.sessions[index].participant
            case .participant: index = 0
            case .conversation: return 0
            }
            scope = scope.parent ?? .conversation
        }
        return index
    }

    /// The object one navigation step away, nil where there is none.
    func step(_ navigation: Expression.Navigation, from binding: Binding) -> Binding? {
        let start = index(of: navigation.scope, from: binding)
        switch navigation {
        case .previous, .next:
            let target = start + (navigation == .previous ? -1 : 1)
            guard conversation.segments.indices.contains(target),
                  conversation.segments[target].session == conversation.segments[start].session
            else { return nil }
            return Binding(scope: .segment, index: target)
        case .visit:
            return conversation.sessions[start].visit.map { Binding(scope: .session, index: $0) }
        case .this:
            // Resolved by the evaluator, which knows the rule's own object.
            return binding
        }
    }

    /// Positions of the `element` objects inside the `owner` object at `index`.
    func range(of element: Scope, in index: Int, owner: Scope) -> Range<Int> {
        switch owner {
        case .conversation:
            switch element {
            case .participant: return conversation.participants.indices
            case .session: return conversation.sessions.indices
            case .segment: return conversation.segments.indices
            default: return conversation.metrics.indices
            }
        case .participant:
            let sessions = conversation.participants[index].sessions
            guard element != .session else { return sessions }
            guard let first = sessions.first, let last = sessions.last else { return 0..<0 }
            return element == .segment
                ? conversation.sessions[first].segments.lowerBound..<conversation.sessions[last].segments.upperBound
                : conversation.sessions[first].metrics.lowerBound..<conversation.sessions[last].metrics.upperBound
        default:
            return element == .segment ? conversation.sessions[index].segments : conversation.sessions[index].metrics
        }
    }

    func json(of level: Scope, at index: Int) -> JSONValue {
        switch level {
        case .conversation: conversation.json
        case .participant: conversation.participants[index].json
        case .session: conversation.sessions[index].json
        case .segment: conversation.segments[index].json
        case .metric: conversation.metrics[index].json
        }
    }

    /// The code of a text fact's value (see `InternedTexts`): recorded by the model for the
    /// enumerated fields, nil for the others (ids).
    private func code(of fact: Fact, at index: Int) -> Int32? {
        switch fact {
        case .purpose: conversation.participants[index].purposeCode
        case .mediaType: conversation.sessions[index].mediaTypeCode
        case .direction: conversation.sessions[index].directionCode
        case .outcome: conversation.sessions[index].outcomeCode
        case .finalDisconnectType: conversation.sessions[index].finalDisconnectTypeCode
        case .segmentType: conversation.segments[index].segmentTypeCode
        case .disconnectType: conversation.segments[index].disconnectTypeCode
        case .metricName: conversation.metrics[index].nameCode
        default: nil
        }
    }

    /// The code of a text fact's value, looked up when the model has not recorded it.
    private func textCode(of fact: Fact, at index: Int, in program: CompiledExpression) -> Int32 {
        code(of: fact, at: index) ?? program.texts.code(of: text(of: fact, at: index))
    }

    /// The value of a fact that is text (`Fact.isText`), without wrapping it in a `Value`.
    private func text(of fact: Fact, at index: Int) -> String? {
        switch fact {
        case .conversationId: conversation.conversationId
        case .purpose: conversation.participants[index].purpose
        case .mediaType: conversation.sessions[index].mediaType
        case .direction: conversation.sessions[index].direction
        case .outcome: conversation.sessions[index].outcome?.rawValue
        case .finalDisconnectType: conversation.sessions[index].finalDisconnectType
        case .sessionQueueId: conversation.sessions[index].queueId
        case .segmentType: conversation.segments[index].segmentType
        case .disconnectType: conversation.segments[index].disconnectType
        case .segmentQueueId: conversation.segments[index].queueId
        case .metricName: conversation.metrics[index].name
        // Not text: no value of it is.
        default: nil
        }
    }

    private func value(of fact: Fact, at index: Int) -> Value {
        switch fact {
        case .conversationId, .purpose, .mediaType, .direction, .outcome, .finalDisconnectType, .sessionQueueId,
             .segmentType, .disconnectType, .segmentQueueId, .metricName:
            Value(text(of: fact, at: index))
        case .conversationStart: Value(conversation.conversationStart)
        case .conversationEnd: Value(conversation.conversationEnd)
        case .conversationDurationMs: Value(conversation.durationMs)
        case .isEnded: .bool(conversation.conversationEnd != nil)
        case .ageMs: Value((conversation.conversationEnd ?? conversation.conversationStart).map { asOf - $0 })
        case .participantIndex: .number(Double(conversation.participants[index].index))
        case .isQueueVisit: .bool(conversation.sessions[index].isQueueVisit)
        case .isAnswered: .bool(conversation.sessions[index].isAnswered)
        case .isNotResponding: .bool(conversation.sessions[index].isNotResponding)
        case .sessionIndex: .number(Double(conversation.sessions[index].index))
        case .answeredCount: .number(Double(conversation.sessions[index].answeredCount))
        case .reachedAgent: .bool(conversation.sessions[index].reachedAgent)
        case .segmentStart: Value(conversation.segments[index].segmentStart)
        case .segmentEnd: Value(conversation.segments[index].segmentEnd)
        case .segmentDurationMs: Value(conversation.segments[index].durationMs)
        case .isFirst: .bool(conversation.segments[index].isFirst)
        case .isLast: .bool(conversation.segments[index].isLast)
        case .segmentIndex: .number(Double(conversation.segments[index].index))
        case .metricValue: Value(conversation.metrics[index].value)
        case .emitDate: Value(conversation.metrics[index].emitDate)
        case .metricIndex: .number(Double(conversation.metrics[index].index))
        case .metricOccurrence: .number(Double(conversation.metrics[index].occurrence))
        }
    }

    /// The value at `path` below `object`, null where a member is missing.
    private func raw(_ path: CompiledExpression.Path, of program: CompiledExpression, in object: JSONValue, isTimestamp: Bool) -> Value {
        guard let current = member(path, of: program, in: object) else { return .null }
        if isTimestamp {
            return Value(current.string.flatMap(Timestamp.milliseconds(from:)))
        }
        return Self.value(of: current)
    }

    private func member(_ path: CompiledExpression.Path, of program: CompiledExpression, in object: JSONValue) -> JSONValue? {
        var current = object
        for key in Int(path.start)..<Int(path.start + path.count) {
            guard let next = current.member(utf8: program.key(key)) else { return nil }
            current = next
        }
        return current
    }

    static func value(of json: JSONValue) -> Value {
        switch json.kind {
        case .string: Value(json.string)
        case .integer, .real: json.number.map { .number($0) } ?? .null
        case .true: .bool(true)
        case .false: .bool(false)
        case .null: .null
        case .array: .list(json.elements.map(value(of:)))
        case .object: .object
        }
    }

    // MARK: Operators

    static func compare(_ comparison: Expression.Comparison, _ left: Value, _ right: Value) -> Bool {
        switch comparison {
        case .equal: return left == right
        case .notEqual: return left != right
        default: break
        }
        let order: Bool?
        switch (left, right) {
        case (.number(let a), .number(let b)):
            order = comparison == .less ? a < b : comparison == .lessOrEqual ? a <= b : comparison == .greater ? a > b : a >= b
        case (.string(let a), .string(let b)):
            order = comparison == .less ? a < b : comparison == .lessOrEqual ? a <= b : comparison == .greater ? a > b : a >= b
        default:
            order = nil
        }
        return order ?? false
    }

    static func arithmetic(_ operation: Expression.Arithmetic, _ left: Value, _ right: Value) -> Value {
        guard case .number(let a) = left, case .number(let b) = right else { return .null }
        switch operation {
        case .add: return .number(a + b)
        case .subtract: return .number(a - b)
        case .multiply: return .number(a * b)
        case .divide: return b == 0 ? .null : .number(a / b)
        }
    }
}

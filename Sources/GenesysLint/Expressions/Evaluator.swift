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
    let vocabulary: Vocabulary
    var parameters: [String: Value]
    /// The run's reference moment, for ages.
    let asOf: Int64
    /// The conversation's budget, shared by every rule; once spent, results are meaningless
    /// and the caller must stop (see `EvaluationBudget`).
    let budget: EvaluationBudget

    func evaluate(_ expression: Expression, at binding: Binding) -> Value {
        evaluate(expression, at: binding, root: binding)
    }

    /// `root` is the object the rule is evaluated at, which `this.` reaches from inside
    /// quantifiers and steps.
    private func evaluate(_ expression: Expression, at binding: Binding, root: Binding) -> Value {
        guard budget.charge(1) else { return .null }
        switch expression {
        case .literal(let value):
            return value
        case .list(let elements):
            return .list(elements.map { evaluate($0, at: binding, root: root) })
        case .fact(let fact):
            return value(of: fact, at: index(of: fact.scope, from: binding))
        case .raw(let level, let path, let isTimestamp):
            return raw(path, of: json(of: level, at: index(of: level, from: binding)), isTimestamp: isTimestamp)
        case .parameter(let name):
            return parameters[name] ?? .null
        case .not(let inner):
            return .bool(!evaluate(inner, at: binding, root: root).isTrue)
        case .and(let terms):
            return .bool(terms.allSatisfy { evaluate($0, at: binding, root: root).isTrue })
        case .or(let terms):
            return .bool(terms.contains { evaluate($0, at: binding, root: root).isTrue })
        case .compare(let comparison, let left, let right):
            return .bool(Self.compare(comparison, evaluate(left, at: binding, root: root), evaluate(right, at: binding, root: root)))
        case .membership(let element, let list, let negated):
            guard case .list(let values) = evaluate(list, at: binding, root: root), budget.charge(values.count) else { return .bool(false) }
            return .bool(values.contains(evaluate(element, at: binding, root: root)) != negated)
        case .arithmetic(let operation, let left, let right):
            return Self.arithmetic(operation, evaluate(left, at: binding, root: root), evaluate(right, at: binding, root: root))
        case .absolute(let inner):
            guard case .number(let number) = evaluate(inner, at: binding, root: root) else { return .null }
            return .number(Swift.abs(number))
        case .conditional(let condition, let then, let otherwise):
            return evaluate(condition, at: binding, root: root).isTrue ? evaluate(then, at: binding, root: root) : evaluate(otherwise, at: binding, root: root)
        case .negate(let inner):
            guard case .number(let number) = evaluate(inner, at: binding, root: root) else { return .null }
            return .number(-number)
        case .exists(let inner):
            return .bool(evaluate(inner, at: binding, root: root) != .null)
        case .quantifier(let quantifier, let owner, let element, let condition):
            let members = range(of: element, in: index(of: owner, from: binding), owner: owner)
            guard budget.charge(members.count) else { return .null }
            func holds(_ member: Int) -> Bool {
                condition.map { evaluate($0, at: Binding(scope: element, index: member), root: root).isTrue } ?? true
            }
            switch quantifier {
            case .any: return .bool(members.contains(where: holds))
            case .all: return .bool(members.allSatisfy(holds))
            case .count: return .number(Double(members.lazy.filter(holds).count))
            }
        case .itemQuantifier(let quantifier, let list, let condition):
            guard case .list(let items) = evaluate(list, at: binding, root: root), budget.charge(items.count) else {
                return quantifier == .count ? .null : .bool(false)
            }
            func holds(_ item: Value) -> Bool {
                var itemBinding = binding
                itemBinding.item = item
                return condition.map { evaluate($0, at: itemBinding, root: root).isTrue } ?? true
            }
            switch quantifier {
            case .any: return .bool(items.contains(where: holds))
            case .all: return .bool(items.allSatisfy(holds))
            case .count: return .number(Double(items.lazy.filter(holds).count))
            }
        case .item:
            return binding.item ?? .null
        case .memberValues(let level, let path):
            var object = json(of: level, at: index(of: level, from: binding))
            for key in path {
                guard let next = object[key] else { return .null }
                object = next
            }
            guard object.kind == .object else { return .null }
            guard budget.charge(object.count) else { return .null }
            var values: [Value] = []
            object.forEachMember { _, value in values.append(Self.value(of: value)) }
            return .list(values)
        case .aggregate(let aggregate, let owner, let element, let value, let condition):
            var result: Double?
            let members = range(of: element, in: index(of: owner, from: binding), owner: owner)
            guard budget.charge(members.count) else { return .null }
            for member in members {
                let memberBinding = Binding(scope: element, index: member)
                guard condition.map({ evaluate($0, at: memberBinding, root: root).isTrue }) ?? true,
                      case .number(let number) = evaluate(value, at: memberBinding, root: root)
                else { continue }
                result = switch aggregate {
                case .sum: (result ?? 0) + number
                case .min: Swift.min(result ?? number, number)
                case .max: Swift.max(result ?? number, number)
                }
            }
            // An empty sum is 0; the min or max of nothing is unknown.
            return result.map { .number($0) } ?? (aggregate == .sum ? .number(0) : .null)
        case .hasMetric(let name, let owner):
            let metrics = range(of: .metric, in: index(of: owner, from: binding), owner: owner)
            guard budget.charge(metrics.count) else { return .null }
            return .bool(conversation.metrics[metrics].contains { $0.name == name })
        case .metric(let name, let owner):
            let metrics = range(of: .metric, in: index(of: owner, from: binding), owner: owner)
            guard budget.charge(metrics.count) else { return .null }
            return Value(conversation.metrics[metrics].first { $0.name == name }?.value)
        case .knownSince(let enumeration, let inner):
            guard case .string(let text) = evaluate(inner, at: binding, root: root),
                  let month = vocabulary.enumerations[enumeration]?.since[text]
            else { return .null }
            return Value(Timestamp.milliseconds(from: month + "-01T00:00:00Z"))
        case .isDeprecated(let enumeration, let inner):
            guard case .string(let text) = evaluate(inner, at: binding, root: root) else { return .bool(false) }
            return .bool(vocabulary.enumerations[enumeration]?.deprecated[text] != nil)
        case .isKnown(let enumeration, let inner):
            switch evaluate(inner, at: binding, root: root) {
            case .null: return .bool(true)
            case .string(let text): return .bool(vocabulary.enumerations[enumeration]?.contains(text) ?? false)
            default: return .bool(false)
            }
        case .navigate(.this, let inner):
            return evaluate(inner, at: root, root: root)
        case .navigate(let navigation, let inner):
            guard let target = step(navigation, from: binding) else { return .null }
            return evaluate(inner, at: target, root: root)
        case .lower(let inner):
            guard case .string(let text) = evaluate(inner, at: binding, root: root) else { return .null }
            return .string(text.lowercased())
        case .startsWith(let text, let prefix):
            guard case .string(let text) = evaluate(text, at: binding, root: root), case .string(let prefix) = evaluate(prefix, at: binding, root: root) else {
                return .bool(false)
            }
            return .bool(text.hasPrefix(prefix))
        case .length(let inner):
            switch evaluate(inner, at: binding, root: root) {
            case .string(let text): return .number(Double(text.count))
            case .list(let values): return .number(Double(values.count))
            default: return .null
            }
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

    private func value(of fact: Fact, at index: Int) -> Value {
        switch fact {
        case .conversationId: Value(conversation.conversationId)
        case .conversationStart: Value(conversation.conversationStart)
        case .conversationEnd: Value(conversation.conversationEnd)
        case .conversationDurationMs: Value(conversation.durationMs)
        case .isEnded: .bool(conversation.conversationEnd != nil)
        case .ageMs: Value((conversation.conversationEnd ?? conversation.conversationStart).map { asOf - $0 })
        case .purpose: Value(conversation.participants[index].purpose)
        case .participantIndex: .number(Double(conversation.participants[index].index))
        case .mediaType: Value(conversation.sessions[index].mediaType)
        case .direction: Value(conversation.sessions[index].direction)
        case .isQueueVisit: .bool(conversation.sessions[index].isQueueVisit)
        case .outcome: Value(conversation.sessions[index].outcome?.rawValue)
        case .isAnswered: .bool(conversation.sessions[index].isAnswered)
        case .isNotResponding: .bool(conversation.sessions[index].isNotResponding)
        case .finalDisconnectType: Value(conversation.sessions[index].finalDisconnectType)
        case .sessionQueueId: Value(conversation.sessions[index].queueId)
        case .sessionIndex: .number(Double(conversation.sessions[index].index))
        case .answeredCount: .number(Double(conversation.sessions[index].answeredCount))
        case .reachedAgent: .bool(conversation.sessions[index].reachedAgent)
        case .segmentType: Value(conversation.segments[index].segmentType)
        case .disconnectType: Value(conversation.segments[index].disconnectType)
        case .segmentStart: Value(conversation.segments[index].segmentStart)
        case .segmentEnd: Value(conversation.segments[index].segmentEnd)
        case .segmentDurationMs: Value(conversation.segments[index].durationMs)
        case .isFirst: .bool(conversation.segments[index].isFirst)
        case .isLast: .bool(conversation.segments[index].isLast)
        case .segmentQueueId: Value(conversation.segments[index].queueId)
        case .segmentIndex: .number(Double(conversation.segments[index].index))
        case .metricName: Value(conversation.metrics[index].name)
        case .metricValue: Value(conversation.metrics[index].value)
        case .emitDate: Value(conversation.metrics[index].emitDate)
        case .metricIndex: .number(Double(conversation.metrics[index].index))
        case .metricOccurrence: .number(Double(conversation.metrics[index].occurrence))
        }
    }

    private func raw(_ path: [String], of object: JSONValue, isTimestamp: Bool) -> Value {
        var current = object
        for key in path {
            guard let next = current[key] else { return .null }
            current = next
        }
        if isTimestamp {
            return Value(current.string.flatMap(Timestamp.milliseconds(from:)))
        }
        return Self.value(of: current)
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

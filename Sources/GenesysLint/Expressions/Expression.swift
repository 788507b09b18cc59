/// A rule expression after parsing and name resolution: every field is known to exist at its
/// level, so evaluation never looks a name up by text except for raw JSON fields.
indirect enum Expression: Sendable, Equatable {
    case literal(Value)
    case list([Expression])
    case fact(Fact)
    /// A documented field read straight from the JSON of the object at `scope`.
    case raw(Scope, path: [String], isTimestamp: Bool)
    case parameter(String)
    case not(Expression)
    /// All of the terms (a chain of `and`, kept flat so long chains cost no depth).
    case and([Expression])
    /// Any of the terms.
    case or([Expression])
    case compare(Comparison, Expression, Expression)
    case membership(Expression, in: Expression, negated: Bool)
    case arithmetic(Arithmetic, Expression, Expression)
    case negate(Expression)
    case absolute(Expression)
    /// To the nearest whole number, halves away from zero.
    case rounded(Expression)
    /// `if(condition, then, otherwise)`.
    case conditional(Expression, Expression, Expression)
    case exists(Expression)
    case quantifier(Quantifier, owner: Scope, element: Scope, condition: Expression?)
    /// `any`, `all` or `count` over the items of a list value; the condition sees each as `it`.
    case itemQuantifier(Quantifier, list: Expression, condition: Expression?)
    /// The item a list quantifier is looking at.
    case item
    /// The member values of a documented object field (participant `attributes`), as a list.
    case memberValues(Scope, path: [String])
    /// `sum`, `min` or `max` of `value` over the elements (where `condition` holds).
    case aggregate(Aggregate, owner: Scope, element: Scope, value: Expression, condition: Expression?)
    case hasMetric(String, owner: Scope)
    case metric(String, owner: Scope)
    case isKnown(enumeration: String, Expression)
    /// When a value of an enumeration first appeared (milliseconds, first day of its month), or null.
    case knownSince(enumeration: String, Expression)
    /// Whether the value is a deprecated (removed) value of an enumeration.
    case isDeprecated(enumeration: String, Expression)
    /// `meaning('enumeration', value)`: the value the enumeration's `means` map gives for a
    /// spelling (the analytics name of another API's spelling), null for any other value.
    case meaning(enumeration: String, Expression)
    /// The inner expression evaluated at a neighbouring object (`previous.`, `next.`, `visit.`).
    case navigate(Navigation, Expression)
    case lower(Expression)
    case startsWith(Expression, Expression)
    case length(Expression)

    enum Comparison: String, Sendable { case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=" }
    enum Arithmetic: String, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/" }
    enum Quantifier: String, Sendable { case any, all, count }
    enum Aggregate: String, Sendable { case sum, min, max }

    /// Steps from the current object to a related one; `null` where there is none.
    enum Navigation: String, Sendable, CaseIterable {
        /// The segment before this one in its session.
        case previous
        /// The segment after this one in its session.
        case next
        /// An agent session's queue visit: the ACD session it was routed from.
        case visit
        /// The object the rule itself is evaluated at, from inside a quantifier or step.
        case this

        /// The level the step starts from and lands on (`this`: decided by the rule's scope).
        var scope: Scope { self == .visit ? .session : .segment }
    }

    /// The direct sub-expressions, for checks over the whole tree.
    var children: [Expression] {
        switch self {
        case .literal, .fact, .raw, .parameter, .hasMetric, .metric, .item, .memberValues: []
        case .itemQuantifier(_, let list, let condition): [list] + (condition.map { [$0] } ?? [])
        case .list(let items), .and(let items), .or(let items): items
        case .not(let inner), .negate(let inner), .absolute(let inner), .rounded(let inner), .exists(let inner), .isKnown(_, let inner),
             .knownSince(_, let inner), .isDeprecated(_, let inner), .meaning(_, let inner), .navigate(_, let inner), .lower(let inner), .length(let inner):
            [inner]
        case .compare(_, let left, let right), .arithmetic(_, let left, let right), .startsWith(let left, let right):
            [left, right]
        case .membership(let element, let list, _): [element, list]
        case .conditional(let condition, let then, let otherwise): [condition, then, otherwise]
        case .quantifier(_, _, _, let condition): condition.map { [$0] } ?? []
        case .aggregate(_, _, _, let value, let condition): [value] + (condition.map { [$0] } ?? [])
        }
    }

    /// The height of the tree, measured without recursion so that any tree can be measured.
    var height: Int {
        var deepest = 0
        var pending: [(Expression, Int)] = [(self, 1)]
        while let (expression, depth) = pending.popLast() {
            deepest = Swift.max(deepest, depth)
            pending += expression.children.map { ($0, depth + 1) }
        }
        return deepest
    }

    /// Whether the value is a timestamp, so a message shows it as a date rather than a number.
    var isTimestamp: Bool {
        switch self {
        case .fact(let fact): fact.isTimestamp
        case .raw(_, _, let isTimestamp): isTimestamp
        case .navigate(_, let inner): inner.isTimestamp
        case .conditional(_, let then, let otherwise): then.isTimestamp && otherwise.isTimestamp
        case .aggregate(let aggregate, _, _, let value, _): aggregate != .sum && value.isTimestamp
        default: false
        }
    }
}

/// Values the model holds or derives, by level. Anything else documented is read as raw JSON.
enum Fact: Sendable, Equatable {
    case conversationId, conversationStart, conversationEnd, conversationDurationMs, isEnded, ageMs
    case purpose, participantIndex
    case mediaType, direction, isQueueVisit, outcome, isAnswered, isNotResponding, finalDisconnectType, sessionQueueId, sessionIndex
    case answeredCount, reachedAgent
    case segmentType, disconnectType, segmentStart, segmentEnd, segmentDurationMs, isFirst, isLast, segmentQueueId, segmentIndex
    case metricName, metricValue, emitDate, metricIndex, metricOccurrence

    var scope: Scope {
        switch self {
        case .conversationId, .conversationStart, .conversationEnd, .conversationDurationMs, .isEnded, .ageMs: .conversation
        case .purpose, .participantIndex: .participant
        case .mediaType, .direction, .isQueueVisit, .outcome, .isAnswered, .isNotResponding, .finalDisconnectType, .sessionQueueId, .sessionIndex,
             .answeredCount, .reachedAgent: .session
        case .segmentType, .disconnectType, .segmentStart, .segmentEnd, .segmentDurationMs, .isFirst, .isLast, .segmentQueueId, .segmentIndex: .segment
        case .metricName, .metricValue, .emitDate, .metricIndex, .metricOccurrence: .metric
        }
    }

    var isTimestamp: Bool {
        [.conversationStart, .conversationEnd, .segmentStart, .segmentEnd, .emitDate].contains(self)
    }

    /// Whether the fact's value is text (or null).
    var isText: Bool {
        switch self {
        case .conversationId, .purpose, .mediaType, .direction, .outcome, .finalDisconnectType, .sessionQueueId,
             .segmentType, .disconnectType, .segmentQueueId, .metricName:
            true
        default:
            false
        }
    }

    /// The names rule authors write, per level.
    static let byName: [Scope: [String: Fact]] = [
        .conversation: [
            "conversationId": .conversationId, "conversationStart": .conversationStart, "conversationEnd": .conversationEnd,
            "durationMs": .conversationDurationMs, "isEnded": .isEnded, "ageMs": .ageMs,
        ],
        .participant: ["purpose": .purpose, "index": .participantIndex],
        .session: [
            "mediaType": .mediaType, "direction": .direction, "isQueueVisit": .isQueueVisit, "outcome": .outcome,
            "isAnswered": .isAnswered, "isNotResponding": .isNotResponding, "finalDisconnectType": .finalDisconnectType,
            "queueId": .sessionQueueId, "index": .sessionIndex, "answeredCount": .answeredCount, "reachedAgent": .reachedAgent,
        ],
        .segment: [
            "segmentType": .segmentType, "disconnectType": .disconnectType, "segmentStart": .segmentStart,
            "segmentEnd": .segmentEnd, "durationMs": .segmentDurationMs, "isFirst": .isFirst, "isLast": .isLast,
            "queueId": .segmentQueueId, "index": .segmentIndex,
        ],
        .metric: ["name": .metricName, "value": .metricValue, "emitDate": .emitDate, "index": .metricIndex, "occurrence": .metricOccurrence],
    ]
}

extension Scope {
    /// The enclosing level, nil for a conversation.
    var parent: Scope? {
        switch self {
        case .conversation: nil
        case .participant: .conversation
        case .session: .participant
        case .segment, .metric: .session
        }
    }

    /// This level and every level that encloses it, innermost first.
    var lineage: [Scope] {
        var result = [self]
        while let next = result.last?.parent { result.append(next) }
        return result
    }

    /// Whether `self` has objects of `descendant` somewhere inside it.
    func contains(_ descendant: Scope) -> Bool {
        descendant != self && descendant.lineage.contains(self)
    }
}

extension Expression {
    /// The texts the expression compares with: its text literals and the text values of the
    /// parameters it reads (`parameters` holds their values).
    func texts(parameters: [String: Value]) -> [String] {
        func texts(of value: Value) -> [String] {
            switch value {
            case .string(let text): [text]
            case .list(let items): items.flatMap(texts(of:))
            default: []
            }
        }
        switch self {
        case .literal(let value): return texts(of: value)
        case .parameter(let name): return parameters[name].map(texts(of:)) ?? []
        default: return children.flatMap { $0.texts(parameters: parameters) }
        }
    }

    /// Whether the value may quote a field that carries personal data, so a message showing
    /// it must mask it.
    func readsPersonalData(_ vocabulary: Vocabulary) -> Bool {
        switch self {
        case .raw(let scope, let path, _), .memberValues(let scope, let path):
            if let field = path.first, vocabulary.isPersonal(field, in: scope) { return true }
            return false
        default:
            return children.contains { $0.readsPersonalData(vocabulary) }
        }
    }
}

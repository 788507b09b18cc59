/// Parses an expression and resolves its names against the rule's scope, the vocabulary and
/// the rule's parameters, in one pass. Everything wrong is reported here, at load time, with
/// the character offset it concerns.
struct ExpressionParser {
    private let tokens: [Token]
    private var position = 0
    /// Innermost level first: the rule's scope, then one level per enclosing quantifier.
    private var scopes: [Scope]
    private let vocabulary: Vocabulary
    private let parameters: Set<String>
    private var depth = 0
    /// How many list quantifiers enclose the current position (`it` is valid inside one).
    private var itemDepth = 0

    /// Deeper nesting than this is certainly a mistake. Parsing, evaluating and freeing an
    /// expression recurse once per level, so the limit is what keeps a hostile rule file from
    /// overflowing a worker thread's stack.
    static let maximumDepth = 64
    /// More terms than this in one expression is certainly a mistake, and costs every record.
    static let maximumNodes = 4_096

    static func parse(_ text: String, scope: Scope, vocabulary: Vocabulary, parameters: Set<String> = []) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(tokens: try Lexer.tokenize(text), scopes: [scope], vocabulary: vocabulary, parameters: parameters)
        guard parser.tokens.count <= maximumNodes else {
            throw ExpressionError("the expression has \(parser.tokens.count) tokens, more than the \(maximumNodes) a rule may have", at: 0)
        }
        let expression = try parser.parseOr()
        guard case .end = parser.current.kind else {
            throw ExpressionError("unexpected \(parser.current.kind.description) after a complete expression; join conditions with 'and' or 'or'", at: parser.current.offset)
        }
        guard expression.height <= maximumDepth else {
            throw ExpressionError("the expression nests \(expression.height) levels deep, more than \(maximumDepth); split long chains of + - * / into parenthesised groups", at: 0)
        }
        return expression
    }

    private init(tokens: [Token], scopes: [Scope], vocabulary: Vocabulary, parameters: Set<String>) {
        self.tokens = tokens
        self.scopes = scopes
        self.vocabulary = vocabulary
        self.parameters = parameters
    }

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private var innermost: Scope { scopes[0] }

    private mutating func advance() -> Token {
        let token = current
        position += 1
        return token
    }

    private func isSymbol(_ symbol: String) -> Bool {
        current.kind == .symbol(symbol)
    }

    private func isKeyword(_ keyword: String) -> Bool {
        current.kind == .identifier(keyword)
    }

    private mutating func expect(_ symbol: String, _ context: String) throws(ExpressionError) {
        guard isSymbol(symbol) else {
            throw ExpressionError("expected '\(symbol)' \(context), found \(current.kind.description)", at: current.offset)
        }
        position += 1
    }

    // MARK: Grammar, loosest binding first

    private mutating func parseOr() throws(ExpressionError) -> Expression {
        try nested { (parser: inout Self) throws(ExpressionError) in try parser.parseOrTerms() }
    }

    private mutating func parseOrTerms() throws(ExpressionError) -> Expression {
        var terms = [try parseAnd()]
        while isKeyword("or") {
            position += 1
            terms.append(try parseAnd())
        }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func parseAnd() throws(ExpressionError) -> Expression {
        var terms = [try parseNot()]
        while isKeyword("and") {
            position += 1
            terms.append(try parseNot())
        }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    private mutating func parseNot() throws(ExpressionError) -> Expression {
        if isKeyword("not") {
            position += 1
            return .not(try nested { (parser: inout Self) throws(ExpressionError) in try parser.parseNot() })
        }
        return try parseComparison()
    }

    /// Runs one level of recursive descent, refusing to go deeper than `maximumDepth`.
    private mutating func nested(_ body: (inout Self) throws(ExpressionError) -> Expression) throws(ExpressionError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ExpressionError("expression nested more than \(Self.maximumDepth) levels deep", at: current.offset)
        }
        return try body(&self)
    }

    private mutating func parseComparison() throws(ExpressionError) -> Expression {
        let left = try parseSum()
        if case .symbol(let symbol) = current.kind, let comparison = Expression.Comparison(rawValue: symbol) {
            position += 1
            return .compare(comparison, left, try parseSum())
        }
        if isKeyword("in") {
            position += 1
            return .membership(left, in: try parseSum(), negated: false)
        }
        if isKeyword("not"), tokens[min(position + 1, tokens.count - 1)].kind == .identifier("in") {
            position += 2
            return .membership(left, in: try parseSum(), negated: true)
        }
        return left
    }

    private mutating func parseSum() throws(ExpressionError) -> Expression {
        try parseArithmetic([.add, .subtract]) { (parser: inout Self) throws(ExpressionError) in try parser.parseProduct() }
    }

    private mutating func parseProduct() throws(ExpressionError) -> Expression {
        try parseArithmetic([.multiply, .divide]) { (parser: inout Self) throws(ExpressionError) in try parser.parseUnary() }
    }

    /// A left-associative chain of `operations` between operands that `operand` parses.
    private mutating func parseArithmetic(_ operations: [Expression.Arithmetic], operand: (inout Self) throws(ExpressionError) -> Expression) throws(ExpressionError) -> Expression {
        var left = try operand(&self)
        while case .symbol(let symbol) = current.kind, let operation = Expression.Arithmetic(rawValue: symbol), operations.contains(operation) {
            position += 1
            left = .arithmetic(operation, left, try operand(&self))
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        if isSymbol("-") {
            position += 1
            return .negate(try nested { (parser: inout Self) throws(ExpressionError) in try parser.parseUnary() })
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let token = advance()
        switch token.kind {
        case .number(let number):
            return .literal(.number(number))
        case .string(let text):
            return .literal(.string(text))
        case .symbol("("):
            let inner = try parseOr()
            try expect(")", "to close the '(' at offset \(token.offset)")
            return inner
        case .symbol("["):
            var elements: [Expression] = []
            if !isSymbol("]") {
                repeat {
                    if isSymbol(",") { position += 1 }
                    elements.append(try parseOr())
                } while isSymbol(",")
            }
            try expect("]", "to close the list")
            return .list(elements)
        case .identifier("true"): return .literal(.bool(true))
        case .identifier("false"): return .literal(.bool(false))
        case .identifier("null"): return .literal(.null)
        case .identifier(let name) where ["and", "or", "not", "in"].contains(name):
            throw ExpressionError("expected a value before '\(name)'", at: token.offset)
        case .identifier(let name):
            if isSymbol("(") {
                position += 1
                return try parseCall(name, at: token.offset)
            }
            if let navigation = Expression.Navigation(rawValue: name), isSymbol(".") {
                return try parseNavigation(navigation, at: token.offset)
            }
            return try resolve(try parsePath(startingWith: name), at: token.offset)
        case .end:
            throw ExpressionError("the expression ends where a value was expected", at: token.offset)
        default:
            throw ExpressionError("expected a value, found \(token.kind.description)", at: token.offset)
        }
    }

    // MARK: Navigation

    /// `previous.segmentType`, `next.disconnectType`, `visit.metric('tAcd')`: the rest of the
    /// path (or call) is resolved at the object the step lands on.
    private mutating func parseNavigation(_ navigation: Expression.Navigation, at offset: Int) throws(ExpressionError) -> Expression {
        // `this.` lands on the rule's own object, the outermost scope.
        let target = navigation == .this ? scopes[scopes.count - 1] : navigation.scope
        guard navigation == .this || innermost.lineage.contains(navigation.scope) else {
            throw ExpressionError("'\(navigation.rawValue).' steps from a \(navigation.scope.rawValue), and a \(innermost.rawValue) rule has none", at: offset)
        }
        position += 1
        guard case .identifier(let name) = current.kind else {
            throw ExpressionError("expected a field name after '\(navigation.rawValue).'", at: current.offset)
        }
        let nameOffset = current.offset
        position += 1
        scopes.insert(target, at: 0)
        defer { scopes.removeFirst() }
        if isSymbol("(") {
            position += 1
            return .navigate(navigation, try parseCall(name, at: nameOffset))
        }
        return .navigate(navigation, try resolve(try parsePath(startingWith: name), at: nameOffset))
    }

    /// `name.part.part…`: the rest of a dotted field path.
    private mutating func parsePath(startingWith name: String) throws(ExpressionError) -> [String] {
        var path = [name]
        while isSymbol(".") {
            position += 1
            guard case .identifier(let part) = current.kind else {
                throw ExpressionError("expected a field name after '.'", at: current.offset)
            }
            path.append(part)
            position += 1
        }
        return path
    }

    // MARK: Functions

    private mutating func parseCall(_ name: String, at offset: Int) throws(ExpressionError) -> Expression {
        switch name {
        case "any", "all", "count":
            let quantifier = Expression.Quantifier(rawValue: name) ?? .any
            if !startsCollection {
                // A list value: `any(requestedRoutings, not isKnown('usedRouting', it))`.
                let list = try parseOr()
                var condition: Expression?
                if isSymbol(",") {
                    position += 1
                    itemDepth += 1
                    defer { itemDepth -= 1 }
                    condition = try parseOr()
                } else if quantifier != .count {
                    throw ExpressionError("\(name)() needs a condition on each item, written with 'it': \(name)(list, it == 'x')", at: current.offset)
                }
                try expect(")", "to close \(name)(")
                return .itemQuantifier(quantifier, list: list, condition: condition)
            }
            let (owner, element) = try parseCollection()
            var condition: Expression?
            if isSymbol(",") {
                position += 1
                scopes.insert(element, at: 0)
                defer { scopes.removeFirst() }
                condition = try parseOr()
            } else if quantifier != .count {
                throw ExpressionError("\(name)() needs a condition: \(name)(\(element.collectionName), <condition>)", at: current.offset)
            }
            try expect(")", "to close \(name)(")
            return .quantifier(quantifier, owner: owner, element: element, condition: condition)
        case "sum", "min", "max":
            let aggregate = Expression.Aggregate(rawValue: name) ?? .sum
            let (owner, element) = try parseCollection()
            try expect(",", "after the collection: \(name)(\(element.collectionName), <value>[, <condition>])")
            scopes.insert(element, at: 0)
            defer { scopes.removeFirst() }
            let value = try parseOr()
            var condition: Expression?
            if isSymbol(",") {
                position += 1
                condition = try parseOr()
            }
            try expect(")", "to close \(name)(")
            return .aggregate(aggregate, owner: owner, element: element, value: value, condition: condition)
        case "hasMetric", "metric":
            let metricName = try parseStringArgument(of: name)
            try expect(")", "to close \(name)(")
            // On a segment or metric, the metrics are those of its session.
            let owner = innermost == .segment || innermost == .metric ? .session : innermost
            if let known = vocabulary.enumerations["metricName"], !known.contains(metricName) {
                throw ExpressionError("'\(metricName)' is not a known detail metric\(suggestion(for: metricName, among: known.known))", at: offset)
            }
            return name == "hasMetric" ? .hasMetric(metricName, owner: owner) : .metric(metricName, owner: owner)
        case "isKnown", "knownSince", "isDeprecated", "meaning":
            let enumeration = try parseStringArgument(of: name)
            guard let known = vocabulary.enumerations[enumeration] else {
                throw ExpressionError("'\(enumeration)' is not an enumeration of vocabulary.json\(suggestion(for: enumeration, among: Set(vocabulary.enumerations.keys)))", at: offset)
            }
            if name == "meaning", known.means.isEmpty {
                let withMeanings = Set(vocabulary.enumerations.filter { !$0.value.means.isEmpty }.keys)
                throw ExpressionError("enumeration '\(enumeration)' has no \"means\" map in vocabulary.json, so meaning() has nothing to give\(suggestion(for: enumeration, among: withMeanings))", at: offset)
            }
            try expect(",", "between the arguments of \(name)()")
            let value = try parseOr()
            try expect(")", "to close \(name)(")
            switch name {
            case "isKnown": return .isKnown(enumeration: enumeration, value)
            case "knownSince": return .knownSince(enumeration: enumeration, value)
            case "meaning": return .meaning(enumeration: enumeration, value)
            default: return .isDeprecated(enumeration: enumeration, value)
            }
        case "values":
            let argumentOffset = current.offset
            guard case .raw(let level, let path, _) = try parseOr() else {
                throw ExpressionError("values() takes an object field of the export, e.g. values(participant.attributes)", at: argumentOffset)
            }
            try expect(")", "to close values(")
            return .memberValues(level, path: path)
        case "present":
            // The member as written, not its typed value: a value of the wrong type or a timestamp
            // that cannot be read is present (the reading rules report those), null is not.
            let argumentOffset = current.offset
            guard case .identifier(let first) = current.kind else {
                throw ExpressionError("present() takes a field of the export, e.g. present(segmentStart)", at: argumentOffset)
            }
            position += 1
            let member = try resolveMember(try parsePath(startingWith: first), at: argumentOffset)
            try expect(")", "to close present(")
            return .exists(member)
        case "exists", "lower", "length", "abs", "round":
            let argument = try parseOr()
            try expect(")", "to close \(name)(")
            switch name {
            case "exists": return .exists(argument)
            case "lower": return .lower(argument)
            case "abs": return .absolute(argument)
            case "round": return .rounded(argument)
            default: return .length(argument)
            }
        case "if":
            let condition = try parseOr()
            try expect(",", "after the condition of if(condition, then, otherwise)")
            let then = try parseOr()
            try expect(",", "after the second argument of if(condition, then, otherwise)")
            let otherwise = try parseOr()
            try expect(")", "to close if(")
            return .conditional(condition, then, otherwise)
        case "startsWith":
            let text = try parseOr()
            try expect(",", "between the arguments of startsWith()")
            let prefix = try parseOr()
            try expect(")", "to close startsWith(")
            return .startsWith(text, prefix)
        default:
            let functions = ["exists", "present", "any", "all", "count", "sum", "min", "max", "hasMetric", "metric", "isKnown", "knownSince", "isDeprecated", "meaning", "lower", "startsWith", "length", "abs", "round", "if", "values"]
            throw ExpressionError("unknown function '\(name)'\(suggestion(for: name, among: Set(functions)))", at: offset)
        }
    }

    private mutating func parseStringArgument(of function: String) throws(ExpressionError) -> String {
        guard case .string(let text) = current.kind else {
            throw ExpressionError("\(function)() takes a quoted name first, e.g. \(function)('tAbandon')", at: current.offset)
        }
        position += 1
        return text
    }

    /// Whether the next tokens name a child collection (`segments`, `session.segments`) rather
    /// than a list value.
    private var startsCollection: Bool {
        guard case .identifier(let name) = current.kind else { return false }
        if Scope.allCases.contains(where: { $0.collectionName == name && $0 != .conversation }) { return true }
        guard Scope(rawValue: name) != nil, tokens[min(position + 1, tokens.count - 1)].kind == .symbol("."),
              case .identifier(let collection) = tokens[min(position + 2, tokens.count - 1)].kind
        else { return false }
        return Scope.allCases.contains { $0.collectionName == collection && $0 != .conversation }
    }

    /// `segments` or `session.segments`: which level owns the collection and what it holds.
    private mutating func parseCollection() throws(ExpressionError) -> (owner: Scope, element: Scope) {
        let offset = current.offset
        guard case .identifier(var name) = current.kind else {
            throw ExpressionError("expected a collection (participants, sessions, segments or metrics)", at: offset)
        }
        position += 1
        var owner = innermost
        if let explicit = Scope(rawValue: name), isSymbol(".") {
            position += 1
            guard case .identifier(let collection) = current.kind else {
                throw ExpressionError("expected a collection name after '\(name).'", at: current.offset)
            }
            position += 1
            guard innermost.lineage.contains(explicit) else {
                throw ExpressionError("'\(explicit.rawValue)' is not available in a \(innermost.rawValue) rule", at: offset)
            }
            owner = explicit
            name = collection
        }
        guard let element = Scope.allCases.first(where: { $0.collectionName == name && $0 != .conversation }) else {
            throw ExpressionError("'\(name)' is not a collection; use participants, sessions, segments or metrics", at: offset)
        }
        guard owner.contains(element) else {
            throw ExpressionError("a \(owner.rawValue) has no \(name); collections inside it: \(Scope.allCases.filter { owner.contains($0) }.map(\.collectionName).joined(separator: ", "))", at: offset)
        }
        return (owner, element)
    }

    // MARK: Names

    private func resolve(_ path: [String], at offset: Int) throws(ExpressionError) -> Expression {
        if path == ["it"] {
            guard itemDepth > 0 else {
                throw ExpressionError("'it' is the item of a list quantifier, as in any(requestedRoutings, it == 'Bullseye'); there is none here", at: offset)
            }
            return .item
        }
        if path[0] == "params" {
            guard path.count == 2 else { throw ExpressionError("write a parameter as params.name", at: offset) }
            guard parameters.contains(path[1]) else {
                throw ExpressionError("parameter '\(path[1])' is not declared in this rule's \"parameters\"\(suggestion(for: path[1], among: parameters))", at: offset)
            }
            return .parameter(path[1])
        }
        let available = innermost.lineage
        if let level = Scope(rawValue: path[0]), path.count > 1 {
            guard available.contains(level) else {
                throw ExpressionError("\(level.rawValue) fields are not available in a \(innermost.rawValue) rule; reach them with any(\(level.collectionName), …)", at: offset)
            }
            if let resolved = resolve(Array(path.dropFirst()), in: level) { return resolved }
            throw unknownField(path[1], in: [level], at: offset)
        }
        for level in available {
            if let resolved = resolve(path, in: level) { return resolved }
        }
        if Scope.allCases.contains(where: { $0.collectionName == path[0] }) {
            throw ExpressionError("'\(path[0])' is a collection; use it inside any(), all() or count()", at: offset)
        }
        throw unknownField(path[0], in: available, at: offset)
    }

    /// A documented member of the current object or its parents, read raw (derived facts and
    /// typed values aside).
    private func resolveMember(_ path: [String], at offset: Int) throws(ExpressionError) -> Expression {
        let available = innermost.lineage
        if let level = Scope(rawValue: path[0]), path.count > 1 {
            guard available.contains(level) else {
                throw ExpressionError("\(level.rawValue) fields are not available in a \(innermost.rawValue) rule; reach them with any(\(level.collectionName), …)", at: offset)
            }
            guard vocabulary.fieldType(path[1], in: level) != nil else { throw unknownField(path[1], in: [level], at: offset) }
            return .raw(level, path: Array(path.dropFirst()), isTimestamp: false)
        }
        guard let level = available.first(where: { vocabulary.fieldType(path[0], in: $0) != nil }) else {
            throw unknownField(path[0], in: available, at: offset)
        }
        return .raw(level, path: path, isTimestamp: false)
    }

    private func resolve(_ path: [String], in level: Scope) -> Expression? {
        if path.count == 1, let fact = Fact.byName[level]?[path[0]] { return .fact(fact) }
        if let type = vocabulary.fieldType(path[0], in: level) {
            return .raw(level, path: path, isTimestamp: path.count == 1 && type == .timestamp)
        }
        return nil
    }

    private func unknownField(_ name: String, in levels: [Scope], at offset: Int) -> ExpressionError {
        var candidates = Set<String>()
        for level in levels {
            candidates.formUnion(Fact.byName[level]?.keys.map { $0 } ?? [])
            candidates.formUnion(vocabulary.fields[level]?.keys.map { $0 } ?? [])
        }
        let where_ = levels.count == 1 ? "a \(levels[0].rawValue)" : "a \(levels[0].rawValue) or its parents"
        return ExpressionError("'\(name)' is not a field of \(where_)\(suggestion(for: name, among: candidates))", at: offset)
    }

    private func suggestion(for name: String, among candidates: Set<String>) -> String {
        guard let best = Spelling.closest(to: name, among: candidates) else { return "" }
        return "; did you mean '\(best)'?"
    }
}

extension Token.Kind {
    var description: String {
        switch self {
        case .identifier(let name): "'\(name)'"
        case .string(let text): "'\(text)'"
        case .number(let number): Value.format(number)
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the expression"
        }
    }
}

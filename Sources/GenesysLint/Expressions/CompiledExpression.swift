/// An expression ready to evaluate: its nodes in one flat buffer that refer to each other by
/// position, with the rule's parameter values, the enumerations it consults, the codes of its
/// texts (see `InternedTexts`) and the JSON names it reads all resolved.
///
/// Why not evaluate `Expression` itself: walking an indirect enum retains and releases every
/// node and array it passes, and when several workers evaluate the same rules those reference
/// counts are shared memory that the cores fight over. Here a node is plain data, read
/// through a pointer, so evaluating touches no reference count of the compiled rules and
/// looks nothing up by name.
final class CompiledExpression: @unchecked Sendable {
    /// Positions of sub-expressions in `nodes`; `none` where an optional one is absent.
    typealias NodeIndex = Int32
    static let none: NodeIndex = -1

    /// A run of positions in `children` (the terms of `and`, `or` and list expressions).
    struct Children {
        let start: Int32
        let count: Int32
    }

    /// A run of JSON member names in `keys` (a field path such as `flow.exitReason`).
    struct Path {
        let start: Int32
        let count: Int32
    }

    /// `Expression`, case for case, with positions instead of sub-trees and indices into the
    /// tables below instead of texts and values.
    enum Node {
        case literal(Int32)
        /// A list written with literal items only: its items are `literals[start..<start+count]`.
        case literalList(Children)
        case list(Children)
        case fact(Fact)
        case raw(Scope, path: Path, isTimestamp: Bool)
        case not(NodeIndex)
        case and(Children)
        case or(Children)
        case compare(Expression.Comparison, NodeIndex, NodeIndex)
        case membership(NodeIndex, in: NodeIndex, negated: Bool)
        case arithmetic(Expression.Arithmetic, NodeIndex, NodeIndex)
        case negate(NodeIndex)
        case absolute(NodeIndex)
        case rounded(NodeIndex)
        case conditional(NodeIndex, NodeIndex, NodeIndex)
        case exists(NodeIndex)
        case quantifier(Expression.Quantifier, owner: Scope, element: Scope, condition: NodeIndex)
        case itemQuantifier(Expression.Quantifier, list: NodeIndex, condition: NodeIndex)
        case item
        case memberValues(Scope, path: Path)
        case aggregate(Expression.Aggregate, owner: Scope, element: Scope, value: NodeIndex, condition: NodeIndex)
        /// `name` indexes `names`.
        case hasMetric(name: Int32, owner: Scope)
        case metric(name: Int32, owner: Scope)
        /// `enumeration` is the enumeration's position in `InternedTexts`, or `none` for one the
        /// vocabulary lacks.
        case isKnown(enumeration: Int32, NodeIndex)
        case knownSince(enumeration: Int32, NodeIndex)
        case isDeprecated(enumeration: Int32, NodeIndex)
        case meaning(enumeration: Int32, NodeIndex)
        case navigate(Expression.Navigation, NodeIndex)
        case lower(NodeIndex)
        case startsWith(NodeIndex, NodeIndex)
        case length(NodeIndex)

        // Fused forms of the commonest shapes in rules, evaluated without building values;
        // `cost` is what the nodes they replace would have charged the budget.

        /// `fact == 'text'` (or `!=`, either way round) for a fact that is text.
        case factEqualsText(Fact, literal: Int32, negated: Bool)
        /// `fact in [literals]` (or `not in`) for a fact that is text; `coded` when every item
        /// has a code, so codes can be compared.
        case factInLiterals(Fact, Children, negated: Bool, cost: Int32, coded: Bool)
        /// `exists(fact)`.
        case factExists(Fact)
        /// `isKnown('enumeration', fact)`, `isDeprecated(…)` and `knownSince(…)` for a fact that is text.
        case factIsKnown(enumeration: Int32, Fact)
        case factIsDeprecated(enumeration: Int32, Fact)
        case factKnownSince(enumeration: Int32, Fact)
    }

    let nodes: UnsafeMutableBufferPointer<Node>
    let children: UnsafeMutableBufferPointer<NodeIndex>
    let literals: UnsafeMutableBufferPointer<Value>
    /// The code of each literal: `InternedTexts.absent` for null, `other` for anything that is
    /// not an interned text.
    let literalCodes: UnsafeMutableBufferPointer<Int32>
    /// Each JSON member name as UTF-8 (`keyBytes[offset..<offset+count]`).
    let keys: UnsafeMutableBufferPointer<(offset: Int32, count: Int32)>
    let keyBytes: UnsafeMutableBufferPointer<UInt8>
    let names: [String]
    let texts: InternedTexts
    let root: NodeIndex

    /// A test that decides the whole expression is false when it fails: a coded
    /// `fact == 'text'` or `fact in [...]` that is the expression or the first term of its
    /// top-level `and`. Most rules start with one (`disconnectType == 'spam' and …`) and it
    /// fails on most objects, so the checking loop runs it before evaluating anything.
    struct Guard {
        let fact: Fact
        /// Positions in `literalCodes` of the codes the fact's value must have.
        let codes: Range<Int>
        /// What evaluating the expression charges the budget when the test fails.
        let cost: Int
    }
    let guardTest: Guard?

    /// Compiles `expression`; its `params.` references take their values from `parameters`
    /// (null where a value is missing, as evaluation always treated them). Conversations it is
    /// evaluated on must have been built with the same `texts`.
    init(_ expression: Expression, parameters: [String: Value], texts: InternedTexts) {
        var builder = Builder(parameters: parameters, texts: texts)
        root = builder.add(expression)
        nodes = .copying(builder.nodes)
        children = .copying(builder.children)
        literals = .copying(builder.literals)
        literalCodes = .copying(builder.literals.map { literal in
            switch literal {
            case .null: InternedTexts.absent
            case .string(let text): texts.code(of: text)
            default: InternedTexts.other
            }
        })
        keys = .copying(builder.keys)
        keyBytes = .copying(builder.keyBytes)
        names = builder.names
        self.texts = texts
        guardTest = Self.guardTest(root: root, nodes: nodes, children: children, literalCodes: literalCodes)
    }

    private static func guardTest(
        root: NodeIndex, nodes: UnsafeMutableBufferPointer<Node>, children: UnsafeMutableBufferPointer<NodeIndex>,
        literalCodes: UnsafeMutableBufferPointer<Int32>
    ) -> Guard? {
        var test = nodes[Int(root)]
        var cost = 0
        if case .and(let terms) = test, terms.count > 0 {
            test = nodes[Int(children[Int(terms.start)])]
            cost = 1
        }
        switch test {
        case .factEqualsText(let fact, let literal, negated: false) where literalCodes[Int(literal)] != InternedTexts.other:
            return Guard(fact: fact, codes: Int(literal)..<Int(literal) + 1, cost: cost + 3)
        case .factInLiterals(let fact, let run, negated: false, let testCost, coded: true):
            return Guard(fact: fact, codes: Int(run.start)..<Int(run.start + run.count), cost: cost + Int(testCost))
        default:
            return nil
        }
    }

    deinit {
        nodes.deallocate()
        children.deallocate()
        literalCodes.deallocate()
        keys.deallocate()
        keyBytes.deallocate()
        // The only table whose elements may own memory (text and list values).
        literals.deinitialize()
        literals.deallocate()
    }

    /// The UTF-8 bytes of member name `index`.
    @inline(__always)
    func key(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let (offset, count) = keys[index]
        return UnsafeBufferPointer(rebasing: keyBytes[Int(offset)..<Int(offset + count)])
    }

    /// Lays the tree out in the tables, children after their parents.
    private struct Builder {
        let parameters: [String: Value]
        let texts: InternedTexts
        var nodes: [Node] = []
        var children: [NodeIndex] = []
        var literals: [Value] = []
        var keys: [(offset: Int32, count: Int32)] = []
        var keyBytes: [UInt8] = []
        var names: [String] = []

        mutating func add(_ expression: Expression) -> NodeIndex {
            // The node's place is taken first, so a parent always precedes its children.
            let index = NodeIndex(nodes.count)
            nodes.append(.item)
            let node = node(for: expression)
            nodes[Int(index)] = node
            return index
        }

        private mutating func add(_ expression: Expression?) -> NodeIndex {
            expression.map { add($0) } ?? CompiledExpression.none
        }

        private mutating func node(for expression: Expression) -> Node {
            if let fused = fusedNode(for: expression) { return fused }
            switch expression {
            case .literal(let value): return .literal(literal(value))
            case .parameter(let name): return .literal(literal(parameters[name] ?? .null))
            case .list(let items):
                let values = items.compactMap { item -> Value? in
                    if case .literal(let value) = item { return value }
                    return nil
                }
                guard values.count == items.count else { return .list(add(items)) }
                let start = Int32(literals.count)
                literals += values
                return .literalList(Children(start: start, count: Int32(values.count)))
            case .fact(let fact): return .fact(fact)
            case .raw(let scope, let path, let isTimestamp): return .raw(scope, path: self.path(path), isTimestamp: isTimestamp)
            case .not(let inner): return .not(add(inner))
            case .and(let terms): return .and(add(terms))
            case .or(let terms): return .or(add(terms))
            case .compare(let comparison, let left, let right): return .compare(comparison, add(left), add(right))
            case .membership(let element, let list, let negated): return .membership(add(element), in: add(list), negated: negated)
            case .arithmetic(let operation, let left, let right): return .arithmetic(operation, add(left), add(right))
            case .negate(let inner): return .negate(add(inner))
            case .absolute(let inner): return .absolute(add(inner))
            case .rounded(let inner): return .rounded(add(inner))
            case .conditional(let condition, let then, let otherwise): return .conditional(add(condition), add(then), add(otherwise))
            case .exists(let inner): return .exists(add(inner))
            case .quantifier(let quantifier, let owner, let element, let condition):
                return .quantifier(quantifier, owner: owner, element: element, condition: add(condition))
            case .itemQuantifier(let quantifier, let list, let condition):
                return .itemQuantifier(quantifier, list: add(list), condition: add(condition))
            case .item: return .item
            case .memberValues(let scope, let path): return .memberValues(scope, path: self.path(path))
            case .aggregate(let aggregate, let owner, let element, let value, let condition):
                return .aggregate(aggregate, owner: owner, element: element, value: add(value), condition: add(condition))
            case .hasMetric(let name, let owner): return .hasMetric(name: self.name(name), owner: owner)
            case .metric(let name, let owner): return .metric(name: self.name(name), owner: owner)
            case .isKnown(let enumeration, let inner): return .isKnown(enumeration: self.enumeration(enumeration), add(inner))
            case .knownSince(let enumeration, let inner): return .knownSince(enumeration: self.enumeration(enumeration), add(inner))
            case .isDeprecated(let enumeration, let inner): return .isDeprecated(enumeration: self.enumeration(enumeration), add(inner))
            case .meaning(let enumeration, let inner): return .meaning(enumeration: self.enumeration(enumeration), add(inner))
            case .navigate(let navigation, let inner): return .navigate(navigation, add(inner))
            case .lower(let inner): return .lower(add(inner))
            case .startsWith(let text, let prefix): return .startsWith(add(text), add(prefix))
            case .length(let inner): return .length(add(inner))
            }
        }

        /// The fused node for `expression`, nil when it has none of the fused shapes.
        private mutating func fusedNode(for expression: Expression) -> Node? {
            switch expression {
            case .compare(let comparison, let left, let right) where comparison == .equal || comparison == .notEqual:
                let sides = [(left, right), (right, left)]
                for (factSide, literalSide) in sides {
                    guard case .fact(let fact) = factSide, fact.isText, case .string? = constant(literalSide) else { continue }
                    return .factEqualsText(fact, literal: literal(constant(literalSide) ?? .null), negated: comparison == .notEqual)
                }
                return nil
            case .membership(.fact(let fact), let list, let negated) where fact.isText:
                // Written out, a list charges itself and each item; a parameter charges once.
                let (items, listCost): ([Value], Int)
                switch list {
                case .list(let elements):
                    let values = elements.compactMap(constant)
                    guard values.count == elements.count else { return nil }
                    (items, listCost) = (values, 1 + values.count)
                case .parameter:
                    guard case .list(let values)? = constant(list) else { return nil }
                    (items, listCost) = (values, 1)
                default:
                    return nil
                }
                let start = Int32(literals.count)
                literals += items
                // The membership, its list, the comparisons with each item, the fact.
                let cost = 1 + listCost + items.count + 1
                let coded = items.allSatisfy { item in
                    switch item {
                    case .null: true
                    case .string(let text): texts.code(of: text) != InternedTexts.other
                    default: false
                    }
                }
                return .factInLiterals(fact, Children(start: start, count: Int32(items.count)), negated: negated, cost: Int32(cost), coded: coded)
            case .exists(.fact(let fact)):
                return .factExists(fact)
            case .isKnown(let enumeration, .fact(let fact)) where fact.isText:
                return .factIsKnown(enumeration: self.enumeration(enumeration), fact)
            case .isDeprecated(let enumeration, .fact(let fact)) where fact.isText:
                return .factIsDeprecated(enumeration: self.enumeration(enumeration), fact)
            case .knownSince(let enumeration, .fact(let fact)) where fact.isText:
                return .factKnownSince(enumeration: self.enumeration(enumeration), fact)
            default:
                return nil
            }
        }

        /// The value of a literal or parameter, nil for anything else.
        private func constant(_ expression: Expression) -> Value? {
            switch expression {
            case .literal(let value): value
            case .parameter(let name): parameters[name] ?? .null
            default: nil
            }
        }

        /// Adds the terms' sub-trees, then the run of their positions.
        private mutating func add(_ terms: [Expression]) -> Children {
            let positions = terms.map { add($0) }
            let start = Int32(children.count)
            children += positions
            return Children(start: start, count: Int32(positions.count))
        }

        private mutating func literal(_ value: Value) -> Int32 {
            literals.append(value)
            return Int32(literals.count - 1)
        }

        private mutating func path(_ names: [String]) -> Path {
            let start = Int32(keys.count)
            for name in names {
                keys.append((offset: Int32(keyBytes.count), count: Int32(name.utf8.count)))
                keyBytes += name.utf8
            }
            return Path(start: start, count: Int32(names.count))
        }

        private mutating func name(_ name: String) -> Int32 {
            names.append(name)
            return Int32(names.count - 1)
        }

        private func enumeration(_ name: String) -> Int32 {
            texts.enumerations[name] ?? CompiledExpression.none
        }
    }
}

private extension UnsafeMutableBufferPointer {
    /// A new buffer holding a copy of `elements`, owned by the caller.
    static func copying(_ elements: [Element]) -> Self {
        let buffer = Self.allocate(capacity: elements.count)
        _ = buffer.initialize(from: elements)
        return buffer
    }
}

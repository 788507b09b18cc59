import GenesysJSON
import Testing
@testable import GenesysLint

/// One session of three segments: a known disconnect, one Genesys has not documented, none.
private let conversationText = """
{"conversationId": "c1", "conversationStart": "2026-03-02T10:00:00.000Z",
 "participants": [{"purpose": "agent", "sessions": [{"mediaType": "voice", "segments": [
   {"segmentType": "interact", "disconnectType": "client"},
   {"segmentType": "interact", "disconnectType": "brandNewReason"},
   {"segmentType": "wrapup"}]}]}]}
"""

/// Each segment's value of `expression` and the budget its evaluation spent, with the texts
/// numbered as a run numbers them (`internsLiterals`), or with only the vocabulary's values
/// numbered, as a message compiled when a rule fires may be.
private func evaluateAtSegments(_ expression: String, parameters: [String: Value] = [:], internsLiterals: Bool = true) throws -> [(value: Value, spent: Int)] {
    let vocabulary = TestSupport.catalog.vocabulary
    let parsed = try ExpressionParser.parse(expression, scope: .segment, vocabulary: vocabulary, parameters: Set(parameters.keys))
    let texts = InternedTexts(vocabulary: vocabulary, texts: internsLiterals ? parsed.texts(parameters: parameters) : [])
    let program = CompiledExpression(parsed, parameters: parameters, texts: texts)
    let document = try JSONDocument.parse(conversationText).get()
    return document.withRoot { root in
        var builder = ModelBuilder(vocabulary: vocabulary, texts: texts)
        let conversation = builder.build(root)
        return conversation.segments.indices.map { index in
            let budget = EvaluationBudget()
            let value = Evaluator(conversation: conversation, asOf: 0, budget: budget).evaluate(program, at: .init(scope: .segment, index: index))
            return (value, budget.spent)
        }
    }
}

@Suite("Compiled expressions: fused forms and interned texts")
struct CompiledExpressionTests {
    @Test("a fact compared with text gives the same answers either way round, interned or not")
    func factEqualsText() throws {
        for internsLiterals in [true, false] {
            for expression in ["disconnectType == 'client'", "'client' == disconnectType"] {
                let results = try evaluateAtSegments(expression, internsLiterals: internsLiterals)
                #expect(results.map(\.value) == [.bool(true), .bool(false), .bool(false)])
            }
            // A value the vocabulary does not list still compares by its text.
            let undocumented = try evaluateAtSegments("disconnectType == 'brandNewReason'", internsLiterals: internsLiterals)
            #expect(undocumented.map(\.value) == [.bool(false), .bool(true), .bool(false)])
            let negated = try evaluateAtSegments("disconnectType != 'client'", internsLiterals: internsLiterals)
            #expect(negated.map(\.value) == [.bool(false), .bool(true), .bool(true)])
        }
    }

    @Test("membership in a written list, a parameter list, and a list holding null")
    func factInLiterals() throws {
        #expect(try evaluateAtSegments("disconnectType in ['client', 'peer']").map(\.value) == [.bool(true), .bool(false), .bool(false)])
        #expect(try evaluateAtSegments("disconnectType not in ['client', 'peer']").map(\.value) == [.bool(false), .bool(true), .bool(true)])
        #expect(try evaluateAtSegments("disconnectType in ['client', null]").map(\.value) == [.bool(true), .bool(false), .bool(true)])
        // A number in the list is never equal to a text fact: the comparison falls back to values.
        #expect(try evaluateAtSegments("disconnectType in ['brandNewReason', 1]").map(\.value) == [.bool(false), .bool(true), .bool(false)])
        let reasons: Value = .list([.string("brandNewReason"), .string("client")])
        #expect(try evaluateAtSegments("disconnectType in params.reasons", parameters: ["reasons": reasons]).map(\.value) == [.bool(true), .bool(true), .bool(false)])
    }

    @Test("vocabulary tests on a fact: null is known, an unlisted value is not")
    func vocabularyTests() throws {
        #expect(try evaluateAtSegments("isKnown('disconnectType', disconnectType)").map(\.value) == [.bool(true), .bool(false), .bool(true)])
        #expect(try evaluateAtSegments("isDeprecated('disconnectType', disconnectType)").map(\.value).allSatisfy { $0 == .bool(false) })
        #expect(try evaluateAtSegments("knownSince('disconnectType', disconnectType)").map(\.value) == [.null, .null, .null])
        #expect(try evaluateAtSegments("exists(disconnectType)").map(\.value) == [.bool(true), .bool(true), .bool(false)])
    }

    @Test("a fused form charges the budget what the nodes it replaces would: one step per node")
    func fusedFormsChargeAsNodes() throws {
        // compare + fact + literal
        #expect(try evaluateAtSegments("disconnectType == 'client'").map(\.spent) == [3, 3, 3])
        // membership + list + 2 items + 2 comparisons + fact
        #expect(try evaluateAtSegments("disconnectType in ['client', 'peer']").map(\.spent) == [7, 7, 7])
        // membership + parameter + 2 comparisons + fact
        let reasons: Value = .list([.string("a"), .string("b")])
        #expect(try evaluateAtSegments("disconnectType in params.reasons", parameters: ["reasons": reasons]).map(\.spent) == [5, 5, 5])
        // exists + fact; isKnown + fact; and + both
        #expect(try evaluateAtSegments("exists(disconnectType)").map(\.spent) == [2, 2, 2])
        #expect(try evaluateAtSegments("exists(disconnectType) and isKnown('disconnectType', disconnectType)").map(\.spent) == [5, 5, 3])
    }
}

/// For each segment: whether the expression's guard failed, the budget that spent, and what
/// evaluating the expression gives and spends.
private func guardAndEvaluation(_ expression: String) throws -> [(guardFailed: Bool, guardSpent: Int, value: Value, spent: Int)] {
    let vocabulary = TestSupport.catalog.vocabulary
    let parsed = try ExpressionParser.parse(expression, scope: .segment, vocabulary: vocabulary)
    let texts = InternedTexts(vocabulary: vocabulary, texts: parsed.texts(parameters: [:]))
    let program = CompiledExpression(parsed, parameters: [:], texts: texts)
    let document = try JSONDocument.parse(conversationText).get()
    return document.withRoot { root in
        var builder = ModelBuilder(vocabulary: vocabulary, texts: texts)
        let conversation = builder.build(root)
        return conversation.segments.indices.map { index in
            let binding = Evaluator.Binding(scope: .segment, index: index)
            let guardBudget = EvaluationBudget(), budget = EvaluationBudget()
            let failed = Evaluator(conversation: conversation, asOf: 0, budget: guardBudget).guardFails(program, at: binding)
            let value = Evaluator(conversation: conversation, asOf: 0, budget: budget).evaluate(program, at: binding)
            return (failed, guardBudget.spent, value, budget.spent)
        }
    }
}

@Suite("Guards: the first test of a rule, run before evaluating it")
struct GuardTests {
    @Test("a failing guard means the expression is false, and charges what evaluating it does")
    func guardAgreesWithEvaluation() throws {
        for expression in [
            "disconnectType == 'client' and segmentType == 'interact'",
            "disconnectType in ['client', 'brandNewReason'] and exists(segmentType)",
            "segmentType == 'wrapup'",
            "disconnectType in ['client', null]",
        ] {
            let results = try guardAndEvaluation(expression)
            #expect(results.contains { $0.guardFailed }, "\(expression): the guard never fails on the sample")
            for result in results where result.guardFailed {
                #expect(result.value == .bool(false), "\(expression)")
                #expect(result.guardSpent == result.spent, "\(expression)")
            }
            for result in results where !result.guardFailed {
                #expect(result.guardSpent == 0, "\(expression): a guard that passes charges nothing")
            }
        }
    }

    @Test("negated tests, uninterned texts and other shapes have no guard")
    func noGuard() throws {
        for expression in ["disconnectType != 'client'", "exists(disconnectType) and disconnectType == 'client'", "not (segmentType == 'wrapup')"] {
            #expect(try guardAndEvaluation(expression).allSatisfy { !$0.guardFailed }, "\(expression)")
        }
    }
}

@Suite("Interned texts and byte-keyed tables")
struct InternedTextsTests {
    @Test("codes tell values apart; absent and unlisted texts have their own codes")
    func codes() throws {
        var vocabulary = Vocabulary()
        vocabulary.enumerations["colour"] = .init(known: ["red", "green"], deprecated: ["blue": "use green"], since: ["green": "2025-06"])
        let texts = InternedTexts(vocabulary: vocabulary, texts: ["purple", "red"])
        let red = texts.code(of: "red"), green = texts.code(of: "green"), blue = texts.code(of: "blue"), purple = texts.code(of: "purple")
        #expect(Set([red, green, blue, purple]).count == 4)
        #expect([red, green, blue, purple].allSatisfy { $0 >= 0 })
        #expect(texts.code(of: nil as String?) == InternedTexts.absent)
        #expect(texts.code(of: "orange") == InternedTexts.other)
        let colour = try #require(texts.enumerations["colour"])
        #expect(texts.contains(red, enumeration: colour) && texts.contains(blue, enumeration: colour))
        #expect(!texts.contains(purple, enumeration: colour))
        #expect(texts.isDeprecated(blue, enumeration: colour) && !texts.isDeprecated(red, enumeration: colour))
        #expect(texts.firstSeen(green, enumeration: colour) == Timestamp.milliseconds(from: "2025-06-01T00:00:00Z"))
        #expect(texts.firstSeen(red, enumeration: colour) == nil)
        #expect(!texts.contains(InternedTexts.other, enumeration: colour) && !texts.contains(red, enumeration: -1))
    }

    @Test("a byte-keyed table finds every key it holds, keeps salts apart, and finds nothing else")
    func byteKeyedTable() {
        let keys = (0..<500).map { "field\($0)" } + ["", "a", "queueId"]
        let table = ByteKeyedTable<Int32>(keys.enumerated().flatMap { index, key in
            [(key: Array(key.utf8), salt: UInt8(0), value: Int32(index)), (key: Array(key.utf8), salt: UInt8(3), value: Int32(-index))]
        })
        for (index, key) in keys.enumerated() {
            #expect(table.value(for: key) == Int32(index))
            #expect(table.value(for: key, salt: 3) == Int32(-index))
        }
        #expect(table.value(for: "field500") == nil)
        #expect(table.value(for: "queueId", salt: 1) == nil)
        #expect(table.value(for: "queueI") == nil)
    }
}

import GenesysJSON
import Testing
@testable import GenesysLint

/// A conversation to evaluate expressions against: customer, queue visit, agent.
private let conversationText = """
{"conversationId": "c1", "conversationStart": "2026-03-02T10:00:00.000Z", "conversationEnd": "2026-03-02T10:05:00.000Z",
 "participants": [
  {"purpose": "customer", "attributes": {"reason": "billing", "note": "call back"}, "sessions": [{"mediaType": "voice", "direction": "inbound", "requestedRoutings": ["Standard", "Psychic"],
    "segments": [{"segmentType": "interact", "segmentStart": "2026-03-02T10:00:00.000Z", "segmentEnd": "2026-03-02T10:05:00.000Z", "disconnectType": "endpoint"}]}]},
  {"purpose": "acd", "sessions": [{"mediaType": "voice", "direction": "inbound", "flow": {"exitReason": "TRANSFER"},
    "segments": [{"segmentType": "interact", "queueId": "q1", "segmentStart": "2026-03-02T10:00:10.000Z", "segmentEnd": "2026-03-02T10:00:40.000Z", "disconnectType": "transfer"}],
    "metrics": [{"name": "nOffered", "value": 1}, {"name": "tAcd", "value": 30000}]}]},
  {"purpose": "agent", "sessions": [{"mediaType": "voice", "direction": "inbound",
    "segments": [
      {"segmentType": "alert", "queueId": "q1", "segmentStart": "2026-03-02T10:00:30.000Z", "segmentEnd": "2026-03-02T10:00:40.000Z"},
      {"segmentType": "interact", "queueId": "q1", "segmentStart": "2026-03-02T10:00:40.000Z", "segmentEnd": "2026-03-02T10:04:00.000Z", "disconnectType": "client"},
      {"segmentType": "wrapup", "segmentStart": "2026-03-02T10:04:00.000Z", "segmentEnd": "2026-03-02T10:05:00.000Z", "disconnectType": "client"}],
    "metrics": [{"name": "tAnswered", "value": 30000}]}]}
 ]}
"""

/// Evaluates `expression` at every object of `scope` in the sample conversation.
private func evaluate(_ expression: String, scope: Scope = .conversation, parameters: [String: Value] = [:], in text: String = conversationText) throws -> [Value] {
    let compiled = try ExpressionParser.parse(expression, scope: scope, vocabulary: TestSupport.catalog.vocabulary, parameters: Set(parameters.keys))
    let document = try JSONDocument.parse(text).get()
    return document.withRoot { root in
        let texts = InternedTexts(vocabulary: TestSupport.catalog.vocabulary, texts: compiled.texts(parameters: parameters))
        var builder = ModelBuilder(vocabulary: TestSupport.catalog.vocabulary, texts: texts)
        let conversation = builder.build(root)
        let evaluator = Evaluator(conversation: conversation, asOf: 0, budget: EvaluationBudget())
        let program = CompiledExpression(compiled, parameters: parameters, texts: texts)
        let count = switch scope {
        case .conversation: 1
        case .participant: conversation.participants.count
        case .session: conversation.sessions.count
        case .segment: conversation.segments.count
        case .metric: conversation.metrics.count
        }
        return (0..<count).map { evaluator.evaluate(program, at: .init(scope: scope, index: $0)) }
    }
}

private func parseError(_ expression: String, scope: Scope = .segment) -> ExpressionError? {
    caught { () throws(ExpressionError) in _ = try ExpressionParser.parse(expression, scope: scope, vocabulary: TestSupport.catalog.vocabulary) }
}

@Suite("Expression language")
struct ExpressionTests {
    @Test("round() goes to the nearest whole number, halves away from zero; a non-number is null")
    func round() throws {
        #expect(try evaluate("round(durationMs / 3600000 * 10) / 10") == [.number(0.1)])
        #expect(try evaluate("[round(2.5), round(-2.5), round(2.49)]") == [.list([.number(3), .number(-3), .number(2)])])
        #expect(try evaluate("round(conversationId)") == [.null])
    }

    @Test("present() reads the member as written: an unreadable value is present, null and a missing member are not")
    func present() throws {
        let text = """
        {"conversationId": "c", "conversationStart": 17, "participants": [{"sessions": [{"segments": [
          {"segmentType": "alert", "segmentStart": "yesterday"}, {"segmentType": null, "segmentStart": null}, {}]}]}]}
        """
        #expect(try evaluate("present(segmentStart)", scope: .segment, in: text) == [.bool(true), .bool(false), .bool(false)])
        #expect(try evaluate("exists(segmentStart)", scope: .segment, in: text) == [.bool(false), .bool(false), .bool(false)])
        #expect(try evaluate("present(segmentType)", scope: .segment, in: text) == [.bool(true), .bool(false), .bool(false)])
        // A value of the wrong type is there too, and the levels above are reached as for any field.
        #expect(try evaluate("present(conversationStart) and not exists(conversationStart)", in: text) == [.bool(true)])
        #expect(try evaluate("present(conversation.conversationId) and not present(session.mediaType)", scope: .segment, in: text).allSatisfy(\.isTrue))
        #expect(parseError("present('segmentStart')")?.message.contains("takes a field") == true)
        #expect(parseError("present(segmentStrat)")?.message.contains("did you mean 'segmentStart'") == true)
        #expect(parseError("present(isLast)")?.message.contains("not a field") == true)
    }

    @Test("fields of the scope, of its parents, and derived facts")
    func fieldsAndFacts() throws {
        #expect(try evaluate("segmentType", scope: .segment) == ["interact", "interact", "alert", "interact", "wrapup"].map(Value.string))
        #expect(try evaluate("mediaType == 'voice' and purpose == 'agent'", scope: .segment).map(\.isTrue) == [false, false, true, true, true])
        #expect(try evaluate("outcome", scope: .session) == [.null, .string("answered"), .null])
        #expect(try evaluate("finalDisconnectType", scope: .session) == ["endpoint", "transfer", "client"].map(Value.string))
        #expect(try evaluate("session.flow.exitReason", scope: .session) == [.null, .string("TRANSFER"), .null])
        #expect(try evaluate("durationMs") == [.number(300_000)])
        #expect(try evaluate("segmentEnd - segmentStart", scope: .segment).first == .number(300_000))
    }

    @Test("quantifiers and metric functions")
    func quantifiers() throws {
        #expect(try evaluate("count(participants)") == [.number(3)])
        #expect(try evaluate("count(segments, segmentType == 'interact')") == [.number(3)])
        #expect(try evaluate("any(segments, segmentType == 'alert')", scope: .session).map(\.isTrue) == [false, false, true])
        #expect(try evaluate("all(segments, exists(disconnectType))", scope: .session).map(\.isTrue) == [true, true, false])
        #expect(try evaluate("any(session.segments, segmentType == 'wrapup')", scope: .segment).map(\.isTrue) == [false, false, true, true, true])
        #expect(try evaluate("hasMetric('tAnswered')", scope: .participant).map(\.isTrue) == [false, false, true])
        #expect(try evaluate("metric('tAcd')", scope: .segment)[1] == .number(30000))
    }

    @Test("previous., next. and visit. step to related objects; null where there is none")
    func navigation() throws {
        #expect(try evaluate("previous.segmentType", scope: .segment) == [.null, .null, .null, .string("alert"), .string("interact")])
        #expect(try evaluate("next.disconnectType", scope: .segment) == [.null, .null, .string("client"), .string("client"), .null])
        #expect(try evaluate("visit.metric('tAcd')", scope: .session) == [.null, .null, .number(30000)])
        #expect(try evaluate("exists(visit.metric('tAcd')) and metric('tAnswered') == visit.metric('tAcd')", scope: .session).map(\.isTrue) == [false, false, true])
        #expect(try evaluate("answeredCount", scope: .session) == [.number(0), .number(1), .number(0)])
        #expect(try evaluate("reachedAgent", scope: .session) == [.bool(false), .bool(true), .bool(false)])
        #expect(parseError("previous.segmentType", scope: .session)?.message.contains("steps from a segment") == true)
        #expect(parseError("next.segmentTyp")?.message.contains("did you mean 'segmentType'") == true)
    }

    @Test("sum, min and max over a collection, with an optional filter")
    func aggregates() throws {
        #expect(try evaluate("max(segments, segmentEnd) == conversationEnd") == [.bool(true)])
        #expect(try evaluate("min(segments, segmentStart)") == [.number(1_772_445_600_000)])
        #expect(try evaluate("sum(segments, durationMs, segmentType == 'interact')") == [.number(300_000 + 30_000 + 200_000)])
        #expect(try evaluate("sum(metrics, value, name == 'tTalk')") == [.number(0)])
        #expect(try evaluate("max(metrics, value, name == 'tTalk')") == [.null])
        #expect(try evaluate("sum(metrics, value)", scope: .session) == [.number(0), .number(30001), .number(30000)])
    }

    @Test("this. reaches the rule's own object from inside a quantifier; abs and if")
    func thisAbsIf() throws {
        // For each segment: how many segments of its session share its type.
        #expect(try evaluate("count(session.segments, segmentType == this.segmentType)", scope: .segment) == [1, 1, 1, 1, 1].map { .number($0) })
        #expect(try evaluate("any(conversation.segments, index > this.index and purpose == this.purpose)", scope: .segment).map(\.isTrue) == [false, false, true, true, false])
        #expect(try evaluate("abs(segmentStart - segmentEnd)", scope: .segment).first == .number(300_000))
        #expect(try evaluate("if(exists(queueId), 'queued', 'direct')", scope: .segment) == ["direct", "queued", "queued", "queued", "direct"].map(Value.string))
    }

    @Test("quantifiers over list values see each item as it; values() lists an object's values")
    func listQuantifiers() throws {
        #expect(try evaluate("any(requestedRoutings, not isKnown('usedRouting', it))", scope: .session).map(\.isTrue) == [true, false, false])
        #expect(try evaluate("count(requestedRoutings, it == 'Standard')", scope: .session).first == .number(1))
        #expect(try evaluate("any(values(attributes), length(it) >= 9)", scope: .participant).map(\.isTrue) == [true, false, false])
        #expect(parseError("it == 'x'")?.message.contains("list quantifier") == true)
        #expect(parseError("values(session.flow)") == nil)
        #expect(parseError("values(segmentType)")?.message.contains("object field") == true)
        #expect(parseError("values(1)")?.message.contains("object field") == true)
    }

    @Test("null never fires an ordering comparison; == and != compare it")
    func nullSemantics() throws {
        #expect(try evaluate("queueId < 'z'", scope: .segment).map(\.isTrue) == [false, true, true, true, false])
        #expect(try evaluate("queueId == null", scope: .segment).map(\.isTrue) == [true, false, false, false, true])
        #expect(try evaluate("conversation.externalTag + 1") == [.null])
        #expect(try evaluate("params.limit * 2", parameters: ["limit": .number(21)]) == [.number(42)])
        #expect(try evaluate("1 / 0") == [.null])
        #expect(try evaluate("disconnectType in ['client', 'peer']", scope: .segment).map(\.isTrue) == [false, false, false, true, true])
        #expect(try evaluate("disconnectType not in ['client', 'peer']", scope: .segment).map(\.isTrue) == [true, true, true, false, false])
    }

    @Test("isKnown consults the vocabulary; null counts as known")
    func isKnown() throws {
        #expect(try evaluate("isKnown('disconnectType', disconnectType)", scope: .segment).allSatisfy(\.isTrue))
        #expect(try evaluate("isKnown('disconnectType', 'transfer.noanswer')") == [.bool(false)])
        #expect(try evaluate("isKnown('disconnectType', 'endpointDnd')") == [.bool(true)])
        #expect(try evaluate("isDeprecated('disconnectType', 'endpointDnd')") == [.bool(true)])
        #expect(try evaluate("isDeprecated('disconnectType', 'peer')") == [.bool(false)])
        #expect(try evaluate("knownSince('disconnectType', 'inactivity')") == [.number(1_748_736_000_000)])
        #expect(try evaluate("knownSince('disconnectType', 'peer')") == [.null])
    }

    @Test("mistakes are caught when the rule loads, at the right offset, with a suggestion")
    func loadTimeErrors() throws {
        let typo = try #require(parseError("mediaTyp == 'voice'"))
        #expect(typo.offset == 0)
        #expect(typo.message.contains("did you mean 'mediaType'"))
        let wrongLevel = try #require(parseError("segment.segmentType == 'alert'", scope: .session))
        #expect(wrongLevel.message.contains("not available in a session rule"))
        let unknownFunction = try #require(parseError("exist(disconnectType)"))
        #expect(unknownFunction.message.contains("did you mean 'exists'"))
        let singleEquals = try #require(parseError("disconnectType = 'spam'"))
        #expect(singleEquals.offset == 15)
        #expect(singleEquals.message.contains("'=='"))
        let unknownMetric = try #require(parseError("hasMetric('tAbandoned')"))
        #expect(unknownMetric.message.contains("did you mean 'tAbandon'"))
        let unknownParameter = try #require(parseError("durationMs > params.tolerance"))
        #expect(unknownParameter.message.contains("not declared"))
        let unclosed = try #require(parseError("(segmentType == 'alert'"))
        #expect(unclosed.message.contains("')'"))
        let trailing = try #require(parseError("segmentType == 'alert' disconnectType"))
        #expect(trailing.message.contains("'and' or 'or'"))
        #expect(parseError("any(segments)", scope: .session)?.message.contains("needs a condition") == true)
        #expect(parseError("count(participants)", scope: .session)?.message.contains("has no participants") == true)
    }

    @Test("nesting is bounded, so a hostile rule cannot exhaust the stack")
    func nestingIsBounded() throws {
        let deep = String(repeating: "(", count: 500) + "true" + String(repeating: ")", count: 500)
        #expect(parseError(deep)?.message.contains("nested") == true)
        let negations = String(repeating: "not ", count: 500) + "true"
        #expect(parseError(negations)?.message.contains("nested") == true)
    }
}

@Suite("Message templates")
struct MessageTemplateTests {
    @Test("placeholders, escaped braces and timestamps")
    func renders() throws {
        let template = try MessageTemplate.parse("{{literal}} {segmentType} at {segmentStart}") { text, _ throws(ExpressionError) in
            .expression(try ExpressionParser.parse(text, scope: .segment, vocabulary: TestSupport.catalog.vocabulary), personal: false)
        }
        let rendered = template.render(evaluate: { expression in
            expression.isTimestamp ? .number(1_772_445_600_000) : .string("alert")
        })
        #expect(rendered == "{literal} alert at 2026-03-02T10:00:00.000Z")
    }

    @Test("an unclosed placeholder is an error at its offset")
    func unclosed() {
        #expect(throws: ExpressionError.self) {
            try MessageTemplate.parse("oops {segmentType") { _, _ throws(ExpressionError) in .detail }
        }
    }
}

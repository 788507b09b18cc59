import GenesysJSON
import Testing
@testable import GenesysLint

private func model(_ text: String) throws -> (Conversation, [ModelBuilder.Problem], JSONDocument) {
    let document = try JSONDocument.parse(text).get()
    var builder = ModelBuilder(vocabulary: TestSupport.catalog.vocabulary)
    let conversation = document.withRoot { builder.build($0) }
    return (conversation, builder.problems, document)
}

/// A voice call: customer, one queue visit with the given metrics and disconnect, and an
/// optional agent who answered it.
private func queueVisit(metrics: String, disconnect: String = "peer", agentAnswered: Bool = false) -> String {
    let agent = agentAnswered ? """
    ,{"purpose": "agent", "sessions": [{"mediaType": "voice", "segments": [
        {"segmentType": "alert", "queueId": "q1", "segmentStart": "2026-03-02T10:00:20.000Z", "segmentEnd": "2026-03-02T10:00:30.000Z"},
        {"segmentType": "interact", "queueId": "q1", "segmentStart": "2026-03-02T10:00:30.000Z", "segmentEnd": "2026-03-02T10:02:00.000Z", "disconnectType": "client"},
        {"segmentType": "wrapup", "segmentStart": "2026-03-02T10:02:00.000Z", "segmentEnd": "2026-03-02T10:02:30.000Z", "disconnectType": "peer"}],
      "metrics": [{"name": "tAnswered", "value": 20000}]}]}
    """ : ""
    return """
    {"conversationId": "c", "participants": [
      {"purpose": "customer", "sessions": [{"mediaType": "voice", "segments": [{"segmentType": "interact", "segmentStart": "2026-03-02T10:00:00.000Z"}]}]},
      {"purpose": "acd", "sessions": [{"mediaType": "voice", "segments": [
        {"segmentType": "interact", "queueId": "q1", "segmentStart": "2026-03-02T10:00:10.000Z", "segmentEnd": "2026-03-02T10:00:30.000Z", "disconnectType": "\(disconnect)"}],
        "metrics": [\(metrics)]}]}\(agent)
    ]}
    """
}

@Suite("Conversation model and derived facts")
struct ModelTests {
    @Test("queue-visit outcomes come from the visit's metrics and the agents it reached")
    func outcomes() throws {
        let cases: [(String, Bool, QueueOutcome)] = [
            (#"{"name": "nOffered", "value": 1}, {"name": "tAbandon", "value": 20000}"#, false, .abandoned),
            (#"{"name": "tShortAbandon", "value": 2000}"#, false, .shortAbandon),
            (#"{"name": "tFlowOut", "value": 5000}"#, false, .flowedOut),
            (#"{"name": "nOffered", "value": 1}"#, true, .answered),
            (#"{"name": "nOffered", "value": 1}"#, false, .none),
        ]
        for (metrics, answered, expected) in cases {
            let (conversation, _, document) = try model(queueVisit(metrics: metrics, agentAnswered: answered))
            withExtendedLifetime(document) {
                #expect(conversation.sessions[1].isQueueVisit)
                #expect(conversation.sessions[1].outcome == expected, "\(metrics)")
                #expect(conversation.sessions[0].outcome == nil)
            }
        }
    }

    @Test("an answer from another queue does not answer this visit")
    func answerFromAnotherQueue() throws {
        let text = queueVisit(metrics: #"{"name": "nOffered", "value": 1}"#, agentAnswered: true).replacingOccurrences(of: "\"queueId\": \"q1\", \"segmentStart\": \"2026-03-02T10:00:20", with: "\"queueId\": \"q2\", \"segmentStart\": \"2026-03-02T10:00:20").replacingOccurrences(of: "{\"segmentType\": \"interact\", \"queueId\": \"q1\", \"segmentStart\": \"2026-03-02T10:00:30", with: "{\"segmentType\": \"interact\", \"queueId\": \"q2\", \"segmentStart\": \"2026-03-02T10:00:30")
        let (conversation, _, document) = try model(text)
        withExtendedLifetime(document) {
            #expect(conversation.sessions[1].outcome == QueueOutcome.none)
        }
    }

    @Test("the final disconnect is the live segment's, not the wrap-up's")
    func finalDisconnect() throws {
        let (conversation, _, document) = try model(queueVisit(metrics: "", agentAnswered: true))
        withExtendedLifetime(document) {
            #expect(conversation.sessions[2].finalDisconnectType == "client")
            #expect(conversation.sessions[2].isAnswered)
            #expect(conversation.sessions[1].queueId == "q1")
        }
    }

    @Test("each metric counts the metrics of its name before it in its session, for short and long sessions alike", arguments: [0, 40])
    func metricOccurrences(padding: Int) throws {
        // Vocabulary names (compared by code), names no vocabulary holds (compared as text,
        // canonically: the composed and decomposed é are one name), a nameless metric; padding
        // makes the session long enough to be counted by hashing names instead.
        let named = [#""tAcw""#, #""nOffered""#, #""tAcw""#, #""custom\u00e9""#, #""custome\u0301""#, "null", #""tAcw""#, #""nOffered""#]
        let padded = named + Array(repeating: #""nOverSla""#, count: padding)
        let metrics = padded.map { #"{"name": \#($0), "value": 1}"# }.joined(separator: ", ")
        let (conversation, _, document) = try model(queueVisit(metrics: metrics))
        withExtendedLifetime(document) {
            let occurrences = conversation.metrics[conversation.sessions[1].metrics].map(\.occurrence)
            #expect(Array(occurrences.prefix(8)) == [1, 1, 2, 1, 2, 1, 3, 2])
            #expect(Array(occurrences.dropFirst(8)) == (0..<padding).map { $0 + 1 })
        }
    }

    @Test("wrong types and unreadable timestamps are problems; the values count as absent")
    func wrongTypes() throws {
        let text = """
        {"conversationId": 7, "conversationStart": "yesterday", "participants": [
          "not an object",
          {"purpose": "agent", "sessions": {"oops": true}},
          {"purpose": "customer", "sessions": [{"mediaType": "voice", "segments": [
            {"segmentType": "interact", "segmentStart": 123, "segmentEnd": "2026-03-02T10:00:00Z"}],
            "metrics": [{"name": "tTalk", "value": 1.5, "emitDate": "2026-02-30T10:00:00Z"}]}]}
        ]}
        """
        let (conversation, problems, document) = try model(text)
        withExtendedLifetime(document) {
            #expect(conversation.conversationId == nil)
            #expect(conversation.conversationStart == nil)
            #expect(conversation.segments.count == 1)
            #expect(conversation.segments[0].segmentStart == nil)
            #expect(conversation.metrics[0].value == nil)
        }
        let reported = problems.map { "\($0.check.rawValue) \($0.pointer)" }.sorted()
        #expect(reported == [
            "invalid-timestamp /conversationStart",
            "invalid-timestamp /participants/2/sessions/0/metrics/0/emitDate",
            "wrong-type /conversationId",
            "wrong-type /participants/0",
            "wrong-type /participants/1/sessions",
            "wrong-type /participants/2/sessions/0/metrics/0/value",
            "wrong-type /participants/2/sessions/0/segments/0/segmentStart",
        ])
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("the forms real exports hold are read", arguments: [
        ("2026-03-02T10:00:00.000Z", 1_772_445_600_000),
        ("2026-03-02T10:00:00Z", 1_772_445_600_000),
        ("2026-03-02T10:00:00.5Z", 1_772_445_600_500),
        ("2026-03-02T10:00:00.00Z", 1_772_445_600_000),
        ("2026-03-2T10:00:00.000Z", 1_772_445_600_000),
        ("2026-03-02T12:00:00.000+02:00", 1_772_445_600_000),
        ("1969-12-31T23:59:59.999Z", -1),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
    ] as [(String, Int64)])
    func reads(text: String, milliseconds: Int64) {
        #expect(Timestamp.milliseconds(from: text) == milliseconds)
    }

    @Test("text that is no instant is refused", arguments: [
        "yesterday", "", "2026-13-02T10:00:00Z", "2023-02-29T10:00:00Z", "2026-03-02T25:00:00Z",
        "2026-03-02T10:00:00", "2026-03-02T10:00:00.Z", "2026-03-02T10:00:00Zjunk", "2026-03-02T10:00:00.1234567890Z",
    ])
    func refuses(text: String) {
        #expect(Timestamp.milliseconds(from: text) == nil)
    }

    @Test("the documented form is read at fixed places, with the general reader's ranges; other forms are left to it")
    func documentedFormAtFixedPlaces() {
        func fixed(_ text: String) -> Int64? {
            var text = text
            return text.withUTF8 { Timestamp.documentedFormMilliseconds($0) }
        }
        for value: Int64 in [0, -1, 1_772_445_600_123, 951_782_400_000, 1_709_164_800_000, 253_402_300_799_999] {
            #expect(fixed(Timestamp.format(milliseconds: value)) == value)
        }
        #expect(fixed("2026-03-02T10:00:00Z") == 1_772_445_600_000)
        // A leap second reads as the general reader reads it.
        #expect(fixed("2016-12-31T23:59:60Z") == 1_483_228_800_000)
        for outOfRange in ["2026-13-02T10:00:00Z", "2023-02-29T10:00:00.000Z", "2026-04-31T10:00:00Z", "2026-03-02T24:00:00Z",
                           "2026-03-02T10:60:00Z", "2026-00-02T10:00:00Z", "2026-03-00T10:00:00Z"] {
            #expect(fixed(outOfRange) == nil, "\(outOfRange)")
            #expect(Timestamp.milliseconds(from: outOfRange) == nil, "\(outOfRange)")
        }
        for otherForm in ["2026-03-2T10:00:00.000Z", "2026-03-02T10:00:00.5Z", "2026-03-02 10:00:00Z", "2026-03-02t10:00:00Z",
                          "2026-03-02T10:00:00.000z", "2026-03-02T10:00:00+00:00", "2026-03-02T10:00:00,000Z", "+026-03-02T10:00:00Z"] {
            #expect(fixed(otherForm) == nil, "\(otherForm)")
        }
    }

    @Test("formatting round-trips")
    func formats() {
        for value: Int64 in [0, -1, 1_772_445_600_123, 951_782_400_000] {
            #expect(Timestamp.milliseconds(from: Timestamp.format(milliseconds: value)) == value)
        }
        #expect(Timestamp.format(milliseconds: 1_772_445_600_123) == "2026-03-02T10:00:00.123Z")
    }
}

import Testing
@testable import GenesysLint

@Suite("Thresholds, rates, redaction, baseline keys")
struct ReportingUnitTests {
    @Test("thresholds read as dbt users write them", arguments: [
        ("> 0.5%", ">", "rate 0.005"), (">= 10", ">=", "count 10"), (">0", ">", "count 0"), ("  >= 12.5 % ", ">=", "rate 0.125"),
    ])
    func parsesThresholds(text: String, comparison: String, limit: String) throws {
        let threshold = try #require(Threshold(text))
        #expect(threshold.inclusive == (comparison == ">="))
        switch threshold.limit {
        case .count(let count): #expect(limit == "count \(count)")
        case .rate(let rate): #expect(limit == "rate \(rate)")
        }
    }

    @Test("thresholds that are not one are refused", arguments: ["", "5", "< 5", "> ", "> five", "> 5.5", "> 101%", "> -1", "> 1e3", "=> 5"])
    func refusesThresholds(text: String) {
        #expect(Threshold(text) == nil)
    }

    @Test("a rate threshold compares exactly at its edge")
    func rateEdges() throws {
        let half = try #require(Threshold("> 0.5%"))
        #expect(!half.isCrossed(affected: 1, conversations: 200))
        #expect(half.isCrossed(affected: 2, conversations: 200))
        let inclusive = try #require(Threshold(">= 0.5%"))
        #expect(inclusive.isCrossed(affected: 1, conversations: 200))
        #expect(!inclusive.isCrossed(affected: 0, conversations: 200))
        let count = try #require(Threshold(">= 3"))
        #expect(!count.isCrossed(affected: 2, conversations: 10))
        #expect(count.isCrossed(affected: 3, conversations: 10))
        // Nothing readable, yet unreadable records flagged: over any rate.
        #expect(half.isCrossed(affected: 1, conversations: 0))
        #expect(!half.isCrossed(affected: 0, conversations: 0))
    }

    @Test("rates read as people write them", arguments: [
        (1, 19, "5.26%"), (1, 200, "0.5%"), (0, 10, "0%"), (10, 10, "100%"), (1, 1_000_000, "<0.01%"), (1, 40, "2.5%"), (1, 1_000, "0.1%"), (3, 1_000, "0.3%"), (1, 10_000, "0.01%"),
    ])
    func rateText(affected: Int, conversations: Int, expected: String) {
        var summary = Summary()
        summary.conversations = conversations
        summary.affectedByRule["R"] = affected
        #expect(summary.rateText(of: "R") == expected)
    }

    @Test("personal data is masked but stays recognisable", arguments: [
        ("tel:+15551234567", "tel:+1555•••••67"),
        ("+15551234567", "+1555•••••67"),
        ("sip:jane.doe@example.com", "sip:j•••@example.com"),
        ("jane.doe@example.com", "j•••@example.com"),
        ("Jane Doe", "J••• D•••"),
        ("Mobile Number, United States", "M••• N••• U••• S•••"),
        ("555-0142", "55••••42"),
        ("911", "•••"),
        ("", ""),
    ])
    func redacts(value: String, expected: String) {
        #expect(Redaction.redact(value) == expected)
    }

    @Test("long free text is replaced by its length")
    func redactsFreeText() {
        let note = "Customer called about the invoice sent to 12 Example Street and asked for a refund"
        #expect(Redaction.redact(note) == "[\(note.count) characters redacted]")
    }

    @Test("an expression reading a personal field is marked personal, others are not")
    func personalExpressions() throws {
        let vocabulary = TestSupport.catalog.vocabulary
        for (text, scope, personal) in [
            ("ani", Scope.session, true), ("lower(ani)", .session, true), ("participant.participantName", .session, true),
            ("mediaType", .session, false), ("queueId", .segment, false), ("wrapUpNote", .segment, true), ("session.dnis", .segment, true),
        ] {
            let expression = try ExpressionParser.parse(text, scope: scope, vocabulary: vocabulary)
            #expect(expression.readsPersonalData(vocabulary) == personal, "\(text)")
        }
    }

    @Test("a finding's baseline key ignores its line and the conversation's place in the file")
    func baselineKeys() {
        let inEnvelope = Finding(ruleId: "GDQ301", severity: .error, message: "m", file: "a.json", line: 120, column: 7,
                                 pointer: "/conversations/4/participants/0", conversationId: "c1", conversationPointer: "/conversations/4")
        let onItsOwnLine = Finding(ruleId: "GDQ301", severity: .error, message: "other words", file: "b.ndjson", line: 3, column: 1,
                                   pointer: "/participants/0", conversationId: "c1", conversationPointer: "")
        #expect(Baseline.Key(inEnvelope) == Baseline.Key(onItsOwnLine))
        // Outside any conversation the file and pointer are all there is.
        let unreadable = Finding(ruleId: "GDQ001", severity: .error, message: "m", file: "a.json", line: 9, column: 1, pointer: "/conversations/7", conversationId: nil)
        #expect(Baseline.Key(unreadable).file == "a.json")
        #expect(Baseline.Key(unreadable).pointer == "/conversations/7")
    }

    @Test("each baseline entry absorbs one finding")
    func baselineCounts() {
        let finding = Finding(ruleId: "GDQ503", severity: .error, message: "m", file: "f", line: 1, column: 1, pointer: "/conversationId", conversationId: "dup")
        var baseline = Baseline(path: "b.json", keys: [Baseline.Key(finding)])
        let first = baseline.absorbs(finding)
        let second = baseline.absorbs(finding)
        #expect(first)
        #expect(!second)
    }

    @Test("a multi-line record becomes one NDJSON line with every value's bytes kept")
    func recordPieceLine() {
        let text = Array("{\n  \"a\" : \"x  y\\n\",\r\n  \"b\": [1, 2.50]\n}".utf8)
        let piece = RecordPiece(text: text[...], pointer: "")
        #expect(String(decoding: piece.line, as: UTF8.self) == "{\"a\":\"x  y\\n\",\"b\":[1,2.50]}")
        let oneLine = Array("{ \"a\" : 1 }".utf8)
        #expect(Array(RecordPiece(text: oneLine[...], pointer: "").line) == oneLine)
    }
}

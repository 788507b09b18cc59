import Testing
@testable import GenesysLint

/// The search that places a conversation's `conversationEnd` without walking the record: it
/// must find exactly what the walk finds, or nothing.
@Suite struct OnlyKeySearchTests {
    static func record(_ text: String, at position: TextPosition = TextPosition(line: 3, column: 5)) -> FramedRecord {
        FramedRecord(kind: .conversation, bytes: Array(text.utf8), offset: 0, position: position, pointer: "/conversations/0")
    }

    /// The searched position, after checking it against the walk's.
    static func searched(_ text: String, pointer: String = "/conversationEnd") -> TextPosition? {
        let record = record(text)
        let found = RecordLocator(record).positionOfOnlyMember(named: "conversationEnd")
        if let found {
            #expect(found == RecordLocator(record).position(of: pointer), "\(text)")
        }
        return found
    }

    @Test func theOnlyKeyIsFoundWhereTheWalkFindsIt() {
        #expect(Self.searched(#"{"conversationId":"a","conversationEnd":"2026-03-02T10:30:00.000Z","participants":[]}"#) == TextPosition(line: 3, column: 45))
        // Whitespace around the colon, and lines before it.
        #expect(Self.searched("{\n  \"conversationId\": \"é\",\n  \"conversationEnd\" \t:\r\n \"x\"\n}") == TextPosition(line: 6, column: 2))
    }

    @Test func aStringValueIsNotAKey() {
        // "conversationEnd" as a value (not followed by a colon) and inside a longer string.
        let text = #"{"note":"conversationEnd","label":"a \"conversationEnd\": b","conversationEnd":1,"other":["conversationEnd"]}"#
        #expect(Self.searched(text) != nil)
    }

    @Test func anEscapedQuoteDoesNotStartAKey() {
        // The text `"conversationEnd":` also ends the key `a "conversationEnd`.
        let text = #"{"a \"conversationEnd": 0, "path": "C:\\", "conversationEnd": 1}"#
        #expect(Self.searched(text) != nil)
    }

    @Test func aNestedKeyOfTheSameNameLeavesItToTheWalk() {
        let text = #"{"participants":[{"conversationEnd":0}],"conversationEnd":1}"#
        #expect(RecordLocator(Self.record(text)).positionOfOnlyMember(named: "conversationEnd") == nil)
        // A repeated key too: the walk finds the last, which is the one jansson keeps.
        #expect(RecordLocator(Self.record(#"{"conversationEnd":0,"conversationEnd":1}"#)).positionOfOnlyMember(named: "conversationEnd") == nil)
    }

    @Test func aKeyThatCouldBeSpeltWithEscapesLeavesItToTheWalk() {
        let text = #"{"conversationEnd":0,"conversation\u0045nd":1}"#
        #expect(RecordLocator(Self.record(text)).positionOfOnlyMember(named: "conversationEnd") == nil)
    }

    @Test func noKeyIsNothing() {
        #expect(RecordLocator(Self.record(#"{"conversationStart":1}"#)).positionOfOnlyMember(named: "conversationEnd") == nil)
        #expect(RecordLocator(Self.record("")).positionOfOnlyMember(named: "conversationEnd") == nil)
    }

    /// End to end: the searched place is the one reported, and a decoy nested key does not
    /// move it.
    @Test func lateConversationsAreReportedAtTheirOwnEnd() {
        let decoy = #"{"conversationId":"c-1","conversationStart":"2026-03-02T10:00:00.000Z","participants":[{"purpose":"customer","attributes":{"conversationEnd":"no"},"sessions":[]}],"conversationEnd":"2026-03-02T23:30:00.000Z"}"#
        let plain = #"{"conversationId":"c-2","conversationStart":"2026-03-02T10:00:00.000Z","conversationEnd":"2026-03-02T23:45:00.000Z","note":"conversationEnd","participants":[{"purpose":"customer","sessions":[]}]}"#
        let text = "{\"conversations\": [\n" + decoy + ",\n" + plain + "\n], \"dataAvailabilityDate\": \"2026-03-02T12:00:00.000Z\"}\n"
        let late = TestSupport.findings(in: text, select: ["GDQ506"])
        func column(after needle: String, inLine line: String) -> Int? {
            line.utf8.firstRange(of: needle.utf8).map { line.utf8.distance(from: line.utf8.startIndex, to: $0.upperBound) + 1 }
        }
        #expect(late.map(\.pointer) == ["/conversations/0/conversationEnd", "/conversations/1/conversationEnd"])
        #expect(late.map(\.line) == [2, 3])
        #expect(late.map(\.column) == [column(after: #"}],"conversationEnd":"#, inLine: decoy), column(after: #""conversationEnd":"#, inLine: plain)])
    }
}

import Testing
@testable import GenesysLint

@Suite struct ActivityLogTests {
    static func activity(_ latest: Int64, _ pointer: String, _ conversationPointer: String, id: String?, line: Int) -> RecordOutcome.Activity {
        RecordOutcome.Activity(latest: latest, place: ReadProblem(
            check: .afterDataAvailability, message: "", position: TextPosition(line: line, column: 3),
            pointer: pointer, conversationId: id, conversationPointer: conversationPointer
        ))
    }

    @Test func theActivitiesAfterADateComeBackWholeAndInOrder() {
        let added = [
            Self.activity(100, "/conversations/0/conversationEnd", "/conversations/0", id: "7d3c2b1a-0000-4000-8000-000000000001", line: 2),
            Self.activity(300, "/conversations/1", "/conversations/1", id: nil, line: 40),
            Self.activity(50, "/conversations/2/conversationEnd", "/conversations/2", id: "c-2", line: 80),
            Self.activity(400, "/elsewhere/é", "/conversations/3", id: "c-3", line: 120),
        ]
        var log = ActivityLog()
        #expect(log.isEmpty)
        added.forEach { log.append($0) }
        let late = log.activities(after: 99)
        #expect(late.map(\.latest) == [100, 300, 400])
        #expect(late.map(\.place) == [added[0].place, added[1].place, added[3].place])
        #expect(log.activities(after: 400).isEmpty)
        log.removeAll()
        #expect(log.activities(after: 0).isEmpty)
    }
}

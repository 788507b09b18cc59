import Testing
@testable import GenesysLint

@Suite struct ActivityLogTests {
    static func activity(_ latest: Int64, _ pointer: String, _ conversationPointer: String, id: String?, line: Int, column: Int = 3) -> RecordOutcome.Activity {
        RecordOutcome.Activity(latest: latest, place: ReadProblem(
            check: .afterDataAvailability, message: "", position: TextPosition(line: line, column: column),
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

    /// Every form of pointer and id comes back as it was added: the packed ones (an element of
    /// the document's array, a lowercase UUID) and those kept otherwise.
    @Test func everyFormOfPlaceComesBackAsItWasAdded() {
        let uuid = "0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5b"
        let added = [
            Self.activity(10, "/conversations/0/conversationEnd", "/conversations/0", id: uuid, line: 1, column: 1_000_000_000),
            Self.activity(11, "/conversations/12", "/conversations/12", id: uuid.uppercased(), line: 2),
            Self.activity(12, "/conversations/4294967295", "/conversations/4294967295", id: "", line: 3),
            // Not packed: an index too large, with a leading zero, or not a number; another
            // array than the document's; a pointer elsewhere than the conversation or its end.
            Self.activity(13, "/conversations/4294967296/conversationEnd", "/conversations/4294967296", id: uuid, line: 4),
            Self.activity(14, "/conversations/07", "/conversations/07", id: nil, line: 5),
            Self.activity(15, "/conversations/-", "/conversations/-", id: nil, line: 6),
            Self.activity(16, "/pages/3/conversationEnd", "/pages/3", id: "{\(uuid)}", line: 7),
            Self.activity(17, "/conversations/5/conversationStart", "/conversations/5", id: uuid, line: 8),
            Self.activity(18, "/conversations/6/conversationEnd/x", "/conversations/6", id: nil, line: 9),
            Self.activity(19, "", "", id: "c-19", line: 10),
            // Clamped to 32 bits, as before.
            Self.activity(20, "/conversations/7", "/conversations/7", id: nil, line: Int(Int32.max) + 5, column: -1),
        ]
        var log = ActivityLog()
        added.forEach { log.append($0) }
        let back = log.activities(after: 0)
        #expect(back.map(\.latest) == added.map(\.latest))
        #expect(Array(back.map(\.place).prefix(10)) == Array(added.map(\.place).prefix(10)))
        #expect(back.last?.place.position == TextPosition(line: Int(Int32.max), column: -1))
        #expect(ActivityLog.bytesPerEntry <= 40)
    }

    /// A top-level array's conversations have pointers like "/3"; each document starts afresh.
    @Test func eachDocumentHasItsOwnArray() {
        var log = ActivityLog()
        let first = Self.activity(5, "/3/conversationEnd", "/3", id: nil, line: 1)
        log.append(first)
        #expect(log.activities(after: 0).map(\.place) == [first.place])
        log.removeAll()
        #expect(log.isEmpty)
        let second = Self.activity(6, "/conversations/3", "/conversations/3", id: nil, line: 1)
        log.append(second)
        #expect(log.activities(after: 0).map(\.place) == [second.place])
    }

    @Test func manyActivitiesSpanSeveralBlocksAndKeepTheirOrder() {
        let count = ActivityLog.blockSize * 3 + 7
        func id(_ index: Int) -> String? {
            switch index % 3 {
            case 0: UUIDBits(high: UInt64(index) &* 0x9E37_79B9_7F4A_7C15, low: UInt64(index)).text
            case 1: "conversation-\(index)"
            default: nil
            }
        }
        func activity(_ index: Int) -> RecordOutcome.Activity {
            let conversation = "/conversations/\(index)"
            return Self.activity(Int64(index), index % 2 == 0 ? conversation + "/conversationEnd" : conversation, conversation, id: id(index), line: 1, column: index * 10)
        }
        var log = ActivityLog()
        for index in 0..<count { log.append(activity(index)) }
        let late = log.activities(after: Int64(ActivityLog.blockSize - 2))
        let expected = (ActivityLog.blockSize - 1..<count).map(activity)
        #expect(late.count == expected.count)
        #expect(late.map(\.latest) == expected.map(\.latest))
        #expect(late.map(\.place) == expected.map(\.place))
    }
}

@Suite struct UUIDBitsTests {
    @Test func aLowercaseUUIDRoundTrips() {
        for text in ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5b"] {
            #expect(UUIDBits(text)?.text == text)
        }
        #expect(UUIDBits("0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5b") == UUIDBits(high: 0x0b7e_2c1a_3f4d_4e5f, low: 0x8a9b_0c1d_2e3f_4a5b))
    }

    @Test func otherSpellingsAreNotRead() {
        for text in [
            "0B7E2C1A-3F4D-4E5F-8A9B-0C1D2E3F4A5B", "0b7e2c1a3f4d4e5f8a9b0c1d2e3f4a5b", "{0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5b}",
            "0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5", "0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5g", "0b7e2c1a-3f4d4-e5f-8a9b-0c1d2e3f4a5b", "",
        ] {
            #expect(UUIDBits(text) == nil, "\(text)")
        }
    }
}

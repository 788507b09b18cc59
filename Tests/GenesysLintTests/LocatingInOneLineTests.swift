import Testing
@testable import GenesysLint

/// A small page on one line is one record holding every conversation: each finding must still
/// be placed at its own value, whatever order the findings are located in.
@Suite struct LocatingInOneLineTests {
    static func conversation(_ index: Int, id: String, end: String) -> String {
        #"{"participants":[{"purpose":"customer","sessions":[]}],"conversationStart":"2026-03-02T10:00:00.000Z","conversationEnd":"\#(end)","conversationId":"\#(id)"}"#
    }

    @Test func findingsInAOneLinePageAreAtTheirValues() {
        let conversations = [
            Self.conversation(0, id: "c-0", end: "2026-03-02T10:30:00.000Z"),
            Self.conversation(1, id: "c-1", end: "2026-03-02T23:30:00.000Z"),
            Self.conversation(2, id: "c-0", end: "2026-03-02T23:45:00.000Z"),
        ]
        let text = #"{"conversations":["# + conversations.joined(separator: ",") + #"],"dataAvailabilityDate":"2026-03-02T12:00:00.000Z"}"# + "\n"
        let findings = TestSupport.findings(in: text, select: ["GDQ501", "GDQ506"])
        let bytes = Array(text.utf8)
        /// The 1-based column of the `n`th occurrence of `needle`'s value.
        func column(ofValueOf needle: String, occurrence: Int) -> Int {
            var from = bytes.startIndex
            var found = 0
            while let range = bytes[from...].firstRange(of: Array(needle.utf8)) {
                if found == occurrence { return range.upperBound + 1 }
                found += 1
                from = range.upperBound
            }
            return -1
        }
        let late = findings.filter { $0.ruleId == "GDQ506" }
        #expect(late.map(\.pointer) == ["/conversations/1/conversationEnd", "/conversations/2/conversationEnd"])
        #expect(late.map(\.column) == [column(ofValueOf: #""conversationEnd":"#, occurrence: 1), column(ofValueOf: #""conversationEnd":"#, occurrence: 2)])
        let repeated = findings.filter { $0.ruleId == "GDQ501" }
        #expect(repeated.map(\.pointer) == ["/conversations/2/conversationId"])
        #expect(repeated.map(\.column) == [column(ofValueOf: #""conversationId":"#, occurrence: 2)])
        // The first occurrence is named by where its conversation starts.
        #expect(repeated.first?.message.contains("(first seen at input.json:1:\(column(ofValueOf: #""conversations":["#, occurrence: 0))); this copy is more complete: active until 2026-03-02T23:45:00.000Z against 2026-03-02T10:30:00.000Z") == true, "\(repeated)")
        #expect(findings.allSatisfy { $0.line == 1 })
    }
}

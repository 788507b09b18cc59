import Testing
@testable import GenesysLint

/// What the framer cut from an input, in a form easy to compare.
private struct Framed: Equatable, CustomStringConvertible {
    var records: [(pointer: String, line: Int, column: Int, text: String)] = []
    var problems: [(check: ReaderCheck, pointer: String, line: Int, column: Int, message: String)] = []
    var envelopes: [EnvelopeFacts?] = []

    static func == (lhs: Framed, rhs: Framed) -> Bool {
        lhs.description == rhs.description
    }

    var description: String {
        records.map { "record \($0.pointer) @\($0.line):\($0.column) \($0.text)" }.joined(separator: "\n") + "\n"
            + problems.map { "problem \($0.check.rawValue) \($0.pointer) @\($0.line):\($0.column)" }.joined(separator: "\n")
    }
}

private func frame(_ text: String, chunkSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20) throws -> Framed {
    var framer = RecordFramer(source: MemorySource(Array(text.utf8)), maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
    var framed = Framed()
    while let item = try framer.next() {
        switch item {
        case .record(let record):
            framed.records.append((record.pointer, record.position.line, record.position.column, String(decoding: record.bytes, as: UTF8.self)))
        case .problem(let problem):
            framed.problems.append((problem.check, problem.pointer, problem.position.line, problem.position.column, problem.message))
        case .documentEnd(let facts):
            framed.envelopes.append(facts)
        }
    }
    return framed
}

@Suite("Framing every export shape")
struct RecordFramerTests {
    @Test("a query response is cut into its conversations, with their pointers and positions")
    func queryResponse() throws {
        let text = """
        {
          "conversations": [
            {"conversationId": "a"},
            {"conversationId": "b"}
          ],
          "totalHits": 2
        }
        """
        let framed = try frame(text)
        #expect(framed.records.map(\.pointer) == ["/conversations/0", "/conversations/1"])
        #expect(framed.records.map(\.text) == [#"{"conversationId": "a"}"#, #"{"conversationId": "b"}"#])
        #expect(framed.records.map(\.line) == [3, 4])
        #expect(framed.records.map(\.column) == [5, 5])
        #expect(framed.problems.isEmpty)
    }

    @Test("an envelope's totalHits and dataAvailabilityDate are read, before or after the conversations")
    func envelopeFacts() throws {
        let text = "{\"dataAvailabilityDate\": \"2026-03-03T00:00:00.000Z\",\n\"conversations\": [\n{\"conversationId\": \"a\"},\n{\"conversationId\": \"b\"}\n],\n\"totalHits\": 7}"
        let facts = try #require(try frame(text).envelopes.first ?? nil)
        #expect(facts.totalHits == 7)
        #expect(facts.totalHitsPosition == TextPosition(line: 6, column: 14))
        #expect(facts.conversationCount == 2)
        #expect(facts.dataAvailabilityDate == Timestamp.milliseconds(from: "2026-03-03T00:00:00Z"))
        #expect(try frame("[\n{\"conversationId\": \"a\"}\n]").envelopes == [nil])
    }

    @Test("a jobs results page with its cursor before the conversations")
    func jobsPage() throws {
        let text = #"{"cursor": "eyJ9", "dataAvailabilityDate": "2026-03-03T00:00:00.000Z", "conversations": [{"conversationId": "a"}]}"# + "\n"
            + #"{"cursor": "eyJ8", "conversations": [{"conversationId": "b"}, {"conversationId": "c"}]}"#
        let framed = try frame(text)
        // Two one-line pages read as NDJSON: each line is a document, split after parsing.
        #expect(framed.records.count == 2)
        #expect(framed.records.map(\.line) == [1, 2])
        let findings = TestSupport.findings(in: text, select: ["GDQ0"])
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("a pretty-printed single conversation is one document")
    func singleConversation() throws {
        let text = "{\n  \"conversationId\": \"a\",\n  \"participants\": []\n}\n"
        let framed = try frame(text)
        #expect(framed.records.count == 1)
        #expect(framed.records.first?.pointer == "")
        #expect(framed.records.first?.text == String(text.dropLast()))
    }

    @Test("a bare array of conversations")
    func bareArray() throws {
        let framed = try frame("[\n {\"conversationId\": \"a\"},\n {\"conversationId\": \"b\"}\n]")
        #expect(framed.records.map(\.pointer) == ["/0", "/1"])
    }

    @Test("NDJSON with CRLF line ends, blank lines and a byte-order mark")
    func ndjson() throws {
        let framed = try frame("\u{FEFF}{\"conversationId\": \"a\"}\r\n\r\n{\"conversationId\": \"b\"}\r\n")
        #expect(framed.records.map(\.text) == [#"{"conversationId": "a"}"#, #"{"conversationId": "b"}"#])
        #expect(framed.records.map(\.line) == [1, 3])
    }

    @Test("framing does not depend on where the reads split the input", arguments: [1, 2, 3, 7, 64])
    func tinyChunks(chunkSize: Int) throws {
        let text = "{\"totalHits\": 2, \"conversations\": [\n{\"conversationId\": \"a}\\\"]\"},\n{\"conversationId\": \"b\"}\n]}"
        #expect(try frame(text, chunkSize: chunkSize) == frame(text))
        #expect(try frame(text, chunkSize: chunkSize).records.count == 2)
    }

    @Test("an empty input is not an export")
    func emptyInput() throws {
        for text in ["", "  \n\t\n"] {
            let framed = try frame(text)
            #expect(framed.records.isEmpty)
            #expect(framed.problems.map(\.check) == [.notAnExport])
        }
    }

    @Test("a truncated envelope keeps the conversations before the cut and says where it ends")
    func truncatedEnvelope() throws {
        let text = "{\"conversations\": [\n{\"conversationId\": \"a\"},\n{\"conversationId\": \"b\", \"partic"
        let framed = try frame(text)
        #expect(framed.records.map(\.pointer) == ["/conversations/0"])
        let problem = try #require(framed.problems.first)
        #expect(problem.check == .malformedJSON)
        #expect(problem.pointer == "/conversations/1")
        #expect((problem.line, problem.column) == (3, 32))
    }

    @Test("a missing comma between conversations is reported and reading goes on")
    func missingComma() throws {
        let framed = try frame("[\n{\"conversationId\": \"a\"}\n{\"conversationId\": \"b\"}\n]")
        #expect(framed.records.map(\.pointer) == ["/0", "/1"])
        #expect(framed.problems.map(\.check) == [.malformedJSON])
        #expect(framed.problems.first?.line == 3)
    }

    @Test("an element that is not an object is reported at its pointer")
    func nonObjectElement() throws {
        let framed = try frame("{\"conversations\": [\n42,\n{\"conversationId\": \"a\"}\n]}")
        #expect(framed.records.map(\.pointer) == ["/conversations/1"])
        #expect(framed.problems.map(\.pointer) == ["/conversations/0"])
        #expect(framed.problems.first?.check == .notAnExport)
    }

    @Test("\"conversations\" that is not an array is a wrong type")
    func conversationsNotAnArray() throws {
        let framed = try frame("{\n\"conversations\": {\"a\": 1}\n}")
        #expect(framed.records.isEmpty)
        #expect(framed.problems.map(\.check) == [.wrongType])
        #expect(framed.problems.first?.pointer == "/conversations")
    }

    @Test("a top-level scalar is not an export, on one line or in a document")
    func scalarDocument() throws {
        #expect(TestSupport.findings(in: "\n42\n").map(\.ruleId) == ["GDQ004"])
        #expect(TestSupport.findings(in: "\"just text\"\n").map(\.ruleId) == ["GDQ004"])
        #expect(try frame("\n  true,\n").problems.map(\.check) == [.notAnExport, .malformedJSON])
    }

    @Test("bytes that start no JSON value are malformed input, wherever they appear")
    func garbage() throws {
        #expect(TestSupport.findings(in: "\u{01}\u{02}binary").map(\.ruleId) == ["GDQ001"])
        #expect(try frame("[\n}\n]").problems.map(\.check) == [.malformedJSON])
        #expect(try frame("[\n{\"a\": 1},,\n]").problems.map(\.check) == [.malformedJSON])
    }

    @Test("framing ends, without a crash, on any mix of JSON punctuation", arguments: 0..<8)
    func randomPunctuation(seed: UInt64) throws {
        var generator = SplitMix(seed: seed)
        let alphabet = Array("{}[]\",:\\ \n\r\tabc01-eE.tfn\u{00}\u{FF}".utf8)
        for _ in 0..<200 {
            let bytes = (0..<Int(generator.next() % 64)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            var framer = RecordFramer(source: MemorySource(bytes), maxRecordBytes: 32, chunkSize: 5)
            var items = 0
            while try framer.next() != nil {
                items += 1
                #expect(items <= bytes.count + 2, "framing does not advance on \(bytes)")
                if items > bytes.count + 2 { break }
            }
            _ = TestSupport.findings(in: String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test("a record over the size limit is skipped and reported; the next one is read")
    func oversizedRecord() throws {
        let big = "{\"conversationId\": \"" + String(repeating: "x", count: 300) + "\"}"
        let framed = try frame("[\n\(big),\n{\"conversationId\": \"b\"}\n]", chunkSize: 16, maxRecordBytes: 100)
        #expect(framed.records.map(\.pointer) == ["/1"])
        #expect(framed.problems.map(\.check) == [.recordTooLarge])
        #expect(framed.problems.first?.pointer == "/0")
    }

    @Test("an oversized NDJSON line is skipped; the lines around it are read")
    func oversizedLine() throws {
        let big = "{\"conversationId\": \"" + String(repeating: "x", count: 300) + "\"}"
        let framed = try frame("{\"conversationId\": \"a\"}\n\(big)\n{\"conversationId\": \"b\"}\n", chunkSize: 16, maxRecordBytes: 100)
        #expect(framed.records.map(\.line) == [1, 3])
        #expect(framed.problems.map(\.check) == [.recordTooLarge])
        #expect(framed.problems.first?.line == 2)
    }

    @Test("columns count characters, not bytes")
    func columnsCountCharacters() throws {
        let framed = try frame("{\"conversations\": [{\"participantName\": \"Zoë\"}, {\"conversationId\": \"b\"}\n]}")
        #expect(framed.records.map(\.column) == [20, 48])
    }
}

@Suite("Locating values")
struct SourceLocatorTests {
    @Test("a pointer leads to the value's line and column, through escapes and nesting")
    func locatesValues() {
        let text = """
        {"a\\"b": {"x": [1, {"y": "}"}]},
         "participants": [
           {"sessions": [{"segments": [{"segmentType": "alert"}, {"disconnectType": "spam"}]}]}
         ]}
        """
        let record = FramedRecord(kind: .document, bytes: Array(text.utf8), offset: 0, position: .start, pointer: "")
        #expect(record.position(of: "/participants/0/sessions/0/segments/1/disconnectType") == TextPosition(line: 3, column: 77))
        #expect(record.position(of: "/a\"b/x/1/y") == TextPosition(line: 1, column: 26))
        // A path that does not exist lands on the deepest value that does.
        #expect(record.position(of: "/participants/0/sessions/7") == TextPosition(line: 3, column: 17))
    }

    @Test("pointer tokens escape ~ and /")
    func pointerEscapes() {
        #expect(JSONPointer.appending("a/b~c", to: "/x") == "/x/a~1b~0c")
        #expect(JSONPointer.tokens(of: "/x/a~1b~0c") == ["x", "a/b~c"])
        #expect(JSONPointer.tokens(of: "") == [])
    }
}

/// A small deterministic random number generator, so generated inputs repeat exactly.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

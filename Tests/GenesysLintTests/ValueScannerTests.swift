import Testing
@testable import GenesysLint

/// The scanner's outcome on `text`, read through a window whose chunks are `chunkSize` bytes,
/// so that escapes and brackets fall on every side of a chunk's and a word's edge.
private func scan(_ text: String, chunkSize: Int, stopAtNewline: Bool = false) throws -> ValueScanner.Outcome {
    var window = InputWindow(source: MemorySource(Array(text.utf8)), chunkSize: chunkSize)
    return try ValueScanner.scan(&window, from: 0, stopAtNewline: stopAtNewline)
}

@Suite("Finding where a value ends")
struct ValueScannerTests {
    @Test("escaped quotes and backslashes, brackets inside strings, at every chunk size")
    func escapesAndBrackets() throws {
        let values = [
            #"{"a":"x\"y","b":"}]\\","c":[1,{"d":"\\\""}]}"#,
            #"["\\\\\\\"]\"", "{[", "]}", "\u005c"]"#,
            #""a long string with \"quotes\" and \\ backslashes \\\" inside it""#,
            #"{"k":"abcdefghijklmnopqrstuvwxyz0123456789","l":[[[[[]]]]],"m":"\\"}"#,
        ]
        for value in values {
            for chunkSize in 1...17 {
                #expect(try scan(value + "  , tail", chunkSize: chunkSize) == .complete(end: value.utf8.count), "\(value) in chunks of \(chunkSize)")
            }
        }
    }

    @Test("a raw newline stops the scan when asked, inside or outside a string, unless escaped")
    func newlines() throws {
        for chunkSize in [1, 3, 8, 64] {
            #expect(try scan("{\"a\":\n1}", chunkSize: chunkSize, stopAtNewline: true) == .newline)
            #expect(try scan("{\"a\":\"x\ny\"}", chunkSize: chunkSize, stopAtNewline: true) == .newline)
            #expect(try scan("{\"a\":\"x\\\ny\"}", chunkSize: chunkSize, stopAtNewline: true) == .complete(end: 12))
            #expect(try scan("{\"a\":\n1}", chunkSize: chunkSize) == .complete(end: 8))
        }
    }

    @Test("a value cut off is truncated; scalars end at a delimiter or the end of input")
    func truncationAndScalars() throws {
        #expect(try scan(#"{"a":"unterminated}"#, chunkSize: 4) == .truncated)
        #expect(try scan(#"{"a":"x\"#, chunkSize: 4) == .truncated)
        #expect(try scan("12345, 6", chunkSize: 2) == .complete(end: 5))
        #expect(try scan("true", chunkSize: 3) == .complete(end: 4))
    }
}

import Foundation
import GenesysJSON
import GenesysLint

/// The top-level JSON documents of an input's text, found with jansson alone rather than the
/// linter's framer: what the promises compare the linter's places and copies with.
///
/// The layout is judged as the framer judges it: NDJSON when the first value ends on its
/// line, each line then a document of its own; otherwise documents one after another, up to
/// the first that does not parse. Text that is not in a document is unreadable: findings
/// there are not checked against it.
struct InputDocuments {
    struct Document {
        /// Bytes of the value, without the whitespace around it.
        let range: Range<Int>
        let json: JSONDocument
        /// Whether the text has more than one `"conversations"` key. In a page read as a
        /// stream each occurrence is read where it stands, not only the last one jansson
        /// keeps (see the README): places under `/conversations` are then not jansson's.
        let repeatsConversations: Bool

        /// Whether jansson's tree is the one the linter read at `pointer`.
        func isReadAsParsed(at pointer: String) -> Bool {
            !repeatsConversations || !JSONPointer.isWithin(pointer, "/conversations")
        }
    }

    let text: [UInt8]
    /// Where the text begins: after a byte-order mark, if there is one.
    let contentStart: Int
    private(set) var documents: [Document] = []
    /// Offset of the first byte of each line.
    private(set) var lineStarts: [Int] = []

    /// Whether every byte is ASCII, so that a column is a byte count.
    private let isASCII: Bool

    init(text: [UInt8]) {
        self.text = text
        let contentStart = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.contentStart = contentStart
        (lineStarts, isASCII) = text.withUnsafeBufferPointer { Self.scan($0, from: contentStart) }
        documents = findDocuments()
    }

    /// The first byte of each line, and whether the text is ASCII: with memchr and eight bytes
    /// at a time, because a byte-by-byte loop is slow under the fuzzer's instrumentation.
    private static func scan(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> (lineStarts: [Int], isASCII: Bool) {
        guard let base = text.baseAddress else { return ([start], true) }
        var lineStarts = [start]
        var searchFrom = start
        while searchFrom < text.count, let hit = memchr(base + searchFrom, Int32(UInt8(ascii: "\n")), text.count - searchFrom) {
            searchFrom = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
            lineStarts.append(searchFrom)
        }
        var highBits: UInt64 = 0
        var index = 0
        while index + 8 <= text.count {
            highBits |= UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            index += 8
        }
        while index < text.count {
            highBits |= UInt64(text[index])
            index += 1
        }
        return (lineStarts, highBits & 0x8080_8080_8080_8080 == 0)
    }

    /// The position in `documents` of the document whose value holds `offset`, nil when the
    /// offset is in no document.
    func documentIndex(containing offset: Int) -> Int? {
        var lower = 0, upper = documents.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if documents[middle].range.upperBound <= offset { lower = middle + 1 } else { upper = middle }
        }
        guard lower < documents.count, documents[lower].range.contains(offset) else { return nil }
        return lower
    }

    func document(containing offset: Int) -> Document? {
        documentIndex(containing: offset).map { documents[$0] }
    }

    /// The byte offset of a 1-based line and column (columns count characters, as
    /// `TextPosition` does); nil when the text has no such place. The end of the text is a place.
    func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count, column >= 1 else { return nil }
        var offset = lineStarts[line - 1]
        if isASCII {
            let lineEnd = line < lineStarts.count ? lineStarts[line] - 1 : text.count
            return offset + column - 1 <= lineEnd ? offset + column - 1 : nil
        }
        var characters = 1
        while characters < column {
            guard offset < text.count, text[offset] != UInt8(ascii: "\n") else { return nil }
            offset += 1
            // A character ends where the next one begins: at a byte that is not a continuation.
            while offset < text.count, text[offset] & 0xC0 == 0x80 { offset += 1 }
            characters += 1
        }
        return offset
    }

    /// Parses the value at `offset` (which may be followed by anything).
    func value(at offset: Int) -> JSONDocument? {
        guard offset < text.count else { return nil }
        return text[offset...].withUnsafeBytes { bytes in
            guard case .success(let parsed) = JSONDocument.parseFirstValue(bytes) else { return nil }
            return parsed.document
        }
    }

    /// Whether the text at `offset` is `value`: read by jansson and compared, or for an object
    /// or an array without `reading`, only begun by the right bracket.
    func holds(_ value: JSONValue, at offset: Int, reading: Bool) -> Bool {
        guard offset < text.count else { return false }
        switch value.kind {
        case .object where !reading: return text[offset] == UInt8(ascii: "{")
        case .array where !reading: return text[offset] == UInt8(ascii: "[")
        default: return self.value(at: offset)?.withRoot { $0.isEqual(to: value) } ?? false
        }
    }

    /// Byte ranges, in the whole text, of the values at `pointers` in `document`, found by
    /// the linter's own locator.
    func ranges(ofPointers pointers: [String], in document: Document) -> [Range<Int>] {
        text[document.range].withUnsafeBufferPointer { bytes in
            SourceLocator.ranges(ofPointers: pointers, in: bytes).map { $0.lowerBound + document.range.lowerBound..<$0.upperBound + document.range.lowerBound }
        }
    }

    private func findDocuments() -> [Document] {
        var found: [Document] = []
        var offset = skipWhitespace(from: contentStart)
        guard let first = parseValue(at: offset) else { return [] }
        let lines = !text[first.range].contains(UInt8(ascii: "\n")) && restOfLineIsBlank(from: first.range.upperBound)
        if lines {
            for line in lineStarts.indices {
                let start = skipBlanks(from: lineStarts[line])
                guard start < text.count, text[start] != UInt8(ascii: "\n") else { continue }
                if start == first.range.lowerBound {
                    found.append(first)
                    continue
                }
                // A line that is not exactly one value is an unreadable record.
                if let document = parseValue(at: start), !text[document.range].contains(UInt8(ascii: "\n")), restOfLineIsBlank(from: document.range.upperBound) {
                    found.append(document)
                }
            }
            return found
        }
        found.append(first)
        offset = skipWhitespace(from: first.range.upperBound)
        while offset < text.count, let next = parseValue(at: offset) {
            found.append(next)
            offset = skipWhitespace(from: next.range.upperBound)
        }
        return found
    }

    private func parseValue(at offset: Int) -> Document? {
        guard offset < text.count else { return nil }
        let parsed = text[offset...].withUnsafeBytes { JSONDocument.parseFirstValue($0) }
        guard case .success(let value) = parsed, value.length > 0 else { return nil }
        let end = offset + value.length
        // jansson ends a number or a literal at any byte that cannot continue it; the framer
        // reads on to the next delimiter (`2;x` is one malformed record, not `2`).
        let isScalar = text[offset] != UInt8(ascii: "{") && text[offset] != UInt8(ascii: "[")
        if isScalar, end < text.count, !Self.isWhitespace(text[end]) { return nil }
        return Document(range: offset..<end, json: value.document, repeatsConversations: !isScalar && keyCount("conversations", in: offset..<end) > 1)
    }

    /// How often `"name"` followed by a colon occurs in `range` (at any depth, and counting
    /// the name inside a string that ends so: enough to be careful with).
    private func keyCount(_ name: String, in range: Range<Int>) -> Int {
        let quoted = Array("\"\(name)\"".utf8)
        var count = 0
        var from = range.lowerBound
        while let start = ByteSearch.firstOccurrence(of: quoted, in: text, within: from..<range.upperBound) {
            var after = start + quoted.count
            while after < range.upperBound, Self.isWhitespace(text[after]) { after += 1 }
            if after < range.upperBound, text[after] == UInt8(ascii: ":") { count += 1 }
            from = start + 1
        }
        return count
    }

    private func skipWhitespace(from offset: Int) -> Int {
        var offset = offset
        while offset < text.count, Self.isWhitespace(text[offset]) { offset += 1 }
        return offset
    }

    /// Skips spaces, tabs and carriage returns, but not a line feed.
    private func skipBlanks(from offset: Int) -> Int {
        var offset = offset
        while offset < text.count, Self.isWhitespace(text[offset]), text[offset] != UInt8(ascii: "\n") { offset += 1 }
        return offset
    }

    private func restOfLineIsBlank(from offset: Int) -> Bool {
        let end = skipBlanks(from: offset)
        return end == text.count || text[end] == UInt8(ascii: "\n")
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}

extension JSONValue {
    /// The value at an RFC 6901 pointer, nil when the path does not exist. A repeated key
    /// names its last occurrence, as jansson keeps it.
    func resolving(_ pointer: String) -> JSONValue? {
        var current = self
        for token in JSONPointer.tokens(of: pointer) {
            switch current.kind {
            case .object:
                guard let member = current[token] else { return nil }
                current = member
            case .array:
                // RFC 6901: an index is digits without a leading zero.
                guard token == "0" || (token.first != "0" && !token.isEmpty && token.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                      let index = Int(token), let element = current[index]
                else { return nil }
                current = element
            default:
                return nil
            }
        }
        return current
    }
}

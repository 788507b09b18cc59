import Foundation
import GenesysJSON
import GenesysLint

/// `--clean` and `--quarantine` together give back exactly the input's conversations, each
/// once and in input order, each on one line with every value unchanged; a malformed record
/// goes there as it was, still malformed.
enum SplitPromise {
    /// `conversationFields`: the documented members of a conversation, one of which makes an
    /// object a conversation.
    static func check(_ run: RecordedRun, in input: InputDocuments, conversationFields: Set<String>) {
        var searchFrom = 0
        var conversations = 0
        for (number, (piece, _)) in run.pieces.enumerated() {
            // Where the piece's text is in the input: after the piece before, and where a
            // whole document has the value its pointer names, exactly there.
            var candidate = searchFrom
            while true {
                guard let found = ByteSearch.firstOccurrence(of: Array(piece.text), in: input.text, within: candidate..<input.text.count) else {
                    brokenPromise("\(describe(piece, number)) is not a copy of the input's text, after the record before it, at the value its pointer names")
                }
                guard let index = input.documentIndex(containing: found), input.documents[index].isReadAsParsed(at: piece.pointer) else {
                    conversations += checkOutsideDocuments(piece, number, conversationFields: conversationFields)
                    searchFrom = found + piece.text.count
                    break
                }
                let document = input.documents[index]
                let range = input.ranges(ofPointers: [piece.pointer], in: document)[0]
                let resolves = document.json.withRoot { $0.resolving(piece.pointer) != nil }
                guard resolves, range == found..<found + piece.text.count else {
                    candidate = found + 1
                    continue
                }
                conversations += document.json.withRoot { root in
                    guard let value = root.resolving(piece.pointer) else { return 0 }
                    checkInDocument(piece, number, value: value)
                    return isConversation(value, fields: conversationFields) ? 1 : 0
                }
                searchFrom = found + piece.text.count
                break
            }
        }
        if conversations != run.result.summary.conversations {
            brokenPromise("--clean and --quarantine hold \(conversations) conversations, the run read \(run.result.summary.conversations)")
        }
    }

    /// Checks the copy of a piece whose text is `value` in a whole document.
    private static func checkInDocument(_ piece: RecordPiece, _ number: Int, value: JSONValue) {
        let line = piece.line
        checkOneLine(line, piece, number)
        // A record written on several lines is copied without the whitespace between its
        // tokens: it must read as the same value.
        if !same(line, piece.text), (try? JSONDocument.parse(Array(line)).get())?.withRoot({ $0.isEqual(to: value) }) != true {
            brokenPromise("\(describe(piece, number)) does not read as the same JSON as in the input")
        }
    }

    /// Checks a piece of text that is not in a whole document (a malformed record, an element
    /// of a truncated envelope); 1 when it is a conversation.
    private static func checkOutsideDocuments(_ piece: RecordPiece, _ number: Int, conversationFields: Set<String>) -> Int {
        let line = piece.line
        checkOneLine(line, piece, number)
        let copied = same(line, piece.text) ? nil : try? JSONDocument.parse(Array(line)).get()
        guard let original = try? JSONDocument.parse(Array(piece.text)).get() else {
            if copied != nil {
                brokenPromise("\(describe(piece, number)) was malformed in the input but reads as JSON in the copy")
            }
            return 0
        }
        if !same(line, piece.text), copied?.withRoot({ copy in original.withRoot { copy.isEqual(to: $0) } }) != true {
            brokenPromise("\(describe(piece, number)) does not read as the same JSON as in the input")
        }
        return original.withRoot { isConversation($0, fields: conversationFields) } ? 1 : 0
    }

    private static func checkOneLine(_ line: ArraySlice<UInt8>, _ piece: RecordPiece, _ number: Int) {
        let breaks = line.withUnsafeBytes { bytes in
            bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\n")), bytes.count) != nil || memchr($0, Int32(UInt8(ascii: "\r")), bytes.count) != nil } ?? false
        }
        if breaks { brokenPromise("\(describe(piece, number)) is not one line") }
    }

    private static func same(_ one: ArraySlice<UInt8>, _ other: ArraySlice<UInt8>) -> Bool {
        guard one.count == other.count else { return false }
        return one.withUnsafeBytes { one in
            other.withUnsafeBytes { other in
                guard let first = one.baseAddress, let second = other.baseAddress else { return true }
                return memcmp(first, second, one.count) == 0
            }
        }
    }

    private static func describe(_ piece: RecordPiece, _ number: Int) -> String {
        "record \(number + 1) of --clean/--quarantine (\(PositionPromise.quoted(piece.pointer)))"
    }

    /// An object with at least one documented member of a conversation and no `conversations`
    /// member (which makes it a page), as the reader decides.
    private static func isConversation(_ value: JSONValue, fields: Set<String>) -> Bool {
        guard value.kind == .object, value["conversations"] == nil else { return false }
        var found = false
        value.forEachMember { name, _ in found = found || fields.contains(name) }
        return found
    }
}

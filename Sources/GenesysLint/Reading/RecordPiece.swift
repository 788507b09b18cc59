/// The text of one conversation (or of an unreadable record) as it came in, on one line:
/// what `--quarantine` and `--clean` write.
public struct RecordPiece: Sendable {
    public let text: ArraySlice<UInt8>
    /// Pointer of the conversation in its document; the findings under it are its own.
    public let pointer: String

    /// The text as one NDJSON line: verbatim when it is one line already; otherwise the
    /// whitespace between tokens is dropped (line breaks cannot occur inside JSON strings,
    /// so every value keeps its exact bytes). A malformed record stays malformed.
    public var line: ArraySlice<UInt8> {
        guard text.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else { return text }
        var joined: [UInt8] = []
        joined.reserveCapacity(text.count)
        var inString = false, escaped = false, droppedSpace = false
        for byte in text {
            if inString {
                // A raw line break inside a string is invalid JSON; it must still not split the
                // line, nor make the copy valid: it is written `\ `, an escape JSON does not have
                // (after a backslash, the space alone makes one).
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    if !escaped { joined.append(UInt8(ascii: "\\")) }
                    joined.append(UInt8(ascii: " "))
                    escaped = false
                    continue
                }
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if RecordFramer.isWhitespace(byte) {
                droppedSpace = true
                continue
            } else {
                // Between two scalars (`3 18867`, in a malformed record) whitespace is all that
                // keeps them apart: one space stays, so the copy does not become valid.
                if droppedSpace, let last = joined.last, Self.isScalarByte(last), Self.isScalarByte(byte) { joined.append(UInt8(ascii: " ")) }
                if byte == UInt8(ascii: "\"") { inString = true }
            }
            droppedSpace = false
            joined.append(byte)
        }
        return joined[...]
    }

    /// Whether a byte outside strings belongs to a number, a literal or garbage, rather than
    /// to the structure.
    private static func isScalarByte(_ byte: UInt8) -> Bool {
        !"{}[],:\"".utf8.contains(byte)
    }

    /// Whether a finding at `findingPointer` is about this piece.
    func contains(_ findingPointer: String) -> Bool {
        JSONPointer.isWithin(findingPointer, pointer)
    }
}

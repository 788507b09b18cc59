/// The text of one conversation (or of an unreadable record) as it came in, on one line:
/// what `--quarantine` and `--clean` write.
public struct RecordPiece: Sendable {
    public let text: ArraySlice<UInt8>
    /// Pointer of the conversation in its document; the findings under it are its own.
    public let pointer: String

    /// The text as one NDJSON line: verbatim when it is one line already; otherwise the
    /// whitespace between tokens is dropped (line breaks cannot occur inside JSON strings,
    /// so every value keeps its exact bytes).
    public var line: ArraySlice<UInt8> {
        guard text.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else { return text }
        var joined: [UInt8] = []
        joined.reserveCapacity(text.count)
        var inString = false, escaped = false
        for byte in text {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                // A raw line break inside a string is invalid JSON; it must still not split the line.
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { joined.append(UInt8(ascii: " ")); continue }
            } else if RecordFramer.isWhitespace(byte) {
                continue
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            }
            joined.append(byte)
        }
        return joined[...]
    }

    /// Whether a finding at `findingPointer` is about this piece.
    func contains(_ findingPointer: String) -> Bool {
        JSONPointer.isWithin(findingPointer, pointer)
    }
}

/// Finds where a JSON value ends without parsing it: strings and nesting are tracked, nothing
/// else is checked (jansson checks the syntax of each framed record afterwards).
struct ValueScanner {
    enum Outcome: Equatable {
        /// The value ends just before this absolute offset.
        case complete(end: Int)
        /// The input ended before the value did.
        case truncated
        /// A raw newline came first (only when asked to stop at one).
        case newline
        /// The value is longer than the limit; the scanner went on to its end, keeping nothing.
        case tooLarge(end: Int)
        /// Stopped after `probeLimit` bytes without an answer (only when probing).
        case undecided
    }

    private enum Shape { case string, container, scalar }

    private var shape: Shape?
    private var depth = 0
    private var inString = false
    private var escaped = false

    /// Scans the value starting at `start` (its first byte must not be whitespace).
    ///
    /// - Parameters:
    ///   - stopAtNewline: report `.newline` if a raw line break comes before the value ends.
    ///   - sizeLimit: values longer than this are skipped and reported as `.tooLarge`.
    ///   - probeLimit: give up with `.undecided` after this many bytes.
    static func scan(
        _ window: inout InputWindow, from start: Int,
        stopAtNewline: Bool = false, sizeLimit: Int = .max, probeLimit: Int = .max
    ) throws(ReadError) -> Outcome {
        var scanner = ValueScanner()
        var offset = start
        var oversized = false
        while true {
            let step = try window.withBufferedBytes(from: offset) { chunk in
                scanner.consume(chunk, stopAtNewline: stopAtNewline)
            }
            guard let step else {
                // End of input: a scalar ends there; anything else is cut off. An oversized
                // value has been released already, so it can only be reported as too large.
                if oversized { return .tooLarge(end: offset) }
                return scanner.shape == .scalar && offset > start ? .complete(end: offset) : .truncated
            }
            offset += step.consumed
            switch step.stop {
            case .valueEnded:
                return oversized ? .tooLarge(end: offset) : .complete(end: offset)
            case .newline:
                return .newline
            case nil:
                break
            }
            if offset - start > probeLimit { return .undecided }
            if offset - start > sizeLimit {
                oversized = true
                window.releasedUpTo = offset
            }
        }
    }

    private enum Stop { case valueEnded, newline }

    /// Consumes bytes of one chunk; says how many and whether the value ended.
    private mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>, stopAtNewline: Bool) -> (consumed: Int, stop: Stop?) {
        guard let bytes = chunk.baseAddress, !chunk.isEmpty else { return (0, nil) }
        var index = 0
        if shape == nil {
            switch bytes[0] {
            case UInt8(ascii: "\""): shape = .string; inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): shape = .container; depth = 1
            default: shape = .scalar
            }
            index = 1
            if shape == .scalar, Self.isDelimiter(bytes[0]) { return (0, .valueEnded) }
        }
        if shape == .scalar {
            while index < chunk.count {
                if Self.isDelimiter(bytes[index]) { return (index, .valueEnded) }
                index += 1
            }
            return (index, nil)
        }
        // In a string or a container only quotes, backslashes and brackets (and newlines, when
        // asked) matter: whole words without any are skipped, and in a word with some only
        // those bytes are looked at.
        var escapedPosition = escaped ? index : -1
        while index + ByteWords.size <= chunk.count {
            let word = ByteWords.load(bytes + index)
            var marks = ByteWords.matches(word, UInt8(ascii: "\"")) | ByteWords.matches(word, UInt8(ascii: "\\"))
                | ByteWords.matches(word, UInt8(ascii: "{")) | ByteWords.matches(word, UInt8(ascii: "}"))
                | ByteWords.matches(word, UInt8(ascii: "[")) | ByteWords.matches(word, UInt8(ascii: "]"))
            if stopAtNewline { marks |= ByteWords.matches(word, UInt8(ascii: "\n")) }
            while marks != 0 {
                let position = index + marks.trailingZeroBitCount / 8
                marks &= marks - 1
                if let stop = take(bytes[position], at: position, escapedPosition: &escapedPosition, stopAtNewline: stopAtNewline) {
                    return (position + 1, stop)
                }
            }
            index += ByteWords.size
        }
        while index < chunk.count {
            let position = index
            index += 1
            if let stop = take(bytes[position], at: position, escapedPosition: &escapedPosition, stopAtNewline: stopAtNewline) {
                return (index, stop)
            }
        }
        // A backslash ending the chunk escapes the first byte of the next one.
        escaped = escapedPosition == chunk.count
        return (index, nil)
    }

    /// Applies one byte of a string or container value at `position`; bytes it ignores may be
    /// skipped. `escapedPosition` is where the byte after a backslash is, which a string
    /// takes as it is.
    @inline(__always)
    private mutating func take(_ byte: UInt8, at position: Int, escapedPosition: inout Int, stopAtNewline: Bool) -> Stop? {
        if inString {
            if position == escapedPosition { return nil }
            switch byte {
            case UInt8(ascii: "\\"): escapedPosition = position + 1
            case UInt8(ascii: "\""):
                inString = false
                if shape == .string { return .valueEnded }
            case UInt8(ascii: "\n") where stopAtNewline: return .newline
            default: break
            }
            return nil
        }
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            if depth == 0 { return .valueEnded }
        case UInt8(ascii: "\n") where stopAtNewline: return .newline
        default: break
        }
        return nil
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"),
             UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"):
            true
        default:
            false
        }
    }
}

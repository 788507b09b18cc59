/// A 1-based line and column in an input, as editors show them (columns count characters).
public struct TextPosition: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let start = TextPosition(line: 1, column: 1)

    public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// The position reached after reading `bytes` from this one.
    public func advanced(over bytes: UnsafeRawBufferPointer) -> TextPosition {
        let bytes = bytes.assumingMemoryBound(to: UInt8.self)
        guard let start = bytes.baseAddress else { return self }
        // Lines are the newlines; the column counts the characters after the last of them
        // (UTF-8 continuation bytes add no column).
        var newlines = 0
        var lastNewline = -1
        var index = 0
        while index + ByteWords.size <= bytes.count {
            let marks = ByteWords.matches(ByteWords.load(start + index), UInt8(ascii: "\n"))
            if marks != 0 {
                newlines += marks.nonzeroBitCount
                lastNewline = index + ByteWords.lastMarked(marks)
            }
            index += ByteWords.size
        }
        while index < bytes.count {
            if start[index] == UInt8(ascii: "\n") {
                newlines += 1
                lastNewline = index
            }
            index += 1
        }
        let lineStart = lastNewline + 1
        let characters = (bytes.count - lineStart) - Self.continuationBytes(in: UnsafeBufferPointer(rebasing: bytes[lineStart...]))
        return newlines == 0
            ? TextPosition(line: line, column: column + characters)
            : TextPosition(line: line + newlines, column: 1 + characters)
    }

    private static func continuationBytes(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let start = bytes.baseAddress else { return 0 }
        var count = 0
        var index = 0
        while index + ByteWords.size <= bytes.count {
            count += ByteWords.continuationBytes(ByteWords.load(start + index)).nonzeroBitCount
            index += ByteWords.size
        }
        while index < bytes.count {
            if start[index] & 0xC0 == 0x80 { count += 1 }
            index += 1
        }
        return count
    }

    public func advanced(over bytes: ArraySlice<UInt8>) -> TextPosition {
        bytes.withUnsafeBytes { advanced(over: $0) }
    }
}

extension TextPosition {
    /// A position given relative to a text that itself starts at `self`.
    func composed(with relative: TextPosition) -> TextPosition {
        relative.line == 1
            ? TextPosition(line: line, column: column + relative.column - 1)
            : TextPosition(line: line + relative.line - 1, column: relative.column)
    }
}

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
        var line = line
        var column = column
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Count characters, not bytes: UTF-8 continuation bytes add no column.
                column += 1
            }
        }
        return TextPosition(line: line, column: column)
    }

    public func advanced(over bytes: ArraySlice<UInt8>) -> TextPosition {
        bytes.withUnsafeBytes { advanced(over: $0) }
    }
}

/// Eight bytes at a time: the scans that run over every byte of an input (framing, counting
/// lines) test whole 64-bit words for the few bytes they care about, and step through bytes
/// one by one only in a word that holds one.
enum ByteWords {
    static let size = 8
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let lowSevenBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The word starting at `pointer`, its first byte in the lowest bits whatever the machine.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte of `word` that equals `byte`, and no other bit (exact: no
    /// false matches from carries).
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return ~(((difference & lowSevenBits) &+ lowSevenBits) | difference) & highBits
    }

    /// The high bit of each byte of `word` that is a UTF-8 continuation byte (10xxxxxx).
    @inline(__always)
    static func continuationBytes(_ word: UInt64) -> UInt64 {
        word & ~(word << 1) & highBits
    }

    /// The position in its word (0-7) of the last byte a `matches` mask marks.
    @inline(__always)
    static func lastMarked(_ mask: UInt64) -> Int {
        (63 - mask.leadingZeroBitCount) / 8
    }
}

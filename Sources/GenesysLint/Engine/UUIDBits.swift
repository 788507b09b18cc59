/// A UUID written in its canonical lowercase form (8-4-4-4-12 hex digits), kept as its 128
/// bits: 16 bytes instead of the 36 of the text plus a string's overhead. Other spellings (upper
/// case, braces, no hyphens) are not read, so that `text` gives back the very text that was read.
struct UUIDBits: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The bits of `text`, nil unless it is a canonical lowercase UUID.
    init?(_ text: Substring) {
        // Reading the bytes in place costs a fraction of walking the string's UTF-8 view.
        guard let bits = text.utf8.withContiguousStorageIfAvailable(Self.parse) ?? Self.parse(Array(text.utf8)) else { return nil }
        self = bits
    }

    init?(_ text: String) {
        self.init(text[...])
    }

    private static func parse(_ text: some RandomAccessCollection<UInt8>) -> UUIDBits? {
        guard text.count == 36 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0, digits = 0
        for (offset, byte) in zip(0..., text) {
            if isHyphen(at: offset) {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            let nibble: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt64(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
            if digits < 16 { high = high << 4 | nibble } else { low = low << 4 | nibble }
            digits += 1
        }
        return UUIDBits(high: high, low: low)
    }

    /// The canonical lowercase text.
    var text: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            var written = 0
            for bits in [high, low] {
                for shift in stride(from: 60, through: 0, by: -4) {
                    if Self.isHyphen(at: written) {
                        buffer[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    let nibble = UInt8(truncatingIfNeeded: bits >> UInt64(shift) & 0xF)
                    buffer[written] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                    written += 1
                }
            }
            return written
        }
    }

    private static func isHyphen(at offset: Int) -> Bool {
        offset == 8 || offset == 13 || offset == 18 || offset == 23
    }
}

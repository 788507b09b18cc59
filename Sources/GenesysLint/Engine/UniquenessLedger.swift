/// Remembers where each value of a `unique` rule was first seen in a run.
///
/// It holds one entry per distinct value for the whole run, so it is kept small: a
/// conversation id in its usual form (a lowercase UUID) is stored as 16 bytes rather than
/// as text, and a place as three integers.
struct UniquenessLedger {
    private var firstSeen: [Entry: Place] = [:]
    private var files: [String] = []
    private var fileIndex: [String: Int32] = [:]

    /// The place `key` of rule `rule` was first seen, or nil after remembering `place` as
    /// that first place.
    mutating func firstPlace(rule: Int, key: String, place: (file: String, line: Int, column: Int)) -> String? {
        let entry = Entry(rule: Int32(truncatingIfNeeded: rule), identity: Identity(key))
        if let first = firstSeen[entry] {
            return "\(files[Int(first.file)]):\(first.line):\(first.column)"
        }
        firstSeen[entry] = Place(file: index(of: place.file), line: Int32(clamping: place.line), column: Int32(clamping: place.column))
        return nil
    }

    /// The message of a finding that repeats a value, saying where the value was first seen.
    static func repeatMessage(_ message: String, firstSeenAt first: String) -> String {
        "\(message) (first seen at \(first))"
    }

    private mutating func index(of file: String) -> Int32 {
        if let index = fileIndex[file] { return index }
        let index = Int32(files.count)
        files.append(file)
        fileIndex[file] = index
        return index
    }

    private struct Entry: Hashable {
        let rule: Int32
        let identity: Identity
    }

    private struct Place {
        let file: Int32
        let line: Int32
        let column: Int32
    }

    /// A key of a unique rule: `Value.identityKey` text, or a lowercase UUID string as its bits.
    private enum Identity: Hashable {
        case uuid(UInt64, UInt64)
        case text(String)

        init(_ key: String) {
            self = Self.uuid(in: key) ?? .text(key)
        }

        /// "string:" followed by a canonical lowercase UUID; other spellings stay text so
        /// that keys differing only in case remain different.
        private static func uuid(in key: String) -> Identity? {
            let prefix = "string:".utf8
            var utf8 = key.utf8[...]
            guard utf8.count == prefix.count + 36, utf8.starts(with: prefix) else { return nil }
            utf8 = utf8.dropFirst(prefix.count)
            var high: UInt64 = 0, low: UInt64 = 0, digits = 0
            for (offset, byte) in utf8.enumerated() {
                if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
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
            return .uuid(high, low)
        }
    }
}

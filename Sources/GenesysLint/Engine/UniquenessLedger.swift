/// Remembers where each value of a `unique` rule was first seen in a run.
///
/// It holds one entry per distinct value for the whole run, so it is kept small: a
/// conversation id in its usual form (a lowercase UUID) is stored as 16 bytes rather than
/// as text, and a place as three integers. A rule's UUIDs are spread over many small tables
/// rather than one: a table that fills up moves to one twice its size, holding both while it
/// moves, which for one large table would be half as much again as the whole ledger.
struct UniquenessLedger {
    private var values: [Int32: RuleValues] = [:]
    private var files: [String] = []
    private var fileIndex: [String: Int32] = [:]

    /// The place `key` of rule `rule` was first seen, or nil after remembering `place` as
    /// that first place.
    mutating func firstPlace(rule: Int, key: String, place: (file: String, line: Int, column: Int)) -> String? {
        let newPlace = Place(file: index(of: place.file), line: Int32(clamping: place.line), column: Int32(clamping: place.column))
        guard let first = values[Int32(truncatingIfNeeded: rule), default: RuleValues()].firstPlace(key: key, place: newPlace) else { return nil }
        return "\(files[Int(first.file)]):\(first.line):\(first.column)"
    }

    /// How many keys are kept as text rather than as UUID bits (the tests look).
    var keysKeptAsText: Int { values.values.reduce(0) { $0 + $1.texts.count } }

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

    private struct Place {
        let file: Int32
        let line: Int32
        let column: Int32
    }

    /// The values of one rule seen so far.
    private struct RuleValues {
        /// UUID keys, by a byte of their bits.
        var uuids: [[UUIDBits: Place]] = Array(repeating: [:], count: 256)
        /// The other keys, as they came.
        var texts: [String: Place] = [:]

        /// The first place of `key`, or nil after remembering `place` as its first place.
        mutating func firstPlace(key: String, place: Place) -> Place? {
            guard let bits = Self.uuid(in: key) else {
                if let first = texts[key] { return first }
                texts[key] = place
                return nil
            }
            let shard = Int(truncatingIfNeeded: (bits.high ^ bits.low) & 0xFF)
            if let first = uuids[shard][bits] { return first }
            uuids[shard][bits] = place
            return nil
        }

        /// The bits of a text value's key that is a canonical lowercase UUID; other spellings
        /// stay text so that keys differing only in case remain different.
        private static func uuid(in key: String) -> UUIDBits? {
            let prefix = textKeyPrefix.utf8
            guard key.utf8.count == prefix.count + 36, key.utf8.starts(with: prefix) else { return nil }
            return UUIDBits(Substring(key.utf8.dropFirst(prefix.count)))
        }

        /// How the `Value.identityKey` of a text begins.
        private static let textKeyPrefix = Value.string("").identityKey
    }
}

/// Remembers, for each value of the `unique` rules seen in a run, where it was first seen, the
/// file it was last seen in, and for a conversation how complete its first copy was.
///
/// Rules that key on the same expression at the same scope (GDQ501 and GDQ508 both key on the
/// conversationId) share one entry per value: the ledger is indexed by that key's group (see
/// `Linter.UniqueCheck`), and the rules decide among themselves, from the file the value was
/// last seen in, which of them a repeat concerns. Files are read one after another, so that
/// one file tells a repeat within the file being read from one across files.
///
/// It holds one entry per distinct value for the whole run, so it is kept small: a value in
/// its usual form (a lowercase UUID) is stored as 16 bytes rather than as text, and its entry
/// in 32 (`bytesPerEntry`). A group's UUIDs are spread over many small tables rather than one:
/// a table that fills up moves to one twice its size, holding both while it moves, which for
/// one large table would be half as much again as the whole ledger.
struct UniquenessLedger {
    private var groups: [GroupValues] = []
    private var files: [String] = []
    private var fileIndex: [String: Int32] = [:]

    /// What the ledger knew of a value before it was seen again.
    struct Earlier: Equatable {
        /// Where the value was first seen, as "FILE:LINE:COLUMN".
        let firstPlace: String
        /// The file the value was seen in last.
        let lastFile: String
        /// How complete the first copy was, for values that stand for a conversation.
        let firstCopy: CopyCompleteness?
    }

    /// Notes that the value `key` of key group `group` was seen at `place` in `file`, and
    /// returns what was known of it before; nil when it is new, after remembering this as its
    /// first sighting. `lastSeenIn` is the file the value was last seen in after this sighting
    /// when that is another file (a share of a merge tells of all its sightings at once).
    mutating func sight(group: Int, key: String, file: String, place: TextPosition, copy: CopyCompleteness?, lastSeenIn: String? = nil) -> Earlier? {
        let fileNumber = number(of: file)
        let entry = Entry(
            file: fileNumber, line: Int32(clamping: place.line), column: Int32(clamping: place.column),
            lastFile: lastSeenIn.map { number(of: $0) } ?? fileNumber, copy: copy
        )
        while groups.count <= group { groups.append(GroupValues()) }
        return groups[group].sight(key: key, entry: entry).map(earlier(from:))
    }

    /// What is known of the value `key` of key group `group`, nil when it was not seen.
    func earlier(group: Int, key: String) -> Earlier? {
        guard groups.indices.contains(group) else { return nil }
        return groups[group].entry(key: key).map(earlier(from:))
    }

    /// The file the value `key` of key group `group` was seen in last, nil when it was not seen.
    func lastFile(group: Int, key: String) -> String? {
        guard groups.indices.contains(group) else { return nil }
        return groups[group].entry(key: key).map { files[Int($0.lastFile)] }
    }

    /// How many keys are kept as text rather than as UUID bits (the tests look).
    var keysKeptAsText: Int { groups.reduce(0) { $0 + $1.texts.count } }

    /// The bytes of one entry, beside its key (16 bytes for a UUID).
    static var bytesPerEntry: Int { MemoryLayout<Entry>.stride }

    private func earlier(from entry: Entry) -> Earlier {
        Earlier(
            firstPlace: "\(files[Int(entry.file)]):\(entry.line):\(entry.column)",
            lastFile: files[Int(entry.lastFile)], firstCopy: entry.copy
        )
    }

    private mutating func number(of file: String) -> Int32 {
        if let number = fileIndex[file] { return number }
        let number = Int32(files.count)
        files.append(file)
        fileIndex[file] = number
        return number
    }

    private struct Entry {
        /// The first place: file number, line and column of the conversation it was seen in.
        let file: Int32
        let line: Int32
        let column: Int32
        var lastFile: Int32
        let copy: CopyCompleteness?
    }

    /// The values of one key group seen so far.
    private struct GroupValues {
        /// UUID keys, by a byte of their bits.
        var uuids: [[UUIDBits: Entry]] = Array(repeating: [:], count: 256)
        /// The other keys, as they came.
        var texts: [String: Entry] = [:]

        /// The entry of `key` before this sighting (its last file then updated), or nil after
        /// remembering `entry` as the key's.
        mutating func sight(key: String, entry: Entry) -> Entry? {
            guard let bits = Self.uuid(in: key) else { return Self.sight(key, entry, in: &texts) }
            return Self.sight(bits, entry, in: &uuids[Self.shard(of: bits)])
        }

        func entry(key: String) -> Entry? {
            guard let bits = Self.uuid(in: key) else { return texts[key] }
            return uuids[Self.shard(of: bits)][bits]
        }

        private static func sight<Key: Hashable>(_ key: Key, _ entry: Entry, in table: inout [Key: Entry]) -> Entry? {
            guard let index = table.index(forKey: key) else {
                table[key] = entry
                return nil
            }
            let earlier = table.values[index]
            table.values[index].lastFile = entry.lastFile
            return earlier
        }

        private static func shard(of bits: UUIDBits) -> Int {
            Int(truncatingIfNeeded: (bits.high ^ bits.low) & 0xFF)
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

extension UniquenessLedger.Earlier {
    /// Whether a rule that looks for repeats `repetition` (nil for a rule that is not `unique`)
    /// reports this value seen again in `file`.
    func isReported(by repetition: Rule.Repetition?, repeatIn file: String) -> Bool {
        repetition?.includes(inSameFile: lastFile == file) == true
    }

    /// The message of a finding that repeats a value: the rule's own message, where the value
    /// was first seen and, for a conversation, which copy is more complete.
    func repeatMessage(_ message: String, thisCopy: CopyCompleteness?) -> String {
        let place = "\(message) (first seen at \(firstPlace))"
        guard let thisCopy, let firstCopy else { return place }
        return place + "; " + CopyCompleteness.verdict(this: thisCopy, earlier: firstCopy)
    }
}

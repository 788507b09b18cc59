/// Which copy of each conversation `fix` keeps, learnt in a first pass over the inputs: one
/// entry per conversation id, holding the kept copy's position in input order, its activity
/// and where it was read (for the patch log of the copies dropped in its favour).
///
/// Kept small, as the uniqueness ledger of `check` is: an id in its usual form (a lowercase
/// UUID) is 16 bytes, an entry `bytesPerEntry` (40) beside it, the places in it numbers into
/// tables of the few distinct file names and pointers; and the UUIDs are spread over many
/// small tables, so that no table growing to twice its size doubles the memory of all.
struct DeduplicationLedger: Sendable {
    let deduplication: FixRun.Deduplication
    private var byUUID: [[UUIDBits: Entry]] = Array(repeating: [:], count: 256)
    private var byText: [String: Entry] = [:]
    private var places = PlaceTable()

    init(deduplication: FixRun.Deduplication) {
        self.deduplication = deduplication
    }

    /// The kept copy of one conversation so far.
    private struct Entry: Sendable {
        var ordinal: Int64
        var latest: Int64
        var place: PlaceTable.Place
    }

    static var bytesPerEntry: Int { MemoryLayout<Entry>.stride }

    /// Notes the copy at `ordinal` (its position among the conversations of the inputs).
    mutating func sight(_ id: String?, copy: CopyCompleteness, ordinal: Int, source: RecordSource) {
        guard let id, deduplication != .none else { return }
        let latest = copy.latestActivity ?? .min
        let place = places.place(of: source)
        func update(_ entry: inout Entry?) {
            // Later in input order wins a tie of activity, so `<` rather than `<=`.
            if let kept = entry, deduplication == .first || latest < kept.latest { return }
            entry = Entry(ordinal: Int64(ordinal), latest: latest, place: place)
        }
        if let bits = UUIDBits(id) {
            update(&byUUID[Self.shard(of: bits)][bits])
        } else {
            update(&byText[id])
        }
    }

    /// The copy kept instead of the one at `ordinal`, and why; nil when this is the one kept
    /// (or the conversation has no id, or nothing is deduplicated).
    func keptCopy(of id: String?, ordinal: Int) -> (source: RecordSource, reason: String)? {
        guard let id, deduplication != .none else { return nil }
        let entry = UUIDBits(id).map { byUUID[Self.shard(of: $0)][$0] } ?? byText[id]
        guard let kept = entry, kept.ordinal != Int64(ordinal) else { return nil }
        let reason = switch deduplication {
        case .latest where kept.ordinal > ordinal: "a later copy with activity as late or later is kept"
        case .latest: "an earlier copy with later activity is kept"
        default: "the first copy is kept"
        }
        return (places.source(of: kept.place), reason)
    }

    private static func shard(of bits: UUIDBits) -> Int {
        Int(truncatingIfNeeded: (bits.high ^ bits.low) & 0xFF)
    }
}

/// The conversations written so far, by a 128-bit hash of their text, and where each was
/// read: a conversation whose text is one of them is an exact copy.
struct ExactCopies: Sendable {
    private var seen: [Hash: PlaceTable.Place] = [:]
    private var places = PlaceTable()

    private struct Hash: Hashable, Sendable {
        let first: UInt64
        let second: UInt64
    }

    /// Notes `text`; where the same text was read first, when it was.
    mutating func sight(_ text: [UInt8], source: RecordSource) -> RecordSource? {
        // FNV-1a from two offsets, the second also folding in its high bits: two different
        // 64-bit hashes of the text.
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3 ^ (second >> 29)
        }
        let hash = Hash(first: first, second: second)
        if let earlier = seen[hash] { return places.source(of: earlier) }
        seen[hash] = places.place(of: source)
        return nil
    }
}

/// Places in the inputs, kept as numbers: the file names of an export are few, and so are its
/// pointers once their last index is set apart (every NDJSON line has the pointer "", every
/// element of a page or an array `/conversations/#` or `/#`).
struct PlaceTable: Sendable {
    struct Place: Sendable {
        let file: Int32
        let line: Int32
        let column: Int32
        /// The pointer without its last reference token when that is an index, and the index
        /// (-1 when it is not one).
        let pointer: Int32
        let index: Int32
    }

    private var texts: [String] = []
    private var numbers: [String: Int32] = [:]

    mutating func place(of source: RecordSource) -> Place {
        var pointer = source.pointer[...]
        var index: Int32 = -1
        if let slash = pointer.lastIndex(of: "/"), let number = Int32(pointer[pointer.index(after: slash)...]), number >= 0,
           String(number) == pointer[pointer.index(after: slash)...] {
            index = number
            pointer = pointer[..<slash]
        }
        return Place(
            file: number(of: source.file), line: Int32(clamping: source.line), column: Int32(clamping: source.column),
            pointer: number(of: String(pointer)), index: index
        )
    }

    func source(of place: Place) -> RecordSource {
        let pointer = texts[Int(place.pointer)] + (place.index >= 0 ? "/\(place.index)" : "")
        return RecordSource(file: texts[Int(place.file)], line: Int(place.line), column: Int(place.column), pointer: pointer)
    }

    private mutating func number(of text: String) -> Int32 {
        if let known = numbers[text] { return known }
        texts.append(text)
        numbers[text] = Int32(texts.count - 1)
        return Int32(texts.count - 1)
    }
}

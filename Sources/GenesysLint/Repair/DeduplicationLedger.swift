/// Which copy of each conversation `fix` keeps, learnt in a first pass over the inputs: one
/// entry per conversation id, holding the kept copy's position in input order, its activity
/// and where it was read (for the patch log of the copies dropped in its favour).
///
/// An id in its usual form (a lowercase UUID) is kept as 16 bytes; an entry takes
/// `bytesPerEntry` beside it, and the table about half as much again.
struct DeduplicationLedger: Sendable {
    let deduplication: FixRun.Deduplication
    private var byUUID: [UUIDBits: Entry] = [:]
    private var byText: [String: Entry] = [:]
    /// The inputs' names, numbered: an entry keeps the number.
    private var files: [String] = []
    private var fileNumbers: [String: Int32] = [:]

    init(deduplication: FixRun.Deduplication) {
        self.deduplication = deduplication
    }

    /// The kept copy of one conversation so far.
    private struct Entry: Sendable {
        var ordinal: Int64
        var latest: Int64
        var file: Int32
        var line: Int32
        var column: Int32
        /// Pointer of the copy in its document: "" for a whole NDJSON line, which costs nothing.
        var pointer: String
    }

    static var bytesPerEntry: Int { MemoryLayout<Entry>.stride }

    /// Notes the copy at `ordinal` (its position among the conversations of the inputs).
    mutating func sight(_ id: String?, copy: CopyCompleteness, ordinal: Int, source: RecordSource) {
        guard let id, deduplication != .none else { return }
        let latest = copy.latestActivity ?? .min
        let file = number(of: source.file)
        func update(_ entry: inout Entry?) {
            // Later in input order wins a tie of activity, so `>=`.
            if let kept = entry, deduplication == .first || latest < kept.latest { return }
            entry = Entry(
                ordinal: Int64(ordinal), latest: latest, file: file, line: Int32(clamping: source.line),
                column: Int32(clamping: source.column), pointer: source.pointer
            )
        }
        if let bits = UUIDBits(id) {
            update(&byUUID[bits])
        } else {
            update(&byText[id])
        }
    }

    /// The copy kept instead of the one at `ordinal`, and why; nil when this is the one kept
    /// (or the conversation has no id, or nothing is deduplicated).
    func keptCopy(of id: String?, ordinal: Int) -> (source: RecordSource, reason: String)? {
        guard let id, deduplication != .none, let kept = UUIDBits(id).flatMap({ byUUID[$0] }) ?? byText[id], kept.ordinal != Int64(ordinal) else {
            return nil
        }
        let reason = switch deduplication {
        case .latest where kept.ordinal > ordinal: "a later copy with activity as late or later is kept"
        case .latest: "an earlier copy with later activity is kept"
        default: "the first copy is kept"
        }
        let source = RecordSource(file: files[Int(kept.file)], line: Int(kept.line), column: Int(kept.column), pointer: kept.pointer)
        return (source, reason)
    }

    private mutating func number(of file: String) -> Int32 {
        if let known = fileNumbers[file] { return known }
        files.append(file)
        fileNumbers[file] = Int32(files.count - 1)
        return Int32(files.count - 1)
    }
}

/// The conversations written so far, by a 128-bit hash of their text, and where each was
/// read: a conversation whose text is one of them is an exact copy.
struct ExactCopies: Sendable {
    private var seen: [Hash: RecordSource] = [:]

    private struct Hash: Hashable, Sendable {
        let first: UInt64
        let second: UInt64
    }

    /// Notes `text`; where the same text was read first, when it was.
    mutating func sight(_ text: [UInt8], source: RecordSource) -> RecordSource? {
        // FNV-1a over two different offsets: two independent 64-bit hashes of the text.
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x84222325_cbf29ce4
        for byte in text {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3 ^ (second >> 29)
        }
        let hash = Hash(first: first, second: second)
        if let earlier = seen[hash] { return earlier }
        seen[hash] = source
        return nil
    }
}

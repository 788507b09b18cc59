import Foundation

/// Remembers, for each value of the `unique` rules seen in a run, where it was first seen, the
/// file it was last seen in, and for a conversation how complete its first copy was.
///
/// Rules that key on the same expression at the same scope (GDQ501 and GDQ508 both key on the
/// conversationId) share one entry per value: the ledger is indexed by that key's group (see
/// `Linter.UniqueCheck`), and the rules decide among themselves, from the file the value was
/// last seen in, which of them a repeat concerns. Files are read one after another, so that
/// one file tells a repeat within the file being read from one across files.
///
/// It holds one entry per distinct value for the whole run, the one part of memory that grows
/// with the export, so:
///
/// - In memory, a value in its usual form (a lowercase UUID) is its 16 bits-as-bytes and a
///   4-byte number in a `UUIDTable`: at most 24 bytes an id, the table's empty slots included.
///   Other values (malformed ids: rare) stay text in a dictionary, about 64 bytes and the
///   text each, for the whole run.
/// - What is only needed when a value repeats (its first place, the file it was last seen in,
///   how complete its first copy was) is a 32-byte record in a temporary file with no name
///   (`TemporaryStore`), found by that number: read back, and its last file rewritten, on a
///   repeat, which is rare.
/// - Past `LedgerSpilling.memoryBound`, the table is written to disk as a sorted run
///   (`LedgerRun`) and filled afresh. A Bloom filter of a fixed size (an eighth of the bound)
///   tells which values may be in a run; those are looked up in the runs at once, so a repeat
///   is reported in its place in the stream, exactly as without the disk. Runs are merged as
///   they pile up (the last two, while the older is at most twice the newer), so there are
///   only a few to look in.
struct UniquenessLedger {
    private var groups: [GroupKeys] = []
    private var files: [String] = []
    private var fileIndex: [String: Int32] = [:]
    private let spilling: LedgerSpilling
    /// The records of the values' first sightings, by number.
    private let details: DetailStore
    /// The number of the first record of a value in the tables now: those before are in runs
    /// (or are text keys).
    private var detailBase: Int64 = 0
    /// Set at the first spill: tells which values may be in a run.
    private var filter: SplitBlockBloomFilter?
    /// After the first spill, the tables hold their slots, and spill again at this many values.
    private var valuesPerSpill: Int?
    private(set) var spills = 0

    /// What the ledger knew of a value before it was seen again.
    struct Earlier: Equatable {
        /// Where the value was first seen, as "FILE:LINE:COLUMN".
        let firstPlace: String
        /// The file the value was seen in last.
        let lastFile: String
        /// How complete the first copy was, for values that stand for a conversation.
        let firstCopy: CopyCompleteness?
    }

    init(spilling: LedgerSpilling = .standard) {
        self.spilling = spilling
        details = DetailStore(TemporaryStore(directory: spilling.directory, bufferLimit: spilling.bufferBytes))
    }

    /// Notes that the value `key` of key group `group` was seen at `place` in `file`, and
    /// returns what was known of it before; nil when it is new, after remembering this as its
    /// first sighting. `lastSeenIn` is the file the value was last seen in after this sighting
    /// when that is another file (a share of a merge tells of all its sightings at once).
    mutating func sight(group: Int, key: String, file: String, place: TextPosition, copy: CopyCompleteness?, lastSeenIn: String? = nil) -> Earlier? {
        let fileNumber = number(of: file)
        let lastFile = lastSeenIn.map { number(of: $0) } ?? fileNumber
        while groups.count <= group { groups.append(GroupKeys()) }
        let ledgerKey = LedgerKey(key)
        if let index = detailIndex(group: group, ledgerKey) {
            let detail = details.detail(at: index)
            if detail.lastFile != lastFile { details.setLastFile(lastFile, at: index) }
            return earlier(from: detail)
        }
        // A table numbers its values from `detailBase` in 32 bits.
        if case .uuid = ledgerKey, details.count - detailBase >= Int64(UInt32.max) { spill() }
        let index = details.append(Detail(file: fileNumber, place: place, lastFile: lastFile, copy: copy))
        switch ledgerKey {
        case .text(let text):
            groups[group].texts[text] = index
        case .uuid(let bits, let hash):
            groups[group].uuids.insert(bits, value: UInt32(truncatingIfNeeded: index - detailBase), hash: hash)
            if isOverBound { spill() }
        }
        return nil
    }

    /// What is known of the value `key` of key group `group`, nil when it was not seen.
    func earlier(group: Int, key: String) -> Earlier? {
        detail(group: group, key: key).map(earlier(from:))
    }

    /// The file the value `key` of key group `group` was seen in last, nil when it was not seen.
    func lastFile(group: Int, key: String) -> String? {
        detail(group: group, key: key).map { files[Int($0.lastFile)] }
    }

    /// How many keys are kept as text rather than as UUID bits (the tests look).
    var keysKeptAsText: Int { groups.reduce(0) { $0 + $1.texts.count } }

    /// Bytes of memory the UUID tables hold.
    var tableBytes: Int { groups.reduce(0) { $0 + $1.uuids.bytes } }

    /// Runs on disk now (merged ones counted once).
    var runs: Int { groups.reduce(0) { $0 + $1.runs.count } }

    /// Whether a temporary file was made (the tests look).
    var usesDisk: Bool { details.store.isOnDisk || runs > 0 }

    /// Bytes per UUID in memory, empty slots included, once the table has grown past its first
    /// sizes: its 16 bytes and a 4-byte number in a table at least 93.5% full.
    static var bytesPerUUID: Double { UUIDTable.maximumBytesPerEntry }

    /// The bytes of a value's record of first sighting, on disk.
    static var bytesPerRecord: Int { MemoryLayout<Detail>.size }

    private func detail(group: Int, key: String) -> Detail? {
        guard groups.indices.contains(group), let index = detailIndex(group: group, LedgerKey(key)) else { return nil }
        return details.detail(at: index)
    }

    /// The number of the record of the value's first sighting, from the table, else the runs.
    private func detailIndex(group: Int, _ key: LedgerKey) -> Int64? {
        let values = groups[group]
        switch key {
        case .text(let text):
            return values.texts[text]
        case .uuid(let bits, let hash):
            if let local = values.uuids.value(of: bits, hash: hash) { return detailBase + Int64(local) }
            guard !values.runs.isEmpty, filter?.mayContain(Self.filterHash(group: group, hash)) == true else { return nil }
            for run in values.runs.reversed() {
                if let index = run.find(bits, hash: hash) { return index }
            }
            return nil
        }
    }

    private func earlier(from detail: Detail) -> Earlier {
        Earlier(firstPlace: detail.firstPlace(in: files), lastFile: files[Int(detail.lastFile)], firstCopy: detail.copy)
    }

    private mutating func number(of file: String) -> Int32 {
        if let number = fileIndex[file] { return number }
        let number = Int32(files.count)
        files.append(file)
        fileIndex[file] = number
        return number
    }

    // MARK: Spilling

    private var isOverBound: Bool {
        if let valuesPerSpill { return groups.reduce(0) { $0 + $1.uuids.count } >= valuesPerSpill }
        return tableBytes > spilling.tableBound
    }

    /// Writes each group's table to disk as a sorted run, notes its values in the Bloom filter,
    /// and empties the tables (their slots kept, for the values to come).
    private mutating func spill() {
        if valuesPerSpill == nil {
            valuesPerSpill = max(groups.reduce(0) { $0 + $1.uuids.count }, 1)
            filter = SplitBlockBloomFilter(bytes: spilling.filterBytes)
        }
        for group in groups.indices where groups[group].uuids.count > 0 {
            let run = LedgerRun(directory: spilling.directory, bufferLimit: spilling.bufferBytes)
            let base = detailBase
            groups[group].uuids.forEachSorted { bits, hash, local in
                run.append(bits, hash: hash, record: base + Int64(local))
                filter?.insert(Self.filterHash(group: group, hash))
            }
            run.finish()
            groups[group].uuids.removeAllKeepingCapacity()
            groups[group].runs.append(run)
            // Merged as a binary counter carries: runs stay few, and each value is rewritten
            // only a few times over the run.
            while groups[group].runs.count >= 2 {
                let runs = groups[group].runs
                let older = runs[runs.count - 2], newer = runs[runs.count - 1]
                guard older.count <= 2 * newer.count else { break }
                groups[group].runs.removeLast(2)
                groups[group].runs.append(LedgerRun.merged(older, newer, directory: spilling.directory, bufferLimit: spilling.bufferBytes))
            }
        }
        detailBase = details.count
        spills += 1
    }

    /// The hash the Bloom filter knows a value by: its key's, with its group.
    private static func filterHash(group: Int, _ hash: UInt64) -> UInt64 {
        group == 0 ? hash : UUIDTable.hash(UUIDBits(high: hash, low: UInt64(group)))
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

/// How much memory the uniqueness ledger of a run may hold before it spills to disk, and where.
struct LedgerSpilling: Sendable, Equatable {
    /// Bytes of memory for the ledger's UUIDs: seven eighths for the table, one eighth for the
    /// Bloom filter once the table has spilled.
    var memoryBound: Int
    /// Where the temporary files are made.
    var directory: String

    init(memoryBound: Int, directory: String = TemporaryStore.systemDirectory) {
        self.memoryBound = max(memoryBound, Self.minimumBound)
        self.directory = directory
    }

    static let defaultBound = 64 << 20
    static let minimumBound = 16 << 10
    /// The variable that sets the bound: bytes, or a number with K, M or G.
    static let environmentVariable = "GENESYS_LINT_LEDGER_MEMORY"

    /// The bound the environment sets, else the default.
    static var standard: LedgerSpilling {
        LedgerSpilling(memoryBound: getenv(environmentVariable).flatMap { bytes(in: String(cString: $0)) } ?? defaultBound)
    }

    /// What is wrong with the environment's bound, nil when it is unset or readable (a bound it
    /// cannot read would otherwise be ignored without a word).
    static var environmentProblem: String? {
        guard let text = getenv(environmentVariable).map({ String(cString: $0) }), bytes(in: text) == nil else { return nil }
        return "\(environmentVariable) must be a number of bytes, or a number with K, M or G such as 64M (it is \"\(text)\"); unset it for the default, 64M"
    }

    /// "67108864", "64M", "64MiB", "2g": a number of bytes, nil when it is none.
    static func bytes(in text: String) -> Int? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
        var unit = 1
        for (suffix, size) in [("KIB", 1 << 10), ("MIB", 1 << 20), ("GIB", 1 << 30), ("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]
        where digits.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            unit = size
            break
        }
        guard let number = Int(digits.trimmingCharacters(in: .whitespaces)), number > 0 else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: unit)
        return overflow ? nil : bytes
    }

    var filterBytes: Int { memoryBound / 8 }
    var tableBound: Int { memoryBound - filterBytes }
    /// The write buffer of each temporary file: small, as it is memory that grows to its size
    /// in any run of more than a few thousand values.
    var bufferBytes: Int { min(64 << 10, max(4 << 10, memoryBound / 64)) }
}

/// A value's first sighting, on disk: 32 bytes.
private struct Detail {
    var file: Int32
    var line: Int32
    var column: Int32
    var lastFile: Int32
    var latest: Int64
    var endedAndSegments: UInt32
    var hasCopy: UInt32

    init(file: Int32, place: TextPosition, lastFile: Int32, copy: CopyCompleteness?) {
        self.file = file
        line = Int32(clamping: place.line)
        column = Int32(clamping: place.column)
        self.lastFile = lastFile
        (latest, endedAndSegments) = copy?.stored ?? (0, 0)
        hasCopy = copy == nil ? 0 : 1
    }

    var copy: CopyCompleteness? {
        hasCopy == 0 ? nil : CopyCompleteness(stored: (latest, endedAndSegments))
    }

    func firstPlace(in files: [String]) -> String {
        "\(files[Int(file)]):\(line):\(column)"
    }
}

/// The records of first sightings, by number, in a temporary store.
private struct DetailStore {
    let store: TemporaryStore
    private static let size = MemoryLayout<Detail>.size
    private static let lastFileOffset = MemoryLayout<Detail>.offset(of: \Detail.lastFile) ?? 12

    init(_ store: TemporaryStore) {
        self.store = store
    }

    var count: Int64 { store.count / Int64(Self.size) }

    func append(_ detail: Detail) -> Int64 {
        let index = count
        _ = withUnsafeBytes(of: detail) { store.append($0) }
        return index
    }

    func detail(at index: Int64) -> Detail {
        var detail = Detail(file: 0, place: TextPosition(line: 0, column: 0), lastFile: 0, copy: nil)
        withUnsafeMutableBytes(of: &detail) { store.read(at: index * Int64(Self.size), into: $0) }
        return detail
    }

    func setLastFile(_ file: Int32, at index: Int64) {
        withUnsafeBytes(of: file) { store.overwrite(at: index * Int64(Self.size) + Int64(Self.lastFileOffset), with: $0) }
    }
}

/// The values of one key group: UUIDs as bits (in the table, then in runs), the others as text.
private struct GroupKeys {
    var uuids = UUIDTable()
    var runs: [LedgerRun] = []
    /// Text keys and the numbers of their records; never spilled.
    var texts: [String: Int64] = [:]
}

/// A value's key as the ledger keeps it: the bits of a canonical lowercase UUID text, with
/// their hash, else the key's text (so that keys differing only in case remain different).
private enum LedgerKey {
    case uuid(UUIDBits, hash: UInt64)
    case text(String)

    init(_ key: String) {
        if let bits = Self.uuid(in: key) {
            self = .uuid(bits, hash: UUIDTable.hash(bits))
        } else {
            self = .text(key)
        }
    }

    /// The bits of a text value's key that is a canonical lowercase UUID.
    private static func uuid(in key: String) -> UUIDBits? {
        let prefix = textKeyPrefix.utf8
        guard key.utf8.count == prefix.count + 36, key.utf8.starts(with: prefix) else { return nil }
        return UUIDBits(Substring(key.utf8.dropFirst(prefix.count)))
    }

    /// How the `Value.identityKey` of a text begins.
    private static let textKeyPrefix = Value.string("").identityKey
}

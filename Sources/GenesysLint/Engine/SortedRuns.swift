import Foundation

/// One sorted run of the uniqueness ledger on disk: the UUIDs of one key group that were in its
/// table when the table reached its memory bound, each with the number of its record of first
/// sighting, 24 bytes each, in the order of (`UUIDTable.hash`, high bits, low bits).
///
/// A run is looked up where it lies, not merged at the end: a repeat has to be reported in its
/// place in the stream of findings, as it would be without the disk. The hash of every
/// `blockRecords`-th entry stays in memory (about 0.03 bytes an id), so a look-up reads one
/// block of 6 KB, from the page cache as a rule. Runs are merged as they pile up (see
/// `UniquenessLedger`), so a look-up reads only a few.
final class LedgerRun {
    private let store: TemporaryStore
    private(set) var count = 0
    /// The hash of the first entry of each block.
    private var blockHashes: [UInt64] = []
    private var lastHash: UInt64 = 0
    private var scratch: [Entry]

    static let recordBytes = MemoryLayout<Entry>.stride
    static let blockRecords = 256

    /// An entry as stored: the key's bits and the number of its record.
    struct Entry {
        var high: UInt64
        var low: UInt64
        var record: Int64

        var key: UUIDBits { UUIDBits(high: high, low: low) }
    }

    init(directory: String, bufferLimit: Int) {
        store = TemporaryStore(directory: directory, bufferLimit: bufferLimit)
        scratch = [Entry](repeating: Entry(high: 0, low: 0, record: 0), count: Self.blockRecords)
    }

    /// Adds an entry after every one added before it, in the run's order.
    func append(_ key: UUIDBits, hash: UInt64, record: Int64) {
        precondition(count == 0 || lastHash <= hash, "a ledger run is written in order")
        if count % Self.blockRecords == 0 { blockHashes.append(hash) }
        lastHash = hash
        count += 1
        _ = withUnsafeBytes(of: Entry(high: key.high, low: key.low, record: record)) { store.append($0) }
    }

    /// Writes what is still buffered: the run is complete.
    func finish() {
        store.finish()
    }

    /// The record number of `key`, nil when the run does not hold it.
    func find(_ key: UUIDBits, hash: UInt64) -> Int64? {
        guard count > 0 else { return nil }
        // The entries of one hash begin after the last block that starts below it.
        var low = 0, high = blockHashes.count
        while low < high {
            let middle = (low + high) / 2
            if blockHashes[middle] < hash { low = middle + 1 } else { high = middle }
        }
        var block = max(low - 1, 0)
        while block < blockHashes.count {
            let first = block * Self.blockRecords
            let entries = min(Self.blockRecords, count - first)
            let found: Int64?? = scratch.withUnsafeMutableBytes { bytes in
                store.read(at: Int64(first * Self.recordBytes), into: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<entries * Self.recordBytes]))
                let block = bytes.bindMemory(to: Entry.self)
                var low = 0, high = entries
                while low < high {
                    let middle = (low + high) / 2
                    if UUIDTable.hash(block[middle].key) < hash { low = middle + 1 } else { high = middle }
                }
                for entry in block[low..<entries] {
                    guard UUIDTable.hash(entry.key) == hash else { return .some(nil) }
                    if entry.high == key.high, entry.low == key.low { return .some(entry.record) }
                }
                return nil
            }
            if let found { return found }
            block += 1
        }
        return nil
    }

    /// Every entry in order, read a window at a time.
    func forEach(_ body: (Entry) -> Void) {
        let window = 2048
        var buffer = [Entry](repeating: Entry(high: 0, low: 0, record: 0), count: window)
        var start = 0
        while start < count {
            let entries = min(window, count - start)
            buffer.withUnsafeMutableBytes { bytes in
                store.read(at: Int64(start * Self.recordBytes), into: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<entries * Self.recordBytes]))
            }
            for entry in buffer[0..<entries] { body(entry) }
            start += entries
        }
    }

    /// One run holding the entries of both, in order (their keys are distinct).
    static func merged(_ first: LedgerRun, _ second: LedgerRun, directory: String, bufferLimit: Int) -> LedgerRun {
        let merged = LedgerRun(directory: directory, bufferLimit: bufferLimit)
        var pending = SortedEntries(second)
        first.forEach { entry in
            let hash = UUIDTable.hash(entry.key)
            while let next = pending.peek(), (next.hash, next.entry.high, next.entry.low) < (hash, entry.high, entry.low) {
                merged.append(next.entry.key, hash: next.hash, record: next.entry.record)
                pending.advance()
            }
            merged.append(entry.key, hash: hash, record: entry.record)
        }
        while let next = pending.peek() {
            merged.append(next.entry.key, hash: next.hash, record: next.entry.record)
            pending.advance()
        }
        merged.finish()
        return merged
    }

    /// Reads a run's entries one at a time, a window ahead.
    private struct SortedEntries {
        let run: LedgerRun
        var window: [Entry] = []
        var offset = 0
        var nextStart = 0

        init(_ run: LedgerRun) {
            self.run = run
            fill()
        }

        func peek() -> (entry: Entry, hash: UInt64)? {
            guard offset < window.count else { return nil }
            let entry = window[offset]
            return (entry, UUIDTable.hash(entry.key))
        }

        mutating func advance() {
            offset += 1
            if offset == window.count { fill() }
        }

        private mutating func fill() {
            let entries = min(2048, run.count - nextStart)
            window = [Entry](repeating: Entry(high: 0, low: 0, record: 0), count: max(entries, 0))
            offset = 0
            guard entries > 0 else { return }
            window.withUnsafeMutableBytes { bytes in
                run.store.read(at: Int64(nextStart * LedgerRun.recordBytes), into: bytes)
            }
            nextStart += entries
        }
    }
}

/// A split block Bloom filter (as Apache Parquet's): each key sets one bit in each of the eight
/// 32-bit words of one 32-byte block, so a test reads one cache line. It tells the ledger,
/// for a value not in its table, whether the value may be in a run on disk; it never says no
/// for one that is. Its size is fixed, so as runs pile up it says "may be" more often, which
/// costs look-ups on disk, never correctness.
struct SplitBlockBloomFilter {
    private var words: [UInt32]
    private let blocks: Int

    private static let salts: [UInt32] = [0x47B6_137B, 0x4497_4D91, 0x8824_AD5B, 0xA2B7_289D, 0x7054_95C7, 0x2DF1_424B, 0x9EFC_4947, 0x5C6B_FB31]

    init(bytes: Int) {
        blocks = max(1, bytes / 32)
        words = [UInt32](repeating: 0, count: blocks * 8)
    }

    var byteCount: Int { words.count * MemoryLayout<UInt32>.stride }

    /// The first word of the key's block: the top half of the hash scaled to the block count.
    @inline(__always)
    private func base(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: ((hash >> 32) &* UInt64(blocks)) >> 32) &* 8
    }

    mutating func insert(_ hash: UInt64) {
        let first = base(of: hash)
        let key = UInt32(truncatingIfNeeded: hash)
        words.withUnsafeMutableBufferPointer { words in
            for index in 0..<8 {
                words[first + index] |= 1 << ((key &* Self.salts[index]) >> 27)
            }
        }
    }

    func mayContain(_ hash: UInt64) -> Bool {
        let first = base(of: hash)
        let key = UInt32(truncatingIfNeeded: hash)
        return words.withUnsafeBufferPointer { words in
            for index in 0..<8 where words[first + index] & (1 << ((key &* Self.salts[index]) >> 27)) == 0 {
                return false
            }
            return true
        }
    }
}

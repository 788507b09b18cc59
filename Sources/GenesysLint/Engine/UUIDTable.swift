import Foundation

/// A set of UUIDs, each with a 32-bit number: the uniqueness ledger's table, which holds one
/// entry per conversation id of a run and so is the one part of memory that grows with the
/// export. It is kept at `bytesPerSlot` (20) bytes a slot and at least 93.5% full, so at most
/// 21.4 bytes an id (`maximumBytesPerEntry`), empty slots included:
///
/// - Open addressing with linear probing: a slot is the 16 bytes of the key (in one block,
///   which a probe walks) and its 4-byte number (in another), with no per-entry overhead. The
///   key 0 (the nil UUID) marks an empty slot and is kept aside.
/// - The table is 256 shards, chosen by the top byte of a hash of the key, each a table of its
///   own in pages of its own. A shard grows when it is 95% full, by a sixty-fourth (not twice
///   its size), so the whole stays between 93.5% and 95% full; and only one shard is copied at
///   a time, so growing never holds two copies of the whole (a table that doubles does, for a
///   moment).
/// - Linear probing that full walks a hundred slots or two for a new key, in adjacent memory:
///   a few hundred nanoseconds, against the tens of microseconds of reading a conversation
///   (2,000,000 small conversations took the same CPU time as with the 75-byte ledger before).
///
/// The shards are ordered by hash, and `forEachSorted` visits the keys in the order of
/// `UUIDTable.hash` then the key's bits: the order of the ledger's sorted runs on disk.
struct UUIDTable: Sendable {
    private var shards: [Shard] = (0..<UUIDTable.shardCount).map { _ in Shard() }
    /// The number of the nil UUID, which cannot be stored in a slot (its bits mark empty ones).
    private var nilValue: UInt32?
    private(set) var count = 0
    /// Bytes held by the slots of every shard.
    private(set) var bytes = 0

    static let shardCount = 256
    /// The 16 bytes of a key and its 4-byte number.
    static let bytesPerSlot = 2 * MemoryLayout<UInt64>.stride + MemoryLayout<UInt32>.stride
    /// The most a shard is filled before it grows, as a fraction (19/20: 95%).
    static let maximumLoad = (numerator: 19, denominator: 20)
    /// What a shard grows by, as a fraction of its slots (1/64), and at least.
    static let growthDivisor = 64
    static let minimumGrowth = 16
    /// Bytes per entry, empty slots included, once every shard has grown past its first sizes:
    /// a slot's bytes over the lowest fill a shard has just after growing (0.9 / (17/16)).
    static var maximumBytesPerEntry: Double {
        Double(bytesPerSlot) * Double(growthDivisor + 1) / Double(growthDivisor) * Double(maximumLoad.denominator) / Double(maximumLoad.numerator)
    }

    init() {}

    /// A hash of the key's bits, which spreads the ids of any UUID version (time-based ones
    /// included) evenly: the mixing function of SplitMix64 over both halves.
    static func hash(_ key: UUIDBits) -> UInt64 {
        var x = key.high ^ (key.low &* 0x9E37_79B9_7F4A_7C15)
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    func value(of key: UUIDBits) -> UInt32? {
        value(of: key, hash: Self.hash(key))
    }

    /// The value of `key`, whose `hash` the caller has already computed.
    func value(of key: UUIDBits, hash: UInt64) -> UInt32? {
        if key.high == 0 && key.low == 0 { return nilValue }
        return shards[Self.shard(of: hash)].value(of: key, hash: hash)
    }

    /// Remembers `value` for `key`, which must not be in the table.
    mutating func insert(_ key: UUIDBits, value: UInt32) {
        insert(key, value: value, hash: Self.hash(key))
    }

    mutating func insert(_ key: UUIDBits, value: UInt32, hash: UInt64) {
        count += 1
        if key.high == 0 && key.low == 0 {
            precondition(nilValue == nil, "the key is already in the table")
            nilValue = value
            return
        }
        let shard = Self.shard(of: hash)
        let before = shards[shard].bytes
        shards[shard].insert(key, value: value, hash: hash)
        bytes += shards[shard].bytes - before
    }

    /// Empties the table, keeping its slots: after a spill it fills again to the same size.
    mutating func removeAllKeepingCapacity() {
        for index in shards.indices { shards[index].removeAll() }
        nilValue = nil
        count = 0
    }

    /// Calls `body` with each key, its hash and its number, in the order of their hash, then
    /// their bits.
    func forEachSorted(_ body: (UUIDBits, UInt64, UInt32) -> Void) {
        let nilKey = UUIDBits(high: 0, low: 0)
        let nilShard = Self.shard(of: Self.hash(nilKey))
        for (index, shard) in shards.enumerated() {
            shard.forEachSorted(adding: index == nilShard ? nilValue.map { (nilKey, $0) } : nil, body)
        }
    }

    private static func shard(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> 56)
    }

    /// One shard: its slots in pages of their own (`SlotPages`), the keys first, two words a
    /// slot (high, low), then one number a slot.
    private struct Shard: Sendable {
        private var pages: SlotPages?
        private(set) var count = 0
        private(set) var capacity = 0

        var bytes: Int { pages?.byteCount ?? 0 }

        /// The slot a key starts its probe at: the hash's bits below the shard's byte, scaled to
        /// the capacity (so that slots follow the hash's order and any capacity will do).
        @inline(__always)
        private static func home(_ hash: UInt64, capacity: Int) -> Int {
            Int(truncatingIfNeeded: (hash << 8).multipliedFullWidth(by: UInt64(capacity)).high)
        }

        func value(of key: UUIDBits, hash: UInt64) -> UInt32? {
            guard let pages else { return nil }
            let keys = pages.keys, capacity = capacity
            var slot = Self.home(hash, capacity: capacity)
            while true {
                let high = keys[2 &* slot], low = keys[2 &* slot &+ 1]
                if high == key.high && low == key.low { return pages.values[slot] }
                if high == 0 && low == 0 { return nil }
                slot &+= 1
                if slot == capacity { slot = 0 }
            }
        }

        mutating func removeAll() {
            guard count > 0 else { return }
            if isKnownUniquelyReferenced(&pages), let pages {
                pages.keys.initialize(repeating: 0, count: 2 * capacity)
            } else {
                pages = SlotPages(capacity: capacity)
            }
            count = 0
        }

        mutating func insert(_ key: UUIDBits, value: UInt32, hash: UInt64) {
            if (count + 1) * UUIDTable.maximumLoad.denominator > capacity * UUIDTable.maximumLoad.numerator {
                grow(to: capacity + max(capacity / UUIDTable.growthDivisor, UUIDTable.minimumGrowth))
            } else if !isKnownUniquelyReferenced(&pages) {
                // A copy of the ledger (a value) shares the pages until one of them changes.
                grow(to: capacity)
            }
            guard let pages else { preconditionFailure("a shard has slots once it has grown") }
            Self.place(key, value: value, hash: hash, in: pages, capacity: capacity)
            count += 1
        }

        private static func place(_ key: UUIDBits, value: UInt32, hash: UInt64, in pages: SlotPages, capacity: Int) {
            let keys = pages.keys
            var slot = home(hash, capacity: capacity)
            while keys[2 &* slot] != 0 || keys[2 &* slot &+ 1] != 0 {
                slot &+= 1
                if slot == capacity { slot = 0 }
            }
            keys[2 &* slot] = key.high
            keys[2 &* slot &+ 1] = key.low
            pages.values[slot] = value
        }

        private mutating func grow(to newCapacity: Int) {
            let grown = SlotPages(capacity: newCapacity)
            if let pages {
                for slot in 0..<capacity where pages.keys[2 * slot] != 0 || pages.keys[2 * slot + 1] != 0 {
                    let key = UUIDBits(high: pages.keys[2 * slot], low: pages.keys[2 * slot + 1])
                    Self.place(key, value: pages.values[slot], hash: UUIDTable.hash(key), in: grown, capacity: newCapacity)
                }
            }
            pages = grown
            capacity = newCapacity
        }

        /// The entries sorted by (hash, high, low). Slots follow the hash's order except within a
        /// run of probes (and for the few that wrapped round from the end), so the entries are
        /// gathered and sorted: one shard at a time, a 256th of the table.
        func forEachSorted(adding extra: (UUIDBits, UInt32)?, _ body: (UUIDBits, UInt64, UInt32) -> Void) {
            guard count > 0 || extra != nil else { return }
            var entries: [(hash: UInt64, high: UInt64, low: UInt64, value: UInt32)] = []
            entries.reserveCapacity(count + 1)
            if let pages {
                for slot in 0..<capacity where pages.keys[2 * slot] != 0 || pages.keys[2 * slot + 1] != 0 {
                    let key = UUIDBits(high: pages.keys[2 * slot], low: pages.keys[2 * slot + 1])
                    entries.append((UUIDTable.hash(key), key.high, key.low, pages.values[slot]))
                }
            }
            if let (key, value) = extra { entries.append((UUIDTable.hash(key), key.high, key.low, value)) }
            entries.sort { ($0.hash, $0.high, $0.low) < ($1.hash, $1.high, $1.low) }
            for entry in entries { body(UUIDBits(high: entry.high, low: entry.low), entry.hash, entry.value) }
        }
    }
}

/// The slots of one shard in memory mapped for them alone, zeroed by the kernel. The heap
/// would keep the blocks a growing shard leaves behind (each a little smaller than the next,
/// so rarely reused): a third as much again as the table, measured. Unmapped, they go
/// back to the system at once.
/// Sendable as its pointers never change: the slots are written only by the table that owns
/// them alone (a shard copies them first when they are shared), and read by any thread after.
private final class SlotPages: @unchecked Sendable {
    let keys: UnsafeMutablePointer<UInt64>
    let values: UnsafeMutablePointer<UInt32>
    let byteCount: Int
    private let base: UnsafeMutableRawPointer

    init(capacity: Int) {
        byteCount = capacity * UUIDTable.bytesPerSlot
        let mapped = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            fatalError("genesys-lint: out of memory for the duplicate-id ledger (\(byteCount) bytes); set GENESYS_LINT_LEDGER_MEMORY lower, e.g. 32M, so that it spills to disk sooner")
        }
        base = mapped
        keys = mapped.bindMemory(to: UInt64.self, capacity: 2 * capacity)
        values = (mapped + 2 * MemoryLayout<UInt64>.stride * capacity).bindMemory(to: UInt32.self, capacity: capacity)
    }

    deinit {
        munmap(base, byteCount)
    }
}

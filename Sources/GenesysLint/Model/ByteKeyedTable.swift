#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only map from short byte strings (member names, enumeration values) to plain values,
/// looked up straight from jansson's UTF-8 bytes.
///
/// The model builder and the evaluator look names and values up hundreds of times per
/// conversation; a `[String: Value]` lookup would first build a string and then hash it with
/// SipHash. Here a key is hashed with FNV-1a into an open-addressing table, and the table is
/// plain memory, so workers on several cores read it without touching a shared reference count.
/// A `salt` byte keeps apart keys that are spelled alike but mean different things (the same
/// field name at two levels).
final class ByteKeyedTable<Value: BitwiseCopyable>: @unchecked Sendable {
    private struct Slot {
        /// Where the key starts in `keys`; -1 for an empty slot.
        var offset: Int32 = -1
        var length: Int32 = 0
        var salt: UInt8 = 0
        var value: Value?
    }

    private let slots: UnsafeMutableBufferPointer<Slot>
    /// Every key's bytes, one after another.
    private let keys: UnsafeMutablePointer<UInt8>
    /// `slots.count - 1`; the count is a power of two.
    private let mask: Int

    /// A later entry with the same key and salt replaces an earlier one.
    init(_ entries: [(key: [UInt8], salt: UInt8, value: Value)]) {
        // At most half full, so probe sequences stay short.
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot())
        mask = capacity - 1
        keys = .allocate(capacity: max(entries.reduce(0) { $0 + $1.key.count }, 1))
        var offset = 0
        for entry in entries {
            (keys + offset).initialize(from: entry.key, count: entry.key.count)
            let index = entry.key.withUnsafeBufferPointer { slot(for: $0, salt: entry.salt) }
            slots[index] = Slot(offset: Int32(offset), length: Int32(entry.key.count), salt: entry.salt, value: entry.value)
            offset += entry.key.count
        }
    }

    deinit {
        slots.deallocate()
        keys.deallocate()
    }

    /// The value stored for `key` (with `salt`), nil when there is none.
    func value(for key: UnsafeBufferPointer<UInt8>, salt: UInt8 = 0) -> Value? {
        slots[slot(for: key, salt: salt)].value
    }

    func value(for key: String, salt: UInt8 = 0) -> Value? {
        var key = key
        return key.withUTF8 { value(for: $0, salt: salt) }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func slot(for key: UnsafeBufferPointer<UInt8>, salt: UInt8) -> Int {
        var index = Self.hash(key, salt) & mask
        while true {
            let slot = slots[index]
            guard slot.offset >= 0 else { return index }
            if Int(slot.length) == key.count, slot.salt == salt,
               key.isEmpty || memcmp(keys + Int(slot.offset), key.baseAddress.unsafelyUnwrapped, key.count) == 0 {
                return index
            }
            index = (index + 1) & mask
        }
    }

    /// FNV-1a over the key, then the salt.
    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<UInt8>, _ salt: UInt8) -> Int {
        let prime: UInt64 = 0x0000_0100_0000_01b3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        if let bytes = key.baseAddress {
            for index in 0..<key.count {
                hash = (hash ^ UInt64(bytes[index])) &* prime
            }
        }
        hash = (hash ^ UInt64(salt)) &* prime
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}

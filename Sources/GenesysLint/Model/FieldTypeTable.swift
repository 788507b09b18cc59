#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The documented fields of every level with their JSON types (from the vocabulary), looked up
/// by the UTF-8 bytes of a member name.
///
/// The model builder asks for the type of every member of every object it reads, hundreds of
/// times per conversation; a `[String: FieldType]` lookup would first build a string and then
/// hash it with SipHash. Here a name is hashed with FNV-1a straight from jansson's bytes into
/// an open-addressing table, and the table is plain memory, so workers on several cores read it
/// without touching a shared reference count.
final class FieldTypeTable: @unchecked Sendable {
    private struct Slot {
        /// Where the name starts in `names`; -1 for an empty slot.
        var offset: Int32 = -1
        var length: Int32 = 0
        var scope: Scope = .conversation
        var type: Vocabulary.FieldType = .string
    }

    private let slots: UnsafeMutableBufferPointer<Slot>
    /// Every name's UTF-8 bytes, one after another.
    private let names: UnsafeMutablePointer<UInt8>
    /// `slots.count - 1`; the count is a power of two.
    private let mask: Int

    init(_ fields: [Scope: [String: Vocabulary.FieldType]]) {
        let entries = fields.flatMap { scope, types in types.map { (scope: scope, name: Array($0.key.utf8), type: $0.value) } }
        // At most half full, so probe sequences stay short.
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot())
        mask = capacity - 1
        names = .allocate(capacity: max(entries.reduce(0) { $0 + $1.name.count }, 1))
        var offset = 0
        for entry in entries {
            (names + offset).initialize(from: entry.name, count: entry.name.count)
            var index = entry.name.withUnsafeBufferPointer { Self.hash($0, entry.scope) } & mask
            while slots[index].offset >= 0 { index = (index + 1) & mask }
            slots[index] = Slot(offset: Int32(offset), length: Int32(entry.name.count), scope: entry.scope, type: entry.type)
            offset += entry.name.count
        }
    }

    deinit {
        slots.deallocate()
        names.deallocate()
    }

    /// The documented type of member `name` of a `scope` object, nil for an undocumented member.
    func type(of name: UnsafeBufferPointer<UInt8>, in scope: Scope) -> Vocabulary.FieldType? {
        // Every documented name has at least one byte, so an empty name has no type.
        guard let bytes = name.baseAddress, !name.isEmpty else { return nil }
        var index = Self.hash(name, scope) & mask
        while true {
            let slot = slots[index]
            guard slot.offset >= 0 else { return nil }
            if Int(slot.length) == name.count, slot.scope == scope,
               memcmp(names + Int(slot.offset), bytes, name.count) == 0 {
                return slot.type
            }
            index = (index + 1) & mask
        }
    }

    /// FNV-1a over the name, then the level.
    @inline(__always)
    private static func hash(_ name: UnsafeBufferPointer<UInt8>, _ scope: Scope) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        if let bytes = name.baseAddress {
            for index in 0..<name.count {
                hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01b3
            }
        }
        hash = (hash ^ UInt64(scope.ordinal)) &* 0x0000_0100_0000_01b3
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}

private extension Scope {
    var ordinal: Int {
        switch self {
        case .conversation: 0
        case .participant: 1
        case .session: 2
        case .segment: 3
        case .metric: 4
        }
    }
}

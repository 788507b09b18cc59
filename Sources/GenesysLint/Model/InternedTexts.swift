/// Small numbers for the texts that rules test: every value of every vocabulary enumeration and
/// every text literal of the rules in force.
///
/// The model records the number of each enumerated field's value as it reads the field, so
/// `disconnectType == 'client'` compares two numbers and `isKnown('segmentType', segmentType)`
/// reads one flag, instead of comparing or hashing text for every object of every conversation.
final class InternedTexts: @unchecked Sendable {
    /// The code of a field that is absent or null.
    static let absent: Int32 = -2
    /// The code of a text that is none of the interned ones.
    static let other: Int32 = -1

    private let codes: ByteKeyedTable<Int32>
    /// Enumerations by name, for compiling rules: the position each has in the tables below.
    let enumerations: [String: Int32]
    private let enumerationCount: Int
    /// Per code and enumeration: whether the enumeration has the value (known or deprecated),
    /// and whether it is deprecated.
    private let flags: UnsafeMutableBufferPointer<UInt8>
    /// Per code and enumeration: when a newer value first appeared (milliseconds), or `noDate`.
    private let firstSeen: UnsafeMutableBufferPointer<Int64>
    /// Per enumeration, what each spelling means (see `Vocabulary.Enumeration.means`).
    private let meanings: [Int32: [String: String]]
    private static let contained: UInt8 = 1
    private static let deprecated: UInt8 = 2
    private static let noDate = Int64.min

    init(vocabulary: Vocabulary, texts: some Sequence<String> = []) {
        var numbered: [String: Int32] = [:]
        func number(_ text: String) {
            if numbered[text] == nil { numbered[text] = Int32(numbered.count) }
        }
        let names = vocabulary.enumerations.keys.sorted()
        for name in names {
            guard let enumeration = vocabulary.enumerations[name] else { continue }
            for value in enumeration.known.sorted() { number(value) }
            for value in enumeration.deprecated.keys.sorted() { number(value) }
            for value in enumeration.since.keys.sorted() { number(value) }
        }
        for text in texts { number(text) }
        codes = ByteKeyedTable(numbered.map { (key: Array($0.key.utf8), salt: 0, value: $0.value) })
        enumerations = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        enumerationCount = names.count
        meanings = Dictionary(uniqueKeysWithValues: names.enumerated().compactMap { position, name in
            guard let means = vocabulary.enumerations[name]?.means, !means.isEmpty else { return nil }
            return (Int32(position), means)
        })
        flags = .allocate(capacity: max(numbered.count * names.count, 1))
        flags.initialize(repeating: 0)
        firstSeen = .allocate(capacity: max(numbered.count * names.count, 1))
        firstSeen.initialize(repeating: Self.noDate)
        for (position, name) in names.enumerated() {
            guard let enumeration = vocabulary.enumerations[name] else { continue }
            func slot(_ text: String) -> Int { Int(numbered[text] ?? 0) * names.count + position }
            for text in enumeration.known { flags[slot(text)] |= Self.contained }
            for text in enumeration.deprecated.keys { flags[slot(text)] |= Self.contained | Self.deprecated }
            for (text, month) in enumeration.since {
                if let date = Timestamp.milliseconds(from: month + "-01T00:00:00Z") { firstSeen[slot(text)] = date }
            }
        }
    }

    deinit {
        flags.deallocate()
        firstSeen.deallocate()
    }

    /// The code of a text given as UTF-8 bytes: `other` when it is not interned.
    func code(of text: UnsafeBufferPointer<UInt8>) -> Int32 {
        codes.value(for: text) ?? Self.other
    }

    /// The code of a text, `absent` for nil.
    func code(of text: String?) -> Int32 {
        guard let text else { return Self.absent }
        return codes.value(for: text) ?? Self.other
    }

    /// Whether enumeration `enumeration` has the value with this code, known or deprecated.
    func contains(_ code: Int32, enumeration: Int32) -> Bool {
        flag(code, enumeration) & Self.contained != 0
    }

    func isDeprecated(_ code: Int32, enumeration: Int32) -> Bool {
        flag(code, enumeration) & Self.deprecated != 0
    }

    /// When the value with this code first appeared in the enumeration, nil when it is not a
    /// newer value of it.
    func firstSeen(_ code: Int32, enumeration: Int32) -> Int64? {
        guard code >= 0, enumeration >= 0 else { return nil }
        let date = firstSeen[Int(code) * enumerationCount + Int(enumeration)]
        return date == Self.noDate ? nil : date
    }

    /// What `text` means in the enumeration it is another spelling of, nil when it is none of
    /// its spellings.
    func meaning(of text: String, enumeration: Int32) -> String? {
        meanings[enumeration]?[text]
    }

    private func flag(_ code: Int32, _ enumeration: Int32) -> UInt8 {
        guard code >= 0, enumeration >= 0 else { return 0 }
        return flags[Int(code) * enumerationCount + Int(enumeration)]
    }
}

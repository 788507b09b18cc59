import GenesysLint

/// The values the structure-aware mutator puts into documents, all read from the linter's
/// vocabulary (`Rules/vocabulary.json`), so that a value added there is fuzzed too.
struct MutationVocabulary {
    /// An enumeration's values, sorted so that a seed makes the same choice every time.
    struct Values {
        var known: [String]
        var deprecated: [String]
        /// Values with a `since` month: the newer ones, some not yet in `known`.
        var newer: [String]
    }

    /// By enumeration name.
    let enumerations: [String: Values]
    /// Each enumeration name, sorted.
    let enumerationNames: [String]
    /// For a value, the enumerations that hold it (a metric's `name` is found this way).
    let enumerationsOfValue: [String: [String]]
    /// Analytics disconnect types as other Genesys APIs spell them.
    let otherAPISpellings: [String]
    /// What generated SDKs write for an enumeration value they do not know.
    let sdkPlaceholders: [String]
    /// The documented members of each level, with their JSON types, sorted by name.
    let fields: [Scope: [(name: String, type: Vocabulary.FieldType)]]
    let timestampFields: Set<String>
    let stringFields: Set<String>

    /// The vocabulary's two lists of spellings that are not the values of a field.
    static let otherAPISpellingsName = "disconnectTypeOtherApiSpellings"
    static let sdkPlaceholderName = "sdkPlaceholder"

    static let builtIn: MutationVocabulary = {
        guard let catalog = try? RuleCatalog.load(builtInExamples: false) else { fatalError("the built-in rules do not load") }
        return MutationVocabulary(catalog.vocabulary)
    }()

    init(_ vocabulary: Vocabulary) {
        var enumerations: [String: Values] = [:]
        var enumerationsOfValue: [String: [String]] = [:]
        for (name, enumeration) in vocabulary.enumerations {
            enumerations[name] = Values(known: enumeration.known.sorted(), deprecated: enumeration.deprecated.keys.sorted(), newer: enumeration.since.keys.sorted())
            for value in enumeration.known.union(enumeration.deprecated.keys) {
                enumerationsOfValue[value, default: []].append(name)
            }
        }
        otherAPISpellings = enumerations.removeValue(forKey: Self.otherAPISpellingsName)?.known ?? []
        sdkPlaceholders = enumerations.removeValue(forKey: Self.sdkPlaceholderName)?.known ?? []
        self.enumerations = enumerations
        enumerationNames = enumerations.keys.sorted()
        self.enumerationsOfValue = enumerationsOfValue.mapValues { $0.filter { enumerations[$0] != nil }.sorted() }
        fields = vocabulary.fields.mapValues { types in types.map { (name: $0.key, type: $0.value) }.sorted { $0.name < $1.name } }
        timestampFields = Set(vocabulary.fields.values.flatMap { $0.filter { $0.value == .timestamp }.keys })
        stringFields = Set(vocabulary.fields.values.flatMap { $0.filter { $0.value == .string }.keys })
    }

    /// The enumeration of a member: the one named like it, else one that holds its value.
    func enumeration(member: String?, value: String) -> String? {
        if let member, enumerations[member] != nil { return member }
        return enumerationsOfValue[value]?.first
    }

    /// Another value for a member of `enumeration`: mostly a known one, else a deprecated or
    /// newer one, another API's spelling, an SDK's placeholder, another enumeration's value,
    /// or a known value misspelt.
    func replacement(in enumeration: String, random: inout SplitMix64) -> String {
        guard let values = enumerations[enumeration] else { return "unknown" }
        func pick(_ choices: [String]) -> String? { choices.isEmpty ? nil : choices[random.below(choices.count)] }
        let roll = random.below(100)
        let choice: String? = switch roll {
        case ..<45: pick(values.known)
        case ..<55: pick(values.deprecated)
        case ..<65: pick(values.newer)
        case ..<75: pick(otherAPISpellings)
        case ..<80: pick(sdkPlaceholders)
        case ..<90: pick(enumerationNames).flatMap { enumerations[$0] }.flatMap { pick($0.known) }
        default: pick(values.known).map { misspelt($0, random: &random) }
        }
        return choice ?? pick(values.known) ?? "unknown"
    }

    private func misspelt(_ value: String, random: inout SplitMix64) -> String {
        switch random.below(4) {
        case 0: value.uppercased()
        case 1: value.prefix(1).uppercased() + value.dropFirst()
        case 2: value + " "
        default: String(value.dropLast())
        }
    }
}

/// A small, fast generator that a seed fully determines (libFuzzer gives the seed).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in `0..<bound` (0 when `bound` is not positive).
    mutating func below(_ bound: Int) -> Int {
        bound > 0 ? Int(next() % UInt64(bound)) : 0
    }

    /// True with a chance of one in `odds`.
    mutating func oneIn(_ odds: Int) -> Bool {
        below(odds) == 0
    }
}

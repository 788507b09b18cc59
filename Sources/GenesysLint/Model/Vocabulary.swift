import GenesysJSON

/// The known values of Genesys enumerations and the JSON type of every documented field,
/// read from `Rules/vocabulary.json`. Data, not code: a value Genesys adds next year is one
/// line in that file.
public struct Vocabulary: Sendable {
    public struct Enumeration: Sendable {
        public var known: Set<String>
        /// Values the API used to have, with a note on what replaced them.
        public var deprecated: [String: String]
        /// The month each newer value first appeared (`yyyy-MM`).
        public var since: [String: String]
        /// For an enumeration of other spellings: the value each spelling means, in the
        /// enumeration it spells (`transfer.noanswer` means `noAnswerTransfer`). Read by
        /// `meaning()`, which declared fixes use.
        public var means: [String: String] = [:]

        public func contains(_ value: String) -> Bool {
            known.contains(value) || deprecated[value] != nil
        }
    }

    /// The JSON type a documented field must have.
    public enum FieldType: String, Sendable, BitwiseCopyable {
        case string, integer, number, boolean, array, object, timestamp

        func accepts(_ kind: JSONValue.Kind) -> Bool {
            switch self {
            case .string, .timestamp: kind == .string
            case .integer: kind == .integer
            case .number: kind == .integer || kind == .real
            case .boolean: kind == .true || kind == .false
            case .array: kind == .array
            case .object: kind == .object
            }
        }

        /// The type in a sentence, worded as every message names JSON types.
        var article: String {
            switch self {
            case .string: JSONValue.Kind.string.phrase
            case .integer: JSONValue.Kind.integer.phrase
            case .number: JSONValue.Kind.numberPhrase
            case .boolean: JSONValue.Kind.true.phrase
            case .array: JSONValue.Kind.array.phrase
            case .object: JSONValue.Kind.object.phrase
            case .timestamp: "a timestamp string"
            }
        }
    }

    public var enumerations: [String: Enumeration]
    public var fields: [Scope: [String: FieldType]]
    /// Fields that carry personal data (phone numbers, addresses, names, free text).
    public var personalFields: [Scope: Set<String>] = [:]

    public init(enumerations: [String: Enumeration] = [:], fields: [Scope: [String: FieldType]] = [:]) {
        self.enumerations = enumerations
        self.fields = fields
    }

    public func fieldType(_ name: String, in scope: Scope) -> FieldType? {
        fields[scope]?[name]
    }

    public func isPersonal(_ name: String, in scope: Scope) -> Bool {
        personalFields[scope]?.contains(name) ?? false
    }

    /// Adds the values and fields of `other` to these (a user's vocabulary extends ours).
    public mutating func merge(_ other: Vocabulary) {
        for (name, enumeration) in other.enumerations {
            var merged = enumerations[name] ?? Enumeration(known: [], deprecated: [:], since: [:])
            merged.known.formUnion(enumeration.known)
            merged.deprecated.merge(enumeration.deprecated) { $1 }
            merged.since.merge(enumeration.since) { $1 }
            merged.means.merge(enumeration.means) { $1 }
            enumerations[name] = merged
        }
        for (scope, types) in other.fields {
            fields[scope, default: [:]].merge(types) { $1 }
        }
        for (scope, names) in other.personalFields {
            personalFields[scope, default: []].formUnion(names)
        }
    }
}

import GenesysJSON

/// The Python SDK's spelling of a conversation, as its models' `to_dict()` writes it and as
/// Singer taps and homegrown scripts pass it on: snake_case keys (`conversation_id`,
/// `media_stats_min_conversation_r_factor`), every attribute of a model present, `null` where
/// unset, and timestamps as Python writes them (`2024-04-05 12:27:53.386000+00:00` from
/// `str(datetime)`, `2024-04-05T12:27:53.386000Z` as Singer does). Enumeration values are the
/// API's.
///
/// Such a conversation is checked through a copy in the API's spelling, so every rule checks it
/// as it checks the API's own JSON; the findings name the keys as the file spells them.
enum PythonSDKSpelling {
    /// The SDK's name of an API field: an underscore before each capital, which is lowered
    /// (`mediaStatsMinConversationRFactor` → `media_stats_min_conversation_r_factor`).
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The API's name of an SDK field: the letter after each underscore raised, the
    /// underscore dropped (`q850_response_codes` → `q850ResponseCodes`).
    static func camelCase(_ name: String) -> String {
        guard name.contains("_") else { return name }
        var result = ""
        var raise = false
        for character in name {
            if character == "_", !result.isEmpty {
                raise = true
            } else {
                result += raise ? character.uppercased() : String(character)
                raise = false
            }
        }
        return result
    }

    /// A timestamp as Python writes an instant of whole milliseconds, in the API's form
    /// (`yyyy-MM-ddTHH:mm:ss.SSSZ`); nil for any other text, which is read as it stands (and
    /// reported if it is not a documented timestamp).
    static func apiTimestamp(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        // yyyy-MM-dd, a space or T, HH:mm:ss, then .ffffff or nothing, then +00:00 or Z.
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18].allSatisfy({ isDigit(bytes[$0]) })
        else { return nil }
        var rest = bytes[19...]
        var milliseconds = "000"
        if rest.first == UInt8(ascii: ".") {
            let digits = rest.dropFirst().prefix(while: isDigit)
            // Microseconds, as Python writes them: whole milliseconds end in 000.
            guard digits.count == 6, digits.suffix(3).allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
            milliseconds = String(decoding: digits.prefix(3), as: UTF8.self)
            rest = rest.dropFirst(7)
        }
        guard Array(rest) == Array("+00:00".utf8) || Array(rest) == Array("Z".utf8) else { return nil }
        return String(decoding: bytes[0..<10], as: UTF8.self) + "T" + String(decoding: bytes[11..<19], as: UTF8.self) + "." + milliseconds + "Z"
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The levels of a conversation by the names of the arrays that lead to them.
    private static let levels: [[String]: Scope] = [
        []: .conversation,
        ["participants"]: .participant,
        ["participants", "sessions"]: .session,
        ["participants", "sessions", "segments"]: .segment,
        ["participants", "sessions", "metrics"]: .metric,
    ]

    /// A conversation spelt by the Python SDK, copied in the API's spelling: keys renamed, unset
    /// attributes (`null`) left out, Python timestamps of documented timestamp fields written
    /// as the API writes them. A participant's `attributes` are custom data, kept as they are.
    /// `renamed` maps each API name used in the copy to the name the file spells.
    static func apiCopy(of conversation: JSONValue, fieldTypes: FieldTypeTable) -> (copy: JSONDocument, renamed: [String: String]) {
        var renamed: [String: String] = [:]
        let copy = JSONDocument.copy(of: conversation) { path, name, value in
            if path.last == "attributes", path.count == 2 { return .keep(as: name) }
            guard value.kind != .null else { return .drop }
            let apiName = camelCase(name)
            if apiName != name { renamed[apiName] = name }
            if value.kind == .string, let scope = levels[path], isTimestamp(apiName, in: scope, fieldTypes),
               let text = value.string, let timestamp = apiTimestamp(text) {
                return .replace(as: apiName, string: timestamp)
            }
            return .keep(as: apiName)
        }
        return (copy, renamed)
    }

    private static func isTimestamp(_ name: String, in scope: Scope, _ fieldTypes: FieldTypeTable) -> Bool {
        var name = name
        return name.withUTF8 { fieldTypes.type(of: $0, in: scope) } == .timestamp
    }
}

/// How the documented fields of a conversation are spelt: by the API, by the Python SDK, or
/// alike by both (one-word names such as `participants`). Looked up from jansson's bytes, for
/// deciding a record's shape.
struct ConversationFieldSpellings: Sendable {
    private let table: ByteKeyedTable<UInt8>

    init(_ vocabulary: Vocabulary) {
        var entries: [(key: [UInt8], salt: UInt8, value: UInt8)] = []
        for name in vocabulary.fields[.conversation]?.keys.sorted() ?? [] {
            let snake = PythonSDKSpelling.snakeCase(name)
            if snake == name {
                entries.append((Array(name.utf8), 0, Self.both))
            } else {
                entries.append((Array(name.utf8), 0, Self.api))
                entries.append((Array(snake.utf8), 0, Self.sdk))
            }
        }
        table = ByteKeyedTable(entries)
    }

    private static let api: UInt8 = 1, sdk: UInt8 = 2, both: UInt8 = 3

    func spelling(of name: UnsafeBufferPointer<UInt8>) -> DocumentShape.FieldSpelling {
        switch table.value(for: name) {
        case Self.api: .api
        case Self.sdk: .pythonSDK
        case Self.both: .both
        default: .neither
        }
    }
}

/// How a conversation's file spells the keys that findings point at: as the API does, or as the
/// Python SDK did. Rules and the model speak the API's names; a finding's pointer, line and
/// column name the keys as they stand in the file.
struct KeySpelling: Sendable {
    /// The API's names the file spells otherwise (nil: the file is in the API's spelling).
    private let renamed: [String: String]?

    static let api = KeySpelling(renamed: nil)

    /// A Python SDK file's spelling; `renamed` maps the API's names of its keys to the file's.
    static func pythonSDK(renamed: [String: String]) -> KeySpelling {
        KeySpelling(renamed: renamed)
    }

    /// The file's name for a member the API calls `name` (absent keys as the SDK would write them).
    func fileName(_ name: String) -> String {
        guard let renamed else { return name }
        return renamed[name] ?? PythonSDKSpelling.snakeCase(name)
    }

    /// `pointer` (inside a conversation, in the API's names) as the file spells it. Array indices
    /// stay; the keys of a participant's `attributes` are custom data, spelt alike in both.
    func filePointer(_ pointer: String) -> String {
        guard renamed != nil, !pointer.isEmpty else { return pointer }
        var result = ""
        var customFrom: Int?
        for (index, token) in JSONPointer.tokens(of: pointer).enumerated() {
            let isIndex = !token.isEmpty && token.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            result = JSONPointer.appending(customFrom != nil || isIndex ? token : fileName(token), to: result)
            if customFrom == nil, token == "attributes" { customFrom = index }
        }
        return result
    }
}

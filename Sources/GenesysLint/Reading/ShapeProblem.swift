import GenesysJSON

/// What keeps a stretch of input from being read as conversations, worded once for both places
/// that decide the shape of a document: the framer, which sees bytes before anything is parsed,
/// and `DocumentShape`, which sees a record jansson has parsed whole.
enum ShapeProblem: Sendable, Equatable {
    /// Where an element sits, for messages: "the top-level array", "the "conversations" array".
    enum Container: Sendable, Equatable {
        case topLevelArray, conversationsArray

        init(pointerPrefix prefix: String) {
            self = prefix.isEmpty ? .topLevelArray : .conversationsArray
        }

        var described: String {
            switch self {
            case .topLevelArray: "the top-level array"
            case .conversationsArray: "the \"conversations\" array"
            }
        }
    }

    /// What a too-large or unrecognised stretch was.
    enum Piece: Sendable, Equatable {
        case line, conversation, document
        case element(Int, of: Container)

        var described: String {
            switch self {
            case .line: "the line"
            case .conversation: "the conversation"
            case .document: "the document"
            case .element(let index, let container): "element \(index) of \(container.described)"
            }
        }
    }

    case emptyInput
    /// The first byte that starts no JSON value.
    case notJSON(firstByte: UInt8)
    /// A top-level value that is not an object or an array, described ("a string").
    case documentNotAnExport(valueDescribed: String)
    case conversationsNotAnArray(valueDescribed: String)
    case elementNotAnObject(index: Int, of: Container, valueDescribed: String)
    /// An object with none of a conversation's fields: a few of its member names, and how many.
    case unrecognisedObject(Piece, memberNames: [String], memberCount: Int)
    /// An object with a `conversations` member where a conversation must be: a page inside a
    /// page (or a Singer or Airbyte record), which is read as a page wherever it stands alone.
    case pageInsidePage(Piece)
    /// The records of a Singer or Airbyte stream are not conversations (its first record's
    /// member names, and how many it has).
    case otherStream(String, wrapper: ExportShape, memberNames: [String], memberCount: Int)
    case tooLarge(Piece, bytes: Int, limit: Int, limitName: String)
    /// The input ends inside this place ("the value of "participants"").
    case truncated(inside: String)
    case brokenTopLevelObject
    case missingSeparator(afterElement: Int, of: Container)
    case unexpectedByte(UInt8, in: Container, whereElement: Int)

    /// The reader check (and so the rule) that reports it.
    var check: ReaderCheck {
        switch self {
        case .emptyInput, .documentNotAnExport, .elementNotAnObject, .unrecognisedObject, .pageInsidePage: .notAnExport
        case .otherStream: .otherStream
        case .conversationsNotAnArray: .wrongType
        case .tooLarge: .recordTooLarge
        case .notJSON, .truncated, .brokenTopLevelObject, .missingSeparator, .unexpectedByte: .malformedJSON
        }
    }

    var message: String {
        switch self {
        case .emptyInput:
            "the input is empty; expected a conversation export (JSON or NDJSON)"
        case .notJSON(let byte):
            "unexpected \(Self.describe(byte)); the input is not JSON"
        case .documentNotAnExport(let value):
            "the document is \(value), not a conversation export"
        case .conversationsNotAnArray(let value):
            "\"conversations\" is \(value); expected an array of conversations"
        case .elementNotAnObject(let index, let container, let value):
            "element \(index) of \(container.described) is \(value), not a conversation object"
        case .unrecognisedObject(let piece, let names, let count):
            Self.unrecognised(piece.described, memberNames: names, memberCount: count)
        case .pageInsidePage(let piece):
            "\(piece.described) has a \"conversations\" member of its own, as a page of conversations has, not a conversation: on a line or in a file of its own it is read as a page, so here it is not read either; nothing in it can be checked"
        case .otherStream(let stream, let wrapper, let names, let count):
            "the records of \(wrapper == .singer ? "Singer" : "Airbyte") stream \"\(stream)\" are not conversations (this one has \(count) member(s): \(names.map { "\"\(ModelBuilder.excerpt($0))\"" }.joined(separator: ", "))\(count > names.count ? "…" : "")); the stream's records are skipped, and this is said once per input"
        case .tooLarge(let piece, let bytes, let limit, let limitName):
            "\(piece.described) is \(bytes) bytes, over the \(limitName) limit of \(limit); it was skipped"
        case .truncated(let place):
            "the input ends inside \(place); the file looks truncated"
        case .brokenTopLevelObject:
            "unexpected character in the top-level object; expected ',' or '}'"
        case .missingSeparator(let index, let container):
            "expected ',' or ']' after element \(index) of \(container.described)"
        case .unexpectedByte(let byte, let container, let index):
            "unexpected \(Self.describe(byte)) in \(container.described), where element \(index) should start"
        }
    }

    /// A value known only by its first byte, described: "a string", "a number"…
    static func describeValue(startingWith byte: UInt8) -> String {
        JSONValue.Kind.phrase(ofValueStartingWith: byte) ?? "not valid JSON"
    }

    /// A byte for a message: the character when printable, its hex code otherwise.
    static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    /// Why an object was not read as a conversation, naming a few of its members so that a
    /// reader can see what it is instead.
    private static func unrecognised(_ described: String, memberNames: [String], memberCount: Int) -> String {
        guard memberCount > 0 else {
            return "\(described) is an empty object: it has none of a conversation's fields (conversationId, conversationStart, participants…), so nothing in it can be checked"
        }
        let shown = memberNames.map { "\"\(ModelBuilder.excerpt($0))\"" }.joined(separator: ", ")
        let more = memberCount > memberNames.count ? " and \(memberCount - memberNames.count) more" : ""
        return "\(described) is an object with none of a conversation's fields (conversationId, conversationStart, participants…); its members are \(shown)\(more). If these are conversation fields spelt another way, export them as the analytics API names them; nothing in this object can be checked"
    }
}

extension ReaderCheck {
    /// Whether a problem of this check leaves a record unread: not JSON, not a conversation,
    /// or too large to load. Such a record counts among the summary's unreadable records and
    /// goes to the quarantine whole. (A `conversations` member that is not an array is not a
    /// record; the other checks are about records that were read.)
    var leavesRecordUnread: Bool {
        switch self {
        case .malformedJSON, .notAnExport, .recordTooLarge: true
        default: false
        }
    }
}

import GenesysJSON

/// The shape of a record jansson has parsed: where its conversations are, what keeps the rest
/// of it from being read, and what its envelope says. The framer decides the same from bytes
/// for documents it cuts element by element; a record it hands on whole (an NDJSON line, a
/// single-conversation file, a one-line document) is shaped here.
enum DocumentShape {
    enum Item {
        /// A conversation, its keys spelt as `spelling` says (`.api` or `.pythonSDK`).
        case conversation(JSONValue, pointer: String, spelling: ExportShape)
        case problem(ShapeProblem, pointer: String)
        /// A Singer or Airbyte record of a stream whose records are not conversations (the
        /// flattened child streams some taps emit): reported once per stream and input.
        case otherStream(String, ShapeProblem, pointer: String)
    }

    /// Whether a member name is a documented field of a conversation, as the API spells it, as
    /// the Python SDK spells it, or both (one-word names such as `participants`).
    enum FieldSpelling {
        case api, pythonSDK, both, neither
    }

    /// The contents of a parsed record: its items, and the shapes they were read in.
    struct Contents {
        var items: [Item] = []
        var shapes: Set<ExportShape> = []
    }

    /// The messages a Singer tap or an Airbyte source writes besides its records; skipped.
    static let skippedMessageTypes: Set<String> = [
        "SCHEMA", "STATE", "ACTIVATE_VERSION", "BATCH",
        "LOG", "TRACE", "SPEC", "CATALOG", "CONNECTION_STATUS", "CONTROL", "DESTINATION_CATALOG",
    ]

    /// The conversations of `root`, the parsed `record`, and the problems in their place.
    /// `spelling` says how a member name spells a conversation's documented fields: an object
    /// with none of them is one finding, rather than every rule reporting, field by field,
    /// what it lacks.
    static func contents(of root: JSONValue, record: FramedRecord, spelling: (UnsafeBufferPointer<UInt8>) -> FieldSpelling) -> Contents {
        var contents = Contents()
        /// How `object` spells a conversation, nil when it is none. A record a Singer or Airbyte
        /// message carries must have two of a conversation's id, start and participants: the
        /// flattened rows of other streams repeat its id, not its structure.
        func conversationSpelling(of object: JSONValue, inMessage: Bool) -> ExportShape? {
            var api = false, sdk = false, both = false
            object.forEachRawMember { name, _ in
                switch spelling(name) {
                case .api: api = true
                case .pythonSDK: sdk = true
                case .both: both = true
                case .neither: break
                }
            }
            let shape: ExportShape? = api ? .api : sdk ? .pythonSDK : both ? .api : nil
            guard inMessage, let shape else { return shape }
            let (id, start) = shape == .api ? ("conversationId", "conversationStart") : ("conversation_id", "conversation_start")
            return [object[id], object[start], object["participants"]].count { $0 != nil } >= 2 ? shape : nil
        }
        func conversation(_ object: JSONValue, pointer: String, piece: ShapeProblem.Piece) -> Item {
            // An object with a conversations member is a page wherever it stands alone (a
            // line, a file): read as a conversation here, it would not be one when written
            // alone (by fix, by --clean) and read again.
            if object["conversations"] != nil {
                return .problem(.pageInsidePage(piece), pointer: pointer)
            }
            if let shape = conversationSpelling(of: object, inMessage: false) {
                contents.shapes.insert(shape)
                return .conversation(object, pointer: pointer, spelling: shape)
            }
            return .problem(unrecognised(object, piece: piece), pointer: pointer)
        }
        func elements(of array: JSONValue, prefix: String) -> [Item] {
            let container = ShapeProblem.Container(pointerPrefix: prefix)
            return array.elements.enumerated().map { index, element in
                element.kind == .object
                    ? conversation(element, pointer: "\(prefix)/\(index)", piece: .element(index, of: container))
                    : .problem(.elementNotAnObject(index: index, of: container, valueDescribed: element.kind.phrase), pointer: "\(prefix)/\(index)")
            }
        }
        /// A Singer or Airbyte message: its record, or nothing for the other messages.
        func message(_ root: JSONValue, type: String) -> [Item] {
            guard type == "RECORD", let record = root["record"], record.kind == .object else { return [] }
            let (wrapper, carried, pointer, stream): (ExportShape, JSONValue, String, String?) =
                if let data = record["data"], data.kind == .object, root["stream"] == nil {
                    (.airbyte, data, "/record/data", record["stream"]?.string)
                } else {
                    (.singer, record, "/record", root["stream"]?.string)
                }
            contents.shapes.insert(wrapper)
            if carried["conversations"] != nil {
                return [.problem(.pageInsidePage(.conversation), pointer: pointer)]
            }
            guard let shape = conversationSpelling(of: carried, inMessage: true) else {
                let name = stream ?? "(unnamed)"
                return [.otherStream(name, .otherStream(name, wrapper: wrapper, memberNames: memberNames(of: carried), memberCount: carried.count), pointer: pointer)]
            }
            contents.shapes.insert(shape)
            return [.conversation(carried, pointer: pointer, spelling: shape)]
        }
        switch root.kind {
        case .object:
            if record.kind == .document, let type = root["type"]?.string, type == "RECORD" || skippedMessageTypes.contains(type),
               conversationSpelling(of: root, inMessage: false) == nil {
                contents.items = message(root, type: type)
            } else if record.kind == .document, let conversations = root["conversations"] {
                guard conversations.kind == .array else {
                    contents.items = [.problem(.conversationsNotAnArray(valueDescribed: conversations.kind.phrase), pointer: "/conversations")]
                    return contents
                }
                contents.items = elements(of: conversations, prefix: "/conversations")
            } else {
                contents.items = [conversation(root, pointer: "", piece: record.kind == .document ? .document : .line)]
            }
        case .array where record.kind == .document:
            contents.items = elements(of: root, prefix: "")
        default:
            contents.items = [.problem(.documentNotAnExport(valueDescribed: root.kind.phrase), pointer: "")]
        }
        return contents
    }

    /// Up to four member names of an object, for messages.
    private static func memberNames(of object: JSONValue) -> [String] {
        var names: [String] = []
        object.forEachMember { name, _ in
            if names.count < 4 { names.append(name) }
        }
        return names
    }

    private static func unrecognised(_ object: JSONValue, piece: ShapeProblem.Piece) -> ShapeProblem {
        .unrecognisedObject(piece, memberNames: memberNames(of: object), memberCount: object.count)
    }

    /// What the envelope of `root`, the parsed `record`, says; nil when it is no envelope.
    static func envelope(of root: JSONValue, record: FramedRecord) -> EnvelopeFacts? {
        guard root.kind == .object, let conversations = root["conversations"] else { return nil }
        var facts = EnvelopeFacts()
        facts.conversationCount = conversations.count
        for (_, spelt) in EnvelopeFacts.keys {
            if let value = root[spelt] { facts.read(spelt, value, position: record.position(of: "/" + spelt)) }
        }
        facts.totalHitsPointer = record.pointer + facts.totalHitsPointer
        return facts
    }

    /// What jansson's failure to parse `record` means for a reader, at the place it failed.
    static func unparsable(_ record: FramedRecord, error: JSONParseError) -> ReadProblem {
        // jansson stops at a NUL byte as if the text ended there: name the byte instead.
        let nul = error.kind == .endOfInput ? record.bytes.firstIndex(of: 0) : nil
        let offset = nul ?? min(error.position, record.bytes.count)
        let position = record.position.advanced(over: record.bytes[..<offset])
        let message = switch error.kind {
        case .endOfInput where nul != nil:
            "invalid JSON: a NUL byte (0x00), which JSON allows nowhere (inside a string it is written \\u0000); the text is binary or corrupted here"
        case .endOfInput: "invalid JSON: the record ends before it is complete, so it looks truncated (\(error.message))"
        case .nestingTooDeep: "invalid JSON: nested deeper than the reader allows (\(error.message))"
        case .invalidUTF8: "invalid JSON: the text is not valid UTF-8 (\(error.message))"
        case .numberOutOfRange: "a number is out of range: integers must fit in 64 bits and reals in a double, so the record cannot be read (\(error.message))"
        default: "invalid JSON: \(error.message)"
        }
        return ReadProblem(check: .malformedJSON, message: message, position: position, pointer: record.pointer, conversationPointer: record.pointer)
    }

    /// A one-line document jansson could not parse whole, cut element by element as the framer
    /// cuts a document, so that one broken conversation does not cost the others. Every item
    /// is placed in the input, not in the record.
    static func reframed(_ record: FramedRecord, maxRecordBytes: Int, recordLimitName: String) -> [FramedItem] {
        var framer = RecordFramer(source: MemorySource(record.bytes), maxRecordBytes: maxRecordBytes, recordLimitName: recordLimitName, layout: .document)
        var items: [FramedItem] = []
        // Reading from memory cannot fail; `try?` ends the loop if it ever did.
        while let item = try? framer.next() {
            switch item {
            case .problem(let problem):
                items.append(.problem(ReadProblem(
                    check: problem.check, message: problem.message, position: record.position.composed(with: problem.position), pointer: record.pointer + problem.pointer
                )))
            case .record(let inner):
                items.append(.record(FramedRecord(
                    kind: inner.kind, bytes: inner.bytes, offset: record.offset + inner.offset,
                    position: record.position.composed(with: inner.position), pointer: record.pointer + inner.pointer
                )))
            case .documentEnd(let facts):
                items.append(.documentEnd(facts.map { inner in
                    var shifted = inner
                    shifted.totalHitsPosition = inner.totalHitsPosition.map { record.position.composed(with: $0) }
                    shifted.totalHitsPointer = record.pointer + inner.totalHitsPointer
                    return shifted
                }))
            }
        }
        return items
    }
}

import GenesysJSON

/// The shape of a record jansson has parsed: where its conversations are, what keeps the rest
/// of it from being read, and what its envelope says. The framer decides the same from bytes
/// for documents it cuts element by element; a record it hands on whole (an NDJSON line, a
/// single-conversation file, a one-line document) is shaped here.
enum DocumentShape {
    enum Item {
        case conversation(JSONValue, pointer: String)
        case problem(ShapeProblem, pointer: String)
    }

    /// The conversations of `root`, the parsed `record`, and the problems in their place.
    /// `isConversationField` says whether a member name is one of a conversation's documented
    /// fields: an object with none of them is one finding, rather than every rule reporting,
    /// field by field, what it lacks.
    static func items(in root: JSONValue, of record: FramedRecord, isConversationField: (UnsafeBufferPointer<UInt8>) -> Bool) -> [Item] {
        func conversation(_ object: JSONValue, pointer: String, piece: ShapeProblem.Piece) -> Item {
            var names: [String] = []
            var recognised = false
            object.forEachRawMember { name, _ in
                guard !recognised else { return }
                if isConversationField(name) {
                    recognised = true
                } else if names.count < 4 {
                    names.append(String(decoding: name, as: UTF8.self))
                }
            }
            guard !recognised else { return .conversation(object, pointer: pointer) }
            return .problem(.unrecognisedObject(piece, memberNames: names, memberCount: object.count), pointer: pointer)
        }
        func elements(of array: JSONValue, prefix: String) -> [Item] {
            let container = ShapeProblem.Container(pointerPrefix: prefix)
            return array.elements.enumerated().map { index, element in
                element.kind == .object
                    ? conversation(element, pointer: "\(prefix)/\(index)", piece: .element(index, of: container))
                    : .problem(.elementNotAnObject(index: index, of: container, valueDescribed: element.kind.phrase), pointer: "\(prefix)/\(index)")
            }
        }
        switch root.kind {
        case .object:
            guard record.kind == .document, let conversations = root["conversations"] else {
                return [conversation(root, pointer: "", piece: record.kind == .document ? .document : .line)]
            }
            guard conversations.kind == .array else {
                return [.problem(.conversationsNotAnArray(valueDescribed: conversations.kind.phrase), pointer: "/conversations")]
            }
            return elements(of: conversations, prefix: "/conversations")
        case .array where record.kind == .document:
            return elements(of: root, prefix: "")
        default:
            return [.problem(.documentNotAnExport(valueDescribed: root.kind.phrase), pointer: "")]
        }
    }

    /// What the envelope of `root`, the parsed `record`, says; nil when it is no envelope.
    static func envelope(of root: JSONValue, record: FramedRecord) -> EnvelopeFacts? {
        guard root.kind == .object, let conversations = root["conversations"] else { return nil }
        var facts = EnvelopeFacts()
        facts.conversationCount = conversations.count
        facts.totalHitsPointer = record.pointer + "/totalHits"
        for key in ["totalHits", "dataAvailabilityDate"] {
            if let value = root[key] { facts.read(key, value, position: record.position(of: "/" + key)) }
        }
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

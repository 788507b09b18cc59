import GenesysJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a parsed conversation into the model, reporting every documented field whose JSON
/// type is wrong and every timestamp that cannot be read. Such values count as absent, so the
/// rest of the conversation is still checked.
struct ModelBuilder {
    /// A problem found while building, with its pointer relative to the conversation.
    struct Problem {
        let check: ReaderCheck
        let message: String
        let pointer: String
    }

    /// The documented fields and their types.
    let fieldTypes: FieldTypeTable
    /// The numbering of enumeration values and rule texts, for the codes the model records.
    let texts: InternedTexts
    private(set) var problems: [Problem] = []
    /// Readable timestamps not in the documented form: one problem per conversation says how
    /// many, pointing at the first, rather than one per timestamp.
    private var nonstandardTimestamps: (count: Int, first: String, text: String)?

    init(fieldTypes: FieldTypeTable, texts: InternedTexts) {
        self.fieldTypes = fieldTypes
        self.texts = texts
    }

    /// For one-off use; a run makes its tables once and shares them.
    init(vocabulary: Vocabulary, texts: InternedTexts? = nil) {
        self.init(fieldTypes: FieldTypeTable(vocabulary.fields), texts: texts ?? InternedTexts(vocabulary: vocabulary))
    }

    /// Where an object is in the conversation. Its JSON pointer is spelled out only for a
    /// problem: nearly every object has none.
    private enum Place {
        case conversation
        case participant(Int)
        case session(Int, Int)
        case segment(Int, Int, Int)
        case metric(Int, Int, Int)

        var pointer: String {
            switch self {
            case .conversation: ""
            case .participant(let participant): "/participants/\(participant)"
            case .session(let participant, let session): "/participants/\(participant)/sessions/\(session)"
            case .segment(let participant, let session, let segment): "/participants/\(participant)/sessions/\(session)/segments/\(segment)"
            case .metric(let participant, let session, let metric): "/participants/\(participant)/sessions/\(session)/metrics/\(metric)"
            }
        }
    }

    /// - Parameter budget: charged for the derived facts that pair objects up.
    mutating func build(_ json: JSONValue, budget: EvaluationBudget = EvaluationBudget()) -> Conversation {
        let (start, end) = checkFields(of: json, scope: .conversation, at: .conversation, timestamps: ("conversationStart", "conversationEnd"))
        let conversation = Conversation(
            json: json,
            texts: texts,
            conversationId: json["conversationId"]?.string,
            conversationStart: start,
            conversationEnd: end
        )
        for (participantIndex, participantJSON) in objects(in: json, key: "participants", at: .conversation) {
            let participantPlace = Place.participant(participantIndex)
            checkFields(of: participantJSON, scope: .participant, at: participantPlace)
            var participant = Participant(json: participantJSON, index: participantIndex, purpose: participantJSON["purpose"]?.string)
            participant.purposeCode = texts.code(of: participant.purpose)
            let firstSession = conversation.sessions.count
            for (sessionIndex, sessionJSON) in objects(in: participantJSON, key: "sessions", at: participantPlace) {
                let sessionPlace = Place.session(participantIndex, sessionIndex)
                checkFields(of: sessionJSON, scope: .session, at: sessionPlace)
                var session = Session(
                    json: sessionJSON, participant: conversation.participants.count, index: sessionIndex,
                    mediaType: sessionJSON["mediaType"]?.string, direction: sessionJSON["direction"]?.string
                )
                session.mediaTypeCode = texts.code(of: session.mediaType)
                session.directionCode = texts.code(of: session.direction)
                let sessionPosition = conversation.sessions.count
                let segmentObjects = objects(in: sessionJSON, key: "segments", at: sessionPlace)
                let firstSegment = conversation.segments.count
                for (position, (segmentIndex, segmentJSON)) in segmentObjects.enumerated() {
                    let (segmentStart, segmentEnd) = checkFields(
                        of: segmentJSON, scope: .segment, at: .segment(participantIndex, sessionIndex, segmentIndex),
                        timestamps: ("segmentStart", "segmentEnd")
                    )
                    var segment = Segment(
                        json: segmentJSON, session: sessionPosition, index: segmentIndex,
                        isFirst: position == 0,
                        isLast: position == segmentObjects.count - 1,
                        segmentType: segmentJSON["segmentType"]?.string,
                        disconnectType: segmentJSON["disconnectType"]?.string,
                        segmentStart: segmentStart,
                        segmentEnd: segmentEnd,
                        queueId: segmentJSON["queueId"]?.string
                    )
                    segment.segmentTypeCode = texts.code(of: segment.segmentType)
                    segment.disconnectTypeCode = texts.code(of: segment.disconnectType)
                    conversation.segments.append(segment)
                }
                session.segments = firstSegment..<conversation.segments.count
                let firstMetric = conversation.metrics.count
                for (metricIndex, metricJSON) in objects(in: sessionJSON, key: "metrics", at: sessionPlace) {
                    let (emitDate, _) = checkFields(
                        of: metricJSON, scope: .metric, at: .metric(participantIndex, sessionIndex, metricIndex), timestamps: ("emitDate", nil)
                    )
                    var metric = Metric(
                        json: metricJSON, session: sessionPosition, index: metricIndex,
                        name: metricJSON["name"]?.string,
                        value: metricJSON["value"]?.integer,
                        emitDate: emitDate
                    )
                    metric.nameCode = texts.code(of: metric.name)
                    conversation.metrics.append(metric)
                }
                session.metrics = firstMetric..<conversation.metrics.count
                conversation.sessions.append(session)
            }
            participant.sessions = firstSession..<conversation.sessions.count
            conversation.participants.append(participant)
        }
        if let nonstandard = nonstandardTimestamps {
            let others = nonstandard.count > 1 ? " (and \(nonstandard.count - 1) more in this conversation)" : ""
            problems.append(Problem(
                check: .nonstandardTimestamp,
                message: "timestamp \"\(Self.excerpt(nonstandard.text))\" is not in the documented form yyyy-MM-ddTHH:mm:ss[.mmm]Z\(others)",
                pointer: nonstandard.first
            ))
        }
        DerivedFacts.compute(for: conversation, budget: budget)
        return conversation
    }

    /// The object elements of array `key`, with their positions; other elements are reported.
    private mutating func objects(in json: JSONValue, key: String, at place: Place) -> [(Int, JSONValue)] {
        guard let array = json[key], array.kind == .array else { return [] }
        var result: [(Int, JSONValue)] = []
        result.reserveCapacity(array.count)
        for (index, element) in array.elements.enumerated() {
            if element.kind == .object {
                result.append((index, element))
            } else if !element.isNull {
                problems.append(Problem(
                    check: .wrongType,
                    message: "\(key)[\(index)] is \(element.kind.phrase); expected an object",
                    pointer: "\(place.pointer)/\(key)/\(index)"
                ))
            }
        }
        return result
    }

    /// Checks the JSON type of each documented member, and that timestamps can be read; returns
    /// the readable values of the two named timestamp members, so each is parsed once.
    @discardableResult
    private mutating func checkFields(
        of json: JSONValue, scope: Scope, at place: Place, timestamps keys: (StaticString, StaticString?) = ("", nil)
    ) -> (Int64?, Int64?) {
        var found: (Int64?, Int64?) = (nil, nil)
        json.forEachRawMember { key, value in
            guard let expected = fieldTypes.type(of: key, in: scope), !value.isNull else { return }
            guard expected.accepts(value.kind) else {
                let name = String(decoding: key, as: UTF8.self)
                problems.append(Problem(
                    check: .wrongType,
                    message: "\(scope.rawValue) field \"\(name)\" is \(value.kind.phrase); expected \(expected.article)",
                    pointer: JSONPointer.appending(name, to: place.pointer)
                ))
                return
            }
            guard expected == .timestamp else { return }
            let milliseconds = value.withUTF8(Timestamp.milliseconds(from:)) ?? nil
            if Self.equals(key, keys.0) { found.0 = milliseconds } else if let second = keys.1, Self.equals(key, second) { found.1 = milliseconds }
            if milliseconds == nil || value.withUTF8(Timestamp.isDocumentedForm) == false {
                noteTimestampProblem(value, named: String(decoding: key, as: UTF8.self), scope: scope, at: place, isReadable: milliseconds != nil)
            }
        }
        return found
    }

    /// Reports an unreadable timestamp, or counts one that is readable but not in the
    /// documented form.
    private mutating func noteTimestampProblem(_ value: JSONValue, named name: String, scope: Scope, at place: Place, isReadable: Bool) {
        let text = value.string ?? ""
        let pointer = JSONPointer.appending(name, to: place.pointer)
        guard isReadable else {
            problems.append(Problem(
                check: .invalidTimestamp,
                message: "\(scope.rawValue) field \"\(name)\" is \"\(Self.excerpt(text))\", which is not an ISO-8601 date-time such as 2026-03-02T14:05:11.123Z",
                pointer: pointer
            ))
            return
        }
        nonstandardTimestamps = nonstandardTimestamps.map { ($0.count + 1, $0.first, $0.text) } ?? (1, pointer, text)
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount, let base = bytes.baseAddress else { return bytes.isEmpty && text.utf8CodeUnitCount == 0 }
        return memcmp(base, text.utf8Start, bytes.count) == 0
    }

    /// At most 60 characters of a value, for messages.
    static func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}

import GenesysJSON

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

    let vocabulary: Vocabulary
    private(set) var problems: [Problem] = []
    /// Readable timestamps not in the documented form: one problem per conversation says how
    /// many, pointing at the first, rather than one per timestamp.
    private var nonstandardTimestamps: (count: Int, first: String, text: String)?

    init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
    }

    /// - Parameter budget: charged for the derived facts that pair objects up.
    mutating func build(_ json: JSONValue, budget: EvaluationBudget = EvaluationBudget()) -> Conversation {
        let (start, end) = checkFields(of: json, scope: .conversation, pointer: "", timestamps: ("conversationStart", "conversationEnd"))
        let conversation = Conversation(
            json: json,
            conversationId: json["conversationId"]?.string,
            conversationStart: start,
            conversationEnd: end
        )
        for (participantIndex, participantJSON) in objects(in: json, key: "participants", pointer: "") {
            let participantPointer = "/participants/\(participantIndex)"
            checkFields(of: participantJSON, scope: .participant, pointer: participantPointer)
            var participant = Participant(json: participantJSON, index: participantIndex, purpose: participantJSON["purpose"]?.string)
            let firstSession = conversation.sessions.count
            for (sessionIndex, sessionJSON) in objects(in: participantJSON, key: "sessions", pointer: participantPointer) {
                let sessionPointer = "\(participantPointer)/sessions/\(sessionIndex)"
                checkFields(of: sessionJSON, scope: .session, pointer: sessionPointer)
                var session = Session(
                    json: sessionJSON, participant: conversation.participants.count, index: sessionIndex,
                    mediaType: sessionJSON["mediaType"]?.string, direction: sessionJSON["direction"]?.string
                )
                let sessionPosition = conversation.sessions.count
                let segmentObjects = objects(in: sessionJSON, key: "segments", pointer: sessionPointer)
                let firstSegment = conversation.segments.count
                for (position, (segmentIndex, segmentJSON)) in segmentObjects.enumerated() {
                    let (segmentStart, segmentEnd) = checkFields(
                        of: segmentJSON, scope: .segment, pointer: "\(sessionPointer)/segments/\(segmentIndex)",
                        timestamps: ("segmentStart", "segmentEnd")
                    )
                    conversation.segments.append(Segment(
                        json: segmentJSON, session: sessionPosition, index: segmentIndex,
                        isFirst: position == 0,
                        isLast: position == segmentObjects.count - 1,
                        segmentType: segmentJSON["segmentType"]?.string,
                        disconnectType: segmentJSON["disconnectType"]?.string,
                        segmentStart: segmentStart,
                        segmentEnd: segmentEnd,
                        queueId: segmentJSON["queueId"]?.string
                    ))
                }
                session.segments = firstSegment..<conversation.segments.count
                let firstMetric = conversation.metrics.count
                for (metricIndex, metricJSON) in objects(in: sessionJSON, key: "metrics", pointer: sessionPointer) {
                    let (emitDate, _) = checkFields(
                        of: metricJSON, scope: .metric, pointer: "\(sessionPointer)/metrics/\(metricIndex)", timestamps: ("emitDate", nil)
                    )
                    conversation.metrics.append(Metric(
                        json: metricJSON, session: sessionPosition, index: metricIndex,
                        name: metricJSON["name"]?.string,
                        value: metricJSON["value"]?.integer,
                        emitDate: emitDate
                    ))
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
    private mutating func objects(in json: JSONValue, key: String, pointer: String) -> [(Int, JSONValue)] {
        guard let array = json[key], array.kind == .array else { return [] }
        var result: [(Int, JSONValue)] = []
        result.reserveCapacity(array.count)
        for (index, element) in array.elements.enumerated() {
            if element.kind == .object {
                result.append((index, element))
            } else if !element.isNull {
                problems.append(Problem(
                    check: .wrongType,
                    message: "\(key)[\(index)] is \(Self.describe(element.kind)); expected an object",
                    pointer: "\(pointer)/\(key)/\(index)"
                ))
            }
        }
        return result
    }

    /// Checks the JSON type of each documented member, and that timestamps can be read; returns
    /// the readable values of the two named timestamp members, so each is parsed once.
    @discardableResult
    private mutating func checkFields(
        of json: JSONValue, scope: Scope, pointer: String, timestamps keys: (String, String?) = ("", nil)
    ) -> (Int64?, Int64?) {
        var found: (Int64?, Int64?) = (nil, nil)
        guard let types = vocabulary.fields[scope] else { return found }
        json.forEachMember { key, value in
            guard let expected = types[key], !value.isNull else { return }
            // Built only when a problem needs it: most members have none.
            var memberPointer: String { JSONPointer.appending(key, to: pointer) }
            guard expected.accepts(value.kind) else {
                problems.append(Problem(
                    check: .wrongType,
                    message: "\(scope.rawValue) field \"\(key)\" is \(Self.describe(value.kind)); expected \(expected.article)",
                    pointer: memberPointer
                ))
                return
            }
            if expected == .timestamp, let text = value.string {
                let milliseconds = Timestamp.milliseconds(from: text)
                if key == keys.0 { found.0 = milliseconds } else if key == keys.1 { found.1 = milliseconds }
                if milliseconds == nil {
                    problems.append(Problem(
                        check: .invalidTimestamp,
                        message: "\(scope.rawValue) field \"\(key)\" is \"\(Self.excerpt(text))\", which is not an ISO-8601 date-time such as 2026-03-02T14:05:11.123Z",
                        pointer: memberPointer
                    ))
                } else if !Timestamp.isDocumentedForm(text) {
                    nonstandardTimestamps = nonstandardTimestamps.map { ($0.count + 1, $0.first, $0.text) } ?? (1, memberPointer, text)
                }
            }
        }
        return found
    }

    static func describe(_ kind: JSONValue.Kind) -> String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .integer: "an integer"
        case .real: "a number with a fraction"
        case .true, .false: "a boolean"
        case .null: "null"
        }
    }

    /// At most 60 characters of a value, for messages.
    static func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}

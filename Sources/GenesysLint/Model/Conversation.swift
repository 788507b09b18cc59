import GenesysJSON

/// One conversation of an export: conversation → participants → sessions → segments and
/// metrics, as the analytics conversation-detail schema has it.
///
/// The levels are stored flat (all sessions of the conversation in one array, each knowing
/// its participant) so a rule of any scope walks one array. The fields rules use most are
/// read once into typed properties; any other field is read from `json` on demand, which is
/// why a `Conversation` lives only as long as the parsed record it came from.
public final class Conversation {
    public let json: JSONValue
    /// The numbering of the texts whose codes the model records (see `InternedTexts`).
    let texts: InternedTexts
    public let conversationId: String?
    public let conversationStart: Int64?
    public let conversationEnd: Int64?
    // Every expression node reads these, and they are written only while the model is built
    // and its facts derived, on one thread, before any rule reads them: the run-time
    // exclusivity checks Swift makes on a class's stored properties would cost more than the
    // rules themselves, and could never fire.
    @exclusivity(unchecked) public internal(set) var participants: [Participant] = []
    @exclusivity(unchecked) public internal(set) var sessions: [Session] = []
    @exclusivity(unchecked) public internal(set) var segments: [Segment] = []
    @exclusivity(unchecked) public internal(set) var metrics: [Metric] = []

    init(json: JSONValue, texts: InternedTexts, conversationId: String?, conversationStart: Int64?, conversationEnd: Int64?) {
        self.json = json
        self.texts = texts
        self.conversationId = conversationId
        self.conversationStart = conversationStart
        self.conversationEnd = conversationEnd
    }

    /// `conversationEnd - conversationStart`, when both are known.
    public var durationMs: Int64? {
        guard let start = conversationStart, let end = conversationEnd else { return nil }
        return end - start
    }
}

public struct Participant {
    public let json: JSONValue
    /// Position in the conversation's `participants` array.
    public let index: Int
    public let purpose: String?
    public internal(set) var sessions: Range<Int> = 0..<0
    /// Codes of the texts above (see `InternedTexts`).
    var purposeCode = InternedTexts.absent
}

public struct Session {
    public let json: JSONValue
    public let participant: Int
    /// Position in its participant's `sessions` array.
    public let index: Int
    public let mediaType: String?
    public let direction: String?
    public internal(set) var segments: Range<Int> = 0..<0
    public internal(set) var metrics: Range<Int> = 0..<0

    // Derived facts, computed once per conversation by `DerivedFacts`.
    public internal(set) var isQueueVisit = false
    public internal(set) var outcome: QueueOutcome?
    public internal(set) var isAnswered = false
    public internal(set) var isNotResponding = false
    public internal(set) var finalDisconnectType: String?
    public internal(set) var queueId: String?
    /// For an agent's session: the queue visit (ACD session) it was routed from, if any.
    public internal(set) var visit: Int?
    /// For a queue visit: how many agent sessions routed from it answered (`tAnswered`).
    public internal(set) var answeredCount = 0
    /// For a queue visit: whether an agent routed from it reached an `interact` segment.
    public internal(set) var reachedAgent = false

    /// Codes of the texts above (see `InternedTexts`).
    var mediaTypeCode = InternedTexts.absent
    var directionCode = InternedTexts.absent
    var finalDisconnectTypeCode = InternedTexts.absent
    var outcomeCode = InternedTexts.absent
}

/// How one visit to a queue ended. Genesys records a single outcome per ACD session.
public enum QueueOutcome: String, Sendable {
    case abandoned, shortAbandon, flowedOut, answered, none
}

public struct Segment {
    public let json: JSONValue
    public let session: Int
    /// Position in its session's `segments` array.
    public let index: Int
    /// First and last among the session's segment objects (elements that are not objects,
    /// reported by the reader, do not count).
    public let isFirst: Bool
    public let isLast: Bool
    public let segmentType: String?
    public let disconnectType: String?
    public let segmentStart: Int64?
    public let segmentEnd: Int64?
    public let queueId: String?
    /// Codes of the texts above (see `InternedTexts`).
    var segmentTypeCode = InternedTexts.absent
    var disconnectTypeCode = InternedTexts.absent

    public var durationMs: Int64? {
        guard let start = segmentStart, let end = segmentEnd else { return nil }
        return end - start
    }
}

public struct Metric {
    public let json: JSONValue
    public let session: Int
    /// Position in its session's `metrics` array.
    public let index: Int
    public let name: String?
    public let value: Int64?
    public let emitDate: Int64?
    /// 1 for the first metric of this name in its session, 2 for the second, and so on.
    public internal(set) var occurrence = 1
    /// Code of `name` (see `InternedTexts`).
    var nameCode = InternedTexts.absent
}

extension Conversation {
    /// JSON pointer of an object of the given scope, relative to the conversation.
    /// The positions of the objects of `scope` (the conversation itself is position 0).
    func indices(of scope: Scope) -> Range<Int> {
        switch scope {
        case .conversation: 0..<1
        case .participant: participants.indices
        case .session: sessions.indices
        case .segment: segments.indices
        case .metric: metrics.indices
        }
    }

    func pointer(of scope: Scope, at index: Int) -> String {
        switch scope {
        case .conversation:
            return ""
        case .participant:
            return "/participants/\(participants[index].index)"
        case .session:
            let session = sessions[index]
            return "\(pointer(of: .participant, at: session.participant))/sessions/\(session.index)"
        case .segment:
            let segment = segments[index]
            return "\(pointer(of: .session, at: segment.session))/segments/\(segment.index)"
        case .metric:
            let metric = metrics[index]
            return "\(pointer(of: .session, at: metric.session))/metrics/\(metric.index)"
        }
    }

    /// Whether session `index` carries a metric of this name.
    func session(_ index: Int, hasMetric name: String) -> Bool {
        metrics[sessions[index].metrics].contains { $0.name == name }
    }
}

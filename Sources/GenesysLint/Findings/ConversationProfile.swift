/// The facts of one checked conversation that audit reports draw: when it happened, on
/// which media, how each of its queue visits ended, and which findings it drew.
public struct ConversationProfile: Sendable, Equatable {
    public var file: String
    public var conversationId: String?
    /// Line of the conversation's start in its file.
    public var line: Int
    /// JSON pointer of the conversation in its document ("" for an NDJSON line).
    public var pointer: String
    public var start: Int64?
    public var end: Int64?
    /// Media types of its sessions, each once, in order of appearance.
    public var mediaTypes: [String] = []
    public var originatingDirection: String?
    public var visits: [QueueVisit] = []
    /// The findings reported for this conversation (after any baseline).
    public var findings: [Mark] = []

    /// One visit to a queue (an ACD session) and how it ended.
    public struct QueueVisit: Sendable, Equatable {
        public var mediaType: String?
        public var queueId: String?
        /// The disconnect type that ended the visit's live segment, nil when none was recorded.
        public var disconnectType: String?
        /// abandoned, shortAbandon, flowedOut, answered or none.
        public var outcome: String
        /// JSON pointer of the ACD session, from the root of the document.
        public var pointer: String

        public init(mediaType: String?, queueId: String?, disconnectType: String?, outcome: String, pointer: String) {
            self.mediaType = mediaType
            self.queueId = queueId
            self.disconnectType = disconnectType
            self.outcome = outcome
            self.pointer = pointer
        }

        /// Whether a finding at `pointer` is about this visit (inside its ACD session).
        public func contains(_ findingPointer: String) -> Bool {
            JSONPointer.isWithin(findingPointer, pointer)
        }
    }

    /// A finding, as far as a chart needs it.
    public struct Mark: Sendable, Equatable {
        public var ruleId: String
        public var severity: Severity
        public var pointer: String

        public init(ruleId: String, severity: Severity, pointer: String) {
            self.ruleId = ruleId
            self.severity = severity
            self.pointer = pointer
        }
    }

    public init(file: String, conversationId: String?, line: Int, pointer: String) {
        self.file = file
        self.conversationId = conversationId
        self.line = line
        self.pointer = pointer
    }

    /// Whether a finding at `findingPointer` belongs to this conversation.
    func contains(_ findingPointer: String) -> Bool {
        JSONPointer.isWithin(findingPointer, pointer)
    }
}

/// The levels of a conversation record, outermost first. A rule's scope is the level one of
/// its findings is about.
public enum Scope: String, Sendable, CaseIterable {
    case conversation, participant, session, segment, metric

    /// The collection that holds objects of this level inside their parent.
    public var collectionName: String {
        switch self {
        case .conversation: "conversations"
        case .participant: "participants"
        case .session: "sessions"
        case .segment: "segments"
        case .metric: "metrics"
        }
    }
}

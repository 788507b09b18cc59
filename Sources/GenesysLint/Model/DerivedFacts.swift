/// Facts the rules need that no single field holds, computed once per conversation.
enum DerivedFacts {
    /// How far outside a queue visit an agent's session may start and still belong to it:
    /// agent alerts begin within milliseconds of the queue leg they come from.
    static let visitToleranceMs: Int64 = 1_000

    static func compute(for conversation: Conversation) {
        for index in conversation.sessions.indices {
            var session = conversation.sessions[index]
            let segments = conversation.segments[session.segments]
            session.isQueueVisit = conversation.participants[session.participant].purpose == "acd"
            session.isAnswered = conversation.session(index, hasMetric: "tAnswered")
            session.isNotResponding = conversation.session(index, hasMetric: "tNotResponding")
            session.queueId = segments.first { $0.queueId != nil }?.queueId
            // The disconnect is repeated on the trailing wrap-up; the live segment's is the one that counts.
            session.finalDisconnectType = segments.last { $0.disconnectType != nil && $0.segmentType != "wrapup" }?.disconnectType
                ?? segments.last { $0.disconnectType != nil }?.disconnectType
            conversation.sessions[index] = session
        }
        for index in conversation.sessions.indices where conversation.sessions[index].isQueueVisit {
            conversation.sessions[index].outcome = outcome(ofVisit: index, in: conversation)
        }
    }

    /// The outcome of one queue visit (an ACD session). The metrics Genesys emits on the ACD
    /// session decide abandons and flow-outs; an answer is an agent session with `tAnswered`
    /// that was routed from this queue while the visit lasted.
    static func outcome(ofVisit index: Int, in conversation: Conversation) -> QueueOutcome {
        if conversation.session(index, hasMetric: "tAbandon") { return .abandoned }
        if conversation.session(index, hasMetric: "tShortAbandon") { return .shortAbandon }
        if conversation.session(index, hasMetric: "tFlowOut") { return .flowedOut }
        let visit = conversation.sessions[index]
        let visitSegments = conversation.segments[visit.segments]
        guard let visitStart = visitSegments.compactMap(\.segmentStart).min() else { return .none }
        let visitEnd = visitSegments.compactMap(\.segmentEnd).max()
        let answered = conversation.sessions.indices.contains { candidate in
            let session = conversation.sessions[candidate]
            guard candidate != index, session.isAnswered, !session.isQueueVisit else { return false }
            let segments = conversation.segments[session.segments]
            guard visit.queueId == nil || segments.contains(where: { $0.queueId == visit.queueId }),
                  let start = segments.first?.segmentStart
            else { return false }
            return start >= visitStart - visitToleranceMs && start <= (visitEnd ?? .max - visitToleranceMs) + visitToleranceMs
        }
        return answered ? .answered : .none
    }
}

/// Facts the rules need that no single field holds, computed once per conversation.
enum DerivedFacts {
    /// How far outside a queue visit an agent's session may start and still belong to it:
    /// agent alerts begin within milliseconds of the queue leg they come from.
    static let visitToleranceMs: Int64 = 1_000

    static func compute(for conversation: Conversation, budget: EvaluationBudget) {
        for index in conversation.sessions.indices {
            var session = conversation.sessions[index]
            let segments = conversation.segments[session.segments]
            session.isQueueVisit = conversation.participants[session.participant].purpose == "acd"
            session.isAnswered = conversation.session(index, hasMetric: "tAnswered")
            session.isNotResponding = conversation.session(index, hasMetric: "tNotResponding")
            session.queueId = segments.first { $0.queueId != nil }?.queueId
            // The disconnect is repeated on the trailing wrap-up; the live segment's is the one that counts.
            let final = segments.last { $0.disconnectType != nil && $0.segmentType != "wrapup" } ?? segments.last { $0.disconnectType != nil }
            session.finalDisconnectType = final?.disconnectType
            session.finalDisconnectTypeCode = final?.disconnectTypeCode ?? InternedTexts.absent
            conversation.sessions[index] = session
        }
        countMetricOccurrences(in: conversation)
        linkAgentsToVisits(in: conversation, budget: budget)
        for index in conversation.sessions.indices where conversation.sessions[index].isQueueVisit {
            let visitOutcome = outcome(ofVisit: index, in: conversation)
            conversation.sessions[index].outcome = visitOutcome
            conversation.sessions[index].outcomeCode = conversation.texts.code(of: visitOutcome.rawValue)
        }
    }

    /// Numbers the repeats of each metric name within its session, so that a rule about
    /// repeated metrics looks at one number instead of comparing every pair.
    static func countMetricOccurrences(in conversation: Conversation) {
        for session in conversation.sessions {
            // A session holds a dozen metrics or so: comparing each with those before it, by
            // their names' codes, is cheaper than hashing names; a long list is hashed.
            guard session.metrics.count <= 32 else {
                var seen: [String: Int] = [:]
                for index in session.metrics {
                    guard let name = conversation.metrics[index].name else { continue }
                    seen[name, default: 0] += 1
                    conversation.metrics[index].occurrence = seen[name, default: 1]
                }
                continue
            }
            for index in session.metrics {
                let metric = conversation.metrics[index]
                guard let name = metric.name else { continue }
                var occurrence = 1
                for earlier in session.metrics.lowerBound..<index {
                    let other = conversation.metrics[earlier]
                    // Equal codes are equal names, unless neither name is interned.
                    let sameName = metric.nameCode == InternedTexts.other || other.nameCode == InternedTexts.other
                        ? other.name == name
                        : other.nameCode == metric.nameCode
                    if sameName { occurrence += 1 }
                }
                conversation.metrics[index].occurrence = occurrence
            }
        }
    }

    /// Links each agent session to the queue visit it was routed from: a visit to the same
    /// queue whose time window holds the session's start (the latest such visit, when a
    /// caller came back to the queue). peerId is not used: real data leaves it null or
    /// orphaned in transfers and merges.
    static func linkAgentsToVisits(in conversation: Conversation, budget: EvaluationBudget) {
        let visits: [(index: Int, queueId: String, start: Int64, end: Int64?)] = conversation.sessions.indices.compactMap { index in
            let session = conversation.sessions[index]
            let segments = conversation.segments[session.segments]
            guard session.isQueueVisit, let queueId = session.queueId, let start = segments.compactMap(\.segmentStart).min() else { return nil }
            return (index, queueId, start, segments.compactMap(\.segmentEnd).max())
        }
        guard !visits.isEmpty else { return }
        for index in conversation.sessions.indices where !conversation.sessions[index].isQueueVisit {
            let purpose = conversation.participants[conversation.sessions[index].participant].purpose
            guard purpose == "agent" || purpose == "user" else { continue }
            let segments = conversation.segments[conversation.sessions[index].segments]
            guard let start = segments.first?.segmentStart else { continue }
            // Every visit is a candidate: a forged conversation with thousands of both is bounded here.
            guard budget.charge(visits.count) else { return }
            let candidates = visits.filter { visit in
                segments.contains { $0.queueId == visit.queueId }
                    && start >= visit.start - visitToleranceMs
                    && start <= (visit.end ?? Int64.max - visitToleranceMs) + visitToleranceMs
            }
            guard let visit = candidates.max(by: { $0.start < $1.start }) else { continue }
            conversation.sessions[index].visit = visit.index
            if conversation.sessions[index].isAnswered { conversation.sessions[visit.index].answeredCount += 1 }
            if segments.contains(where: { $0.segmentType == "interact" }) { conversation.sessions[visit.index].reachedAgent = true }
        }
    }

    /// The outcome of one queue visit (an ACD session). The metrics Genesys emits on the ACD
    /// session decide abandons and flow-outs; an answer is an agent session with `tAnswered`
    /// that was routed from this visit. Genesys records one outcome per visit, so the first
    /// that applies wins; rules look at the underlying facts to find contradictions.
    static func outcome(ofVisit index: Int, in conversation: Conversation) -> QueueOutcome {
        if conversation.session(index, hasMetric: "tAbandon") { return .abandoned }
        if conversation.session(index, hasMetric: "tShortAbandon") { return .shortAbandon }
        if conversation.session(index, hasMetric: "tFlowOut") { return .flowedOut }
        return conversation.sessions[index].answeredCount > 0 ? .answered : .none
    }
}

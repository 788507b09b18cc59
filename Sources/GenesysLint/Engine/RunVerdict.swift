/// The checks made once every input has been read: page totals over the whole run, thresholds,
/// and whether the run fails. A single run and a merge of partial runs end the same way.
extension Linter {
    /// Compares, for each `totalHits` value reported, the conversations its pages held with it.
    /// Every page of one query repeats the query's total, so pages are grouped by it.
    func totalHitsFindings(_ pages: [TotalHitsPage]) -> [Finding] {
        var order: [Int64] = []
        var groups: [Int64: [TotalHitsPage]] = [:]
        for page in pages {
            if groups[page.totalHits] == nil { order.append(page.totalHits) }
            groups[page.totalHits, default: []].append(page)
        }
        return order.compactMap { total in
            guard let group = groups[total], let first = group.first else { return nil }
            let held = group.reduce(0) { $0 + $1.conversationCount }
            guard held != total else { return nil }
            let pagesText = group.count == 1 ? "its page holds" : "its \(group.count) pages hold"
            let problem = ReadProblem(
                check: .totalHitsMismatch,
                message: "the query reported totalHits \(total), but \(pagesText) \(held) conversation(s)",
                position: first.position, pointer: first.pointer
            )
            return finding(for: problem, file: first.file)
        }
    }

    /// Settles the summary: threshold verdicts, and whether the run fails.
    func conclude(_ summary: inout Summary) {
        for (id, threshold) in thresholds {
            let affected = summary.affectedByRule[id, default: 0]
            summary.thresholdVerdicts[id] = ThresholdVerdict(threshold: threshold, affected: affected, crossed: threshold.isCrossed(affected: affected, conversations: summary.conversations))
        }
        summary.failed = activeRules.contains { active in
            let id = active.rule.id
            guard failOn.isFailure(active.severity), summary.findingsByRule[id, default: 0] > 0 else { return false }
            return summary.thresholdVerdicts[id]?.crossed ?? true
        }
    }
}

/// A query-response page that reported `totalHits`, with the conversations it held.
public struct TotalHitsPage: Sendable, Equatable {
    public var totalHits: Int64
    public var conversationCount: Int
    public var file: String
    public var position: TextPosition
    public var pointer: String
}

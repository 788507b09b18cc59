/// The work allowed for checking one conversation, so that no input and no rule can make a
/// check run without bound: a rule comparing every session with every other is fine on the
/// dozens of sessions Genesys Cloud produces, and would take hours on a forged conversation
/// with a million. Work is counted in expression nodes evaluated and elements visited by
/// quantifiers, aggregates and lookups (and in candidate pairs when agent sessions are linked
/// to queue visits).
final class EvaluationBudget {
    /// Over a hundred times what large real conversations need, and about a second of work.
    static let defaultLimit = 20_000_000

    let limit: Int
    /// The work left. Kept outside the object: every expression node charges the budget, and a
    /// stored property of a class would pay a run-time exclusivity check on each charge. The
    /// budget belongs to one conversation's check, on one thread.
    private let remaining: UnsafeMutablePointer<Int>
    /// Work done so far.
    var spent: Int { limit - remaining.pointee }

    init(limit: Int = defaultLimit) {
        self.limit = limit
        remaining = .allocate(capacity: 1)
        remaining.initialize(to: limit)
    }

    deinit {
        remaining.deallocate()
    }

    var isExhausted: Bool { remaining.pointee < 0 }

    /// Takes `units` of work; false when the budget is spent (the work must not be done).
    @inline(__always)
    func charge(_ units: Int) -> Bool {
        remaining.pointee -= units
        return remaining.pointee >= 0
    }
}

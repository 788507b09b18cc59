/// How serious a finding is. `error`: the record cannot be trusted or would corrupt a count;
/// `warning`: probably wrong, though a legitimate case is conceivable; `info`: context.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }
}

/// The lowest severity that makes a run fail (exit code 1), or `never`.
public enum FailLevel: String, Sendable, CaseIterable {
    case error, warning, info, never

    public func isFailure(_ severity: Severity) -> Bool {
        switch self {
        case .never: false
        case .error: severity >= .error
        case .warning: severity >= .warning
        case .info: true
        }
    }
}

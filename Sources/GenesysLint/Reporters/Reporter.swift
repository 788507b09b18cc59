/// Turns findings into one output format. Reporters stream: they see each finding once, in
/// input order, then the run's totals, so a report of any size needs no more memory.
public protocol Reporter {
    mutating func start(into output: inout some TextOutputStream)
    mutating func add(_ finding: Finding, into output: inout some TextOutputStream)
    mutating func finish(_ summary: Summary, into output: inout some TextOutputStream)
}

/// The formats `--format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json
}

public enum GenesysLintVersion {
    public static let current = "0.1.0"
}

/// One thing a rule found, located in the input.
public struct Finding: Sendable, Equatable {
    public var ruleId: String
    public var severity: Severity
    public var message: String
    /// The input as it was named ("<stdin>" for standard input).
    public var file: String
    public var line: Int
    public var column: Int
    /// RFC 6901 pointer from the root of the file's document (for NDJSON, of the line's record).
    public var pointer: String
    public var conversationId: String?

    public init(ruleId: String, severity: Severity, message: String, file: String, line: Int, column: Int, pointer: String, conversationId: String?) {
        self.ruleId = ruleId
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer
        self.conversationId = conversationId
    }
}

/// Totals of a run, for the summary every report ends with.
public struct Summary: Sendable, Equatable {
    public var files = 0
    public var conversations = 0
    /// Records that could not be read at all (malformed JSON, not a conversation, too large).
    public var unreadableRecords = 0
    public var findingsBySeverity: [Severity: Int] = [:]
    public var findingsByRule: [String: Int] = [:]

    public init() {}

    public var totalFindings: Int { findingsBySeverity.values.reduce(0, +) }

    public mutating func count(_ finding: Finding) {
        findingsBySeverity[finding.severity, default: 0] += 1
        findingsByRule[finding.ruleId, default: 0] += 1
    }
}

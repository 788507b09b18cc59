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
    /// Pointer of the finding's conversation in the document ("" for an NDJSON line or a
    /// single-conversation file), so a finding can be placed within its conversation.
    public var conversationPointer: String

    public init(ruleId: String, severity: Severity, message: String, file: String, line: Int, column: Int, pointer: String, conversationId: String?, conversationPointer: String = "") {
        self.ruleId = ruleId
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer
        self.conversationId = conversationId
        self.conversationPointer = conversationPointer
    }
}

extension Finding {
    /// The order of the findings of one record once duplicates are added to them: by place,
    /// then rule.
    static func isOrderedWithinRecord(_ lhs: Finding, _ rhs: Finding) -> Bool {
        (lhs.line, lhs.column, lhs.ruleId) < (rhs.line, rhs.column, rhs.ruleId)
    }
}

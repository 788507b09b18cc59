/// One check, as read from its rule file: what it looks for, how serious it is, where its
/// findings land, and the documentation and examples that come with it.
public struct Rule: Sendable {
    enum Check: Sendable {
        /// Fires on every object of the rule's scope where the expression is true.
        case condition(Expression)
        /// Fires on every object whose value was already seen earlier in the run, where
        /// `repeatedIn` says.
        case unique(Expression, repeatedIn: Repetition)
        /// Findings the reader makes itself.
        case reader(ReaderCheck)
    }

    /// Where the earlier occurrence of a `unique` rule's value must be for the rule to fire.
    /// Files are read one after another: a value is repeated in the same file when the file it
    /// was last seen in is the one being read.
    public enum Repetition: String, Sendable, CaseIterable {
        /// Anywhere earlier in the run (a rule file without `repeatedIn`).
        case anywhere
        /// Earlier in the same input file (or standard input).
        case sameFile
        /// Earlier only in other files.
        case otherFile

        /// Whether a repeat seen last in the file being read (`inSameFile`) or in another is one
        /// this rule reports.
        func includes(inSameFile: Bool) -> Bool {
            switch self {
            case .anywhere: true
            case .sameFile: inSameFile
            case .otherFile: !inSameFile
            }
        }
    }

    public struct Parameter: Sendable {
        public let name: String
        public let defaultValue: Value
        public let description: String
    }

    public struct Documentation: Sendable {
        public let whatItChecks: String
        public let whyItMatters: String
        public let whatToDo: String
    }

    /// Where a rule's documentation is: read with the rule, or left in its built-in file until
    /// asked for. Only some reports print documentation, so a run that applies the built-in rules
    /// without their examples leaves it unread (about half of what remains of the text); the
    /// project's tests read every built-in rule's documentation in full.
    enum DocumentationSource: Sendable {
        case loaded(Documentation)
        case deferred(EmbeddedRules.File)
    }

    /// How sure the rule is that what it flags is wrong.
    public enum Confidence: String, Sendable, CaseIterable {
        /// Genesys's own definitions or schema make the combination impossible.
        case documented
        /// Contradicts consistent observation and the documented intent, though no document rules it out.
        case suspicious
        /// A plausible problem for which legitimate cases exist.
        case heuristic

        public var explanation: String {
            switch self {
            case .documented: "a documented contradiction: Genesys's own definitions or schema rule it out"
            case .suspicious: "strongly suspicious: it contradicts consistent real data and the documented intent, though no document rules it out"
            case .heuristic: "a heuristic: a plausible problem, but legitimate cases exist"
            }
        }
    }

    public let id: String
    public let name: String
    public let severity: Severity
    public let confidence: Confidence
    /// The folder the rule file sits in (`outcomes`, `timing`…).
    public let category: String
    public let scope: Scope
    let check: Check
    /// The expression text of a condition or unique check, as written.
    public let expressionText: String?
    /// Reference tokens from the scope object to the value a finding is about.
    public let at: [String]
    public let message: MessageTemplate
    public let parameters: [Parameter]
    /// What the rule checks, why that matters and what to do about it. Deferred documentation
    /// is read on each access, which reporters make once per rule.
    public var documentation: Documentation {
        switch documentationSource {
        case .loaded(let documentation): documentation
        case .deferred(let file): RuleLoader.deferredDocumentation(of: file)
        }
    }
    let documentationSource: DocumentationSource
    public let examples: [RuleExample]
    /// The disconnect reasons and outcomes of the catalog's coverage table that this rule
    /// checks against each other (see `ReasonOutcomeCoverage`).
    public let covers: [ReasonOutcomePair]
    /// The repair `genesys-lint fix` makes of what the rule finds, when it declares one.
    public let fix: RuleFix?
    /// Where the rule was read from (a path; built-in rules keep their `Rules/…` path).
    public let source: String
    public let isBuiltIn: Bool

    /// Where an earlier occurrence must be for a `unique` rule to fire; nil for other rules.
    var repetition: Repetition? {
        if case .unique(_, let repeatedIn) = check { repeatedIn } else { nil }
    }

    /// "condition", "unique" or "reader: <check>", for listings.
    public var kind: String {
        switch check {
        case .condition: "condition"
        case .unique: "unique"
        case .reader(let check): "reader: \(check.rawValue)"
        }
    }
}

/// A small input a rule must fire on (at exactly `expectedPointers`) or pass.
public struct RuleExample: Sendable {
    public enum Kind: String, Sendable { case fire, pass }

    public let kind: Kind
    public let description: String?
    /// The example's documents as export files would hold them, read one after another as
    /// files of their own: one (`input` or `inputText`), or several (`inputs`).
    public let inputs: [[UInt8]]
    /// Whether the documents were given as a list (`inputs`): the pointers of the findings
    /// then begin with the position of their document in the list (`/1/conversationId`).
    public let listsInputs: Bool
    public let expectedPointers: [String]
    /// For a fire example of a rule with a fix: the conversation as `fix` writes it.
    public let fixed: [UInt8]?
}

/// The outcomes that Genesys Cloud reports name for an interaction, as the article on
/// disconnect reasons and outcomes defines them: the columns of the coverage table.
public enum ReportedOutcome: String, Sendable, CaseIterable {
    /// The caller hung up while the interaction was ringing or in queue.
    case abandoned
    /// The interaction was answered.
    case handled
    /// An agent did not answer within the alerting time (or declined).
    case notResponding
}

/// A disconnect reason (the analytics `disconnectType` value) together with an outcome.
public struct ReasonOutcomePair: Sendable, Hashable {
    public let disconnectType: String
    public let outcome: ReportedOutcome
}

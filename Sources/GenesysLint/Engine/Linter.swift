import Foundation

/// The rules in force for a run, arranged for checking: every rule of a scope is evaluated in
/// one walk over that scope's objects.
public struct Linter: Sendable {
    /// A rule as this run applies it: the configured severity and parameter values.
    public struct ActiveRule: Sendable {
        public let rule: Rule
        public let severity: Severity
        let parameters: [String: Value]

        public init(rule: Rule, severity: Severity) {
            self.rule = rule
            self.severity = severity
            parameters = Dictionary(uniqueKeysWithValues: rule.parameters.map { ($0.name, $0.defaultValue) })
        }

        init(rule: Rule, severity: Severity, parameters: [String: Value]) {
            self.rule = rule
            self.severity = severity
            self.parameters = parameters
        }
    }

    public let activeRules: [ActiveRule]
    /// The vocabulary's documented fields, for the model builder.
    let fieldTypes: FieldTypeTable
    /// The enumeration values and the texts of the rules in force, numbered (see `InternedTexts`).
    let texts: InternedTexts
    /// Condition rules by scope, with what evaluating them needs, so the loop over a scope's
    /// objects touches nothing else of the rules.
    let conditionRules: [(scope: Scope, rules: [ConditionCheck])]

    /// A condition rule as the checking loop uses it.
    struct ConditionCheck: @unchecked Sendable {
        /// Index into `activeRules`.
        let rule: Int
        /// Compiled with the rule's parameter values. Not retained: `programs` keeps it alive,
        /// and the checking loop must not touch a reference count that every worker shares.
        let condition: Unmanaged<CompiledExpression>
    }
    /// A `unique` rule as the checking loop uses it.
    struct UniqueCheck: @unchecked Sendable {
        /// Index into `activeRules`.
        let rule: Int
        /// Not retained, as `ConditionCheck.condition`.
        let key: Unmanaged<CompiledExpression>
    }
    let uniqueRules: [UniqueCheck]
    /// Every compiled program of the checks above, which keeps them alive.
    private let programs: [CompiledExpression]
    let readerRules: [ReaderCheck: Int]
    public let maxRecordBytes: Int
    /// The moment ages are measured against: the configured one, or when the linter was made.
    public let asOf: Int64

    /// Whether messages mask personal data (`--no-redact` turns it off).
    public var redactsPersonalData = true
    /// Whether each conversation's `ConversationProfile` is made (for audit reports).
    public var collectsProfiles = false
    /// Whether the values of `unique` rules are located as the conversation is checked, on
    /// the workers (partial reports list every first occurrence), rather than only when one
    /// repeats.
    var locatesUniqueValues = false
    /// Whether each conversation's text is kept for `--quarantine` and `--clean`.
    public var collectsRecords = false
    /// Per-rule limits under which findings do not fail the run.
    public let thresholds: [String: Threshold]
    /// The lowest severity that fails the run.
    public let failOn: FailLevel

    /// Work allowed per conversation (see `EvaluationBudget`).
    public var evaluationBudget = EvaluationBudget.defaultLimit

    public static let defaultMaxRecordBytes = 64 << 20

    public init(catalog: RuleCatalog, configuration: Configuration) {
        activeRules = catalog.rules.filter { configuration.isEnabled($0.id) }.map { rule in
            var parameters = Dictionary(uniqueKeysWithValues: rule.parameters.map { ($0.name, $0.defaultValue) })
            parameters.merge(configuration.parameters[rule.id] ?? [:]) { $1 }
            return ActiveRule(rule: rule, severity: configuration.severity[rule.id] ?? rule.severity, parameters: parameters)
        }
        fieldTypes = FieldTypeTable(catalog.vocabulary.fields)
        texts = InternedTexts(vocabulary: catalog.vocabulary, texts: activeRules.flatMap { active in
            let expressions: [Expression] = switch active.rule.check {
            case .condition(let condition): [condition]
            case .unique(let key): [key]
            case .reader: []
            }
            return expressions.flatMap { $0.texts(parameters: active.parameters) }
        })
        var conditions: [Scope: [ConditionCheck]] = [:]
        var unique: [UniqueCheck] = []
        var programs: [CompiledExpression] = []
        var reader: [ReaderCheck: Int] = [:]
        for (index, active) in activeRules.enumerated() {
            switch active.rule.check {
            case .condition(let condition):
                let compiled = CompiledExpression(condition, parameters: active.parameters, texts: texts)
                programs.append(compiled)
                conditions[active.rule.scope, default: []].append(ConditionCheck(rule: index, condition: .passUnretained(compiled)))
            case .unique(let key):
                let compiled = CompiledExpression(key, parameters: active.parameters, texts: texts)
                programs.append(compiled)
                unique.append(UniqueCheck(rule: index, key: .passUnretained(compiled)))
            case .reader(let check): reader[check] = reader[check] ?? index
            }
        }
        conditionRules = Scope.allCases.compactMap { scope in conditions[scope].map { (scope, $0) } }
        uniqueRules = unique
        self.programs = programs
        readerRules = reader
        maxRecordBytes = configuration.maxRecordBytes ?? Self.defaultMaxRecordBytes
        asOf = configuration.asOf ?? Int64((Date().timeIntervalSince1970 * 1000).rounded())
        failOn = configuration.failOn ?? .error
        evaluationBudget = configuration.maxConversationSteps ?? EvaluationBudget.defaultLimit
        thresholds = configuration.thresholds.filter { configuration.isEnabled($0.key) }
    }
}

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
    /// How the API and the Python SDK spell a conversation's fields, to tell a record's shape.
    let fieldSpellings: ConversationFieldSpellings
    /// The documented timestamp fields of each level, for `fix`'s rewrite of their forms.
    let timestampFields: [Scope: [String]]
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
    /// The `unique` rules that key on one expression at one scope, as the checking loop uses
    /// them: the key is evaluated once per object, and the uniqueness ledger keeps one entry per
    /// value for all of them (its key group is the check's index in `uniqueChecks`).
    struct UniqueCheck: @unchecked Sendable {
        let scope: Scope
        /// Not retained, as `ConditionCheck.condition`.
        let key: Unmanaged<CompiledExpression>
        /// Indices into `activeRules`, in catalog order.
        var rules: [Int] = []
        /// The placeholders of the rules' messages, each distinct one compiled once (and not
        /// retained either): they are evaluated for every value, since any value may repeat,
        /// and rules that share a key mostly quote the same fields.
        var placeholders: [Unmanaged<CompiledExpression>] = []
        /// For each rule, the position in `placeholders` of each placeholder of its message.
        var messagePlaceholders: [[Int]] = []

        /// Whether each value stands for a conversation, whose copies can be compared.
        var comparesCopies: Bool { scope == .conversation }
    }
    let uniqueChecks: [UniqueCheck]
    /// Every compiled program of the checks above, which keeps them alive.
    private let programs: [CompiledExpression]
    let readerRules: [ReaderCheck: Int]

    /// The key group (index into `uniqueChecks`) of each `unique` rule, by rule id.
    var uniqueCheckByRule: [String: Int] {
        var groups: [String: Int] = [:]
        for (group, check) in uniqueChecks.enumerated() {
            for rule in check.rules { groups[activeRules[rule].rule.id] = group }
        }
        return groups
    }
    public let maxRecordBytes: Int
    /// How messages name the setting of `maxRecordBytes`.
    public let recordLimitName: String
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
        fieldSpellings = ConversationFieldSpellings(catalog.vocabulary)
        timestampFields = catalog.vocabulary.fields.mapValues { types in types.filter { $0.value == .timestamp }.keys.sorted() }
        texts = InternedTexts(vocabulary: catalog.vocabulary, texts: activeRules.flatMap { active in
            let expressions: [Expression] = switch active.rule.check {
            case .condition(let condition): [condition] + active.rule.fixValues
            case .unique(let key, _): [key]
            case .reader: []
            }
            return expressions.flatMap { $0.texts(parameters: active.parameters) }
        })
        var conditions: [Scope: [ConditionCheck]] = [:]
        var programs: [CompiledExpression] = []
        var reader: [ReaderCheck: Int] = [:]
        for (index, active) in activeRules.enumerated() {
            switch active.rule.check {
            case .condition(let condition):
                let compiled = CompiledExpression(condition, parameters: active.parameters, texts: texts)
                programs.append(compiled)
                conditions[active.rule.scope, default: []].append(ConditionCheck(rule: index, condition: .passUnretained(compiled)))
            case .unique: break
            case .reader(let check): reader[check] = reader[check] ?? index
            }
        }
        conditionRules = Scope.allCases.compactMap { scope in conditions[scope].map { (scope, $0) } }
        uniqueChecks = Self.uniqueChecks(of: activeRules, texts: texts, programs: &programs)
        self.programs = programs
        readerRules = reader
        maxRecordBytes = configuration.maxRecordBytes ?? Self.defaultMaxRecordBytes
        recordLimitName = configuration.recordLimitName
        asOf = configuration.asOf ?? Int64((Date().timeIntervalSince1970 * 1000).rounded())
        failOn = configuration.failOn ?? .error
        evaluationBudget = configuration.maxConversationSteps ?? EvaluationBudget.defaultLimit
        thresholds = configuration.thresholds.filter { configuration.isEnabled($0.key) }
    }

    /// The `unique` rules grouped by their key (the same expression at the same scope, with the
    /// same parameter values), each key and each distinct message placeholder compiled once.
    private static func uniqueChecks(of rules: [ActiveRule], texts: InternedTexts, programs: inout [CompiledExpression]) -> [UniqueCheck] {
        var checks: [UniqueCheck] = []
        // What each check's placeholders were compiled from.
        var sources: [[(expression: Expression, parameters: [String: Value])]] = []
        for (index, active) in rules.enumerated() {
            guard case .unique(let key, _) = active.rule.check else { continue }
            let group: Int
            if let shared = checks.firstIndex(where: { check in
                let first = rules[check.rules[0]]
                return check.scope == active.rule.scope && first.rule.expressionText == active.rule.expressionText && first.parameters == active.parameters
            }) {
                group = shared
            } else {
                let compiled = CompiledExpression(key, parameters: active.parameters, texts: texts)
                programs.append(compiled)
                checks.append(UniqueCheck(scope: active.rule.scope, key: .passUnretained(compiled)))
                sources.append([])
                group = checks.count - 1
            }
            var positions: [Int] = []
            for placeholder in active.rule.message.placeholders {
                if let same = sources[group].firstIndex(where: { $0.expression == placeholder && $0.parameters == active.parameters }) {
                    positions.append(same)
                    continue
                }
                let compiled = CompiledExpression(placeholder, parameters: active.parameters, texts: texts)
                programs.append(compiled)
                sources[group].append((placeholder, active.parameters))
                checks[group].placeholders.append(.passUnretained(compiled))
                positions.append(checks[group].placeholders.count - 1)
            }
            checks[group].rules.append(index)
            checks[group].messagePlaceholders.append(positions)
        }
        return checks
    }
}

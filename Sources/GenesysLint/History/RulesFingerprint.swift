/// What makes the counts of two runs comparable: the rules in force, each with its definition
/// and parameter values, the vocabulary they judge values against, and the limits that decide
/// which records are read at all. Two runs with the same fingerprint counted the same things the
/// same way, so their rates can be compared (drift alarms and trends use only such runs).
///
/// Severities, thresholds and the fail level are left out on purpose: they change the verdict of
/// a run, not what it counts, and a history should not start over because a rule was made an
/// error. So are the tool version (a new version with unchanged rules counts alike) and the
/// as-of moment (it is "now" by default, different in every run).
public enum RulesFingerprint {
    /// 16 hex digits (64-bit FNV-1a over a canonical listing).
    public static func of(_ linter: Linter, vocabulary: Vocabulary) -> String {
        var hash = FNV1a()
        hash.mix("genesys-lint rules fingerprint 1")
        for active in linter.activeRules {
            let rule = active.rule
            hash.mix(rule.id)
            hash.mix(rule.kind)
            hash.mix(rule.scope.rawValue)
            hash.mix(rule.expressionText)
            hash.mix(rule.at.joined(separator: "/"))
            hash.mix(rule.repetition?.rawValue)
            for name in active.parameters.keys.sorted() {
                hash.mix(name)
                hash.mix(active.parameters[name]?.identityKey)
            }
        }
        hash.mix("vocabulary")
        for name in vocabulary.enumerations.keys.sorted() {
            guard let enumeration = vocabulary.enumerations[name] else { continue }
            hash.mix(name)
            hash.mix(enumeration.known.sorted().joined(separator: ","))
            hash.mix(enumeration.deprecated.keys.sorted().joined(separator: ","))
        }
        for scope in Scope.allCases {
            let fields = vocabulary.fields[scope] ?? [:]
            hash.mix(scope.rawValue)
            hash.mix(fields.keys.sorted().map { "\($0):\(fields[$0]?.rawValue ?? "")" }.joined(separator: ","))
        }
        hash.mix("limits")
        hash.mix(String(linter.maxRecordBytes))
        hash.mix(String(linter.evaluationBudget))
        return hash.hex
    }
}

import Foundation

/// The text `genesys-lint rules` and `genesys-lint explain` print.
public enum RuleDocumentation {
    /// One line per rule: id, severity in force, scope, name; disabled rules marked.
    public static func listing(_ catalog: RuleCatalog, configuration: Configuration, includeDisabled: Bool) -> String {
        let rows = catalog.rules.compactMap { rule -> [String]? in
            let enabled = configuration.isEnabled(rule.id)
            guard enabled || includeDisabled else { return nil }
            let severity = configuration.severity[rule.id] ?? rule.severity
            return [rule.id, enabled ? severity.rawValue : "off", rule.category, rule.confidence.rawValue, rule.scope.rawValue,
                    rule.name + (rule.isBuiltIn ? "" : "  (\(rule.source))")]
        }
        let header = ["ID", "SEVERITY", "CATEGORY", "CONFIDENCE", "SCOPE", "NAME"]
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in column == row.count - 1 ? cell : cell.padding(to: widths[column]) }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// The rules as JSON, for tools that build on the catalog.
    public static func listingJSON(_ catalog: RuleCatalog, configuration: Configuration) -> String {
        let rules = catalog.rules.map { rule in
            JSONWriter.object([
                ("id", JSONWriter.quoted(rule.id)),
                ("name", JSONWriter.quoted(rule.name)),
                ("severity", JSONWriter.quoted((configuration.severity[rule.id] ?? rule.severity).rawValue)),
                ("defaultSeverity", JSONWriter.quoted(rule.severity.rawValue)),
                ("enabled", configuration.isEnabled(rule.id) ? "true" : "false"),
                ("category", JSONWriter.quoted(rule.category)),
                ("confidence", JSONWriter.quoted(rule.confidence.rawValue)),
                ("scope", JSONWriter.quoted(rule.scope.rawValue)),
                ("source", JSONWriter.quoted(rule.source)),
                ("fixable", rule.fix == nil ? "false" : "true"),
                ("whatItChecks", JSONWriter.quoted(rule.documentation.whatItChecks)),
            ])
        }
        return "[\n" + rules.joined(separator: ",\n") + "\n]\n"
    }

    /// The Markdown index of `Rules/README.md`: every rule by category, with the first sentence
    /// of what it checks.
    public static func markdownIndex(_ catalog: RuleCatalog) -> String {
        var text = ""
        let categories = catalog.rules.reduce(into: [String]()) { if !$0.contains($1.category) { $0.append($1.category) } }
        for category in categories.sorted(by: { first(in: $0, catalog) < first(in: $1, catalog) }) {
            text += "\n### \(category)\n\n| id | name | severity | confidence | scope | checks |\n| --- | --- | --- | --- | --- | --- |\n"
            for rule in catalog.rules where rule.category == category {
                let summary = firstSentence(of: rule.documentation.whatItChecks).replacingOccurrences(of: "|", with: "\\|")
                text += "| \(rule.id) | `\(rule.name)` | \(rule.severity.rawValue) | \(rule.confidence.rawValue) | \(rule.scope.rawValue) | \(summary) |\n"
            }
        }
        return text
    }

    private static func first(in category: String, _ catalog: RuleCatalog) -> String {
        catalog.rules.first { $0.category == category }?.id ?? category
    }

    static func firstSentence(of text: String) -> String {
        guard let end = text.range(of: ". ") else { return text }
        return String(text[..<end.lowerBound]) + "."
    }

    /// Everything about one rule, for a person.
    public static func explanation(of rule: Rule, configuration: Configuration, includeInputs: Bool = false) -> String {
        var text = "\(rule.id) \(rule.name)\n"
        let severity = configuration.severity[rule.id] ?? rule.severity
        let configured = severity == rule.severity ? "" : " (configured; default \(rule.severity.rawValue))"
        text += "Severity: \(severity.rawValue)\(configured)   Category: \(rule.category)   Scope: \(rule.scope.rawValue)   Enabled: \(configuration.isEnabled(rule.id) ? "yes" : "no")\n"
        text += "Confidence: \(rule.confidence.rawValue), \(rule.confidence.explanation)\n"
        text += "\nWhat it checks\n\(indent(rule.documentation.whatItChecks))\n"
        text += "\nWhy it matters\n\(indent(rule.documentation.whyItMatters))\n"
        text += "\nWhat to do\n\(indent(rule.documentation.whatToDo))\n"
        switch rule.check {
        case .condition: text += "\nFires where\n    \(rule.expressionText ?? "")\n"
        case .unique(_, let repeatedIn):
            let place = switch repeatedIn {
            case .anywhere: "across the run"
            case .sameFile: "in the file it was last seen in"
            case .otherFile: "in another file than the one it was last seen in"
            }
            text += "\nFires when this value repeats \(place)\n    \(rule.expressionText ?? "")\n"
        case .reader(let check): text += "\nReported by the reader (\(check.rawValue)).\n"
        }
        if !rule.covers.isEmpty {
            // Grouped by outcome, as the table in Rules/README.md reads.
            text += "\nChecks these disconnect reasons against these outcomes\n"
            for outcome in ReportedOutcome.allCases {
                let reasons = rule.covers.filter { $0.outcome == outcome }.map(\.disconnectType)
                guard !reasons.isEmpty else { continue }
                text += "    \(outcome.rawValue): \(reasons.joined(separator: ", "))\n"
            }
        }
        if let fix = rule.fix {
            text += "\nFix (applied by genesys-lint fix)\n\(indent(fix.description))\n"
            for operation in fix.declaration { text += "    \(operation)\n" }
        }
        if !rule.parameters.isEmpty {
            text += "\nParameters (override in .genesys-lint.json under \"parameters\": {\"\(rule.id)\": {…}})\n"
            for parameter in rule.parameters {
                let value = configuration.parameters[rule.id]?[parameter.name] ?? parameter.defaultValue
                text += "    \(parameter.name) = \(value) (default \(parameter.defaultValue)): \(parameter.description)\n"
            }
        }
        for kind in [RuleExample.Kind.fire, .pass] {
            let examples = rule.examples.filter { $0.kind == kind }
            guard !examples.isEmpty else { continue }
            text += kind == .fire ? "\nExamples that fire\n" : "\nExamples that pass\n"
            for example in examples {
                text += "  - \(example.description ?? "(no description)")"
                if kind == .fire {
                    text += " → " + example.expectedPointers.map { $0.isEmpty ? "/" : $0 }.joined(separator: ", ")
                }
                text += "\n"
                if includeInputs {
                    for (index, input) in example.inputs.enumerated() {
                        let file = example.listsInputs ? "file \(index + 1): " : ""
                        text += "    " + file + String(decoding: input, as: UTF8.self) + "\n"
                    }
                }
            }
        }
        if !includeInputs, !rule.examples.isEmpty {
            text += "(`genesys-lint explain \(rule.id) --examples` prints the examples' inputs.)\n"
        }
        text += "\nDefined in \(rule.source)\n"
        return text
    }

    /// Wraps a paragraph at 88 columns, indented by four spaces.
    static func indent(_ paragraph: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in paragraph.split(separator: " ") {
            if !line.isEmpty, line.count + word.count + 1 > 84 {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.map { "    " + $0 }.joined(separator: "\n")
    }
}

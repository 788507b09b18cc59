import GenesysJSON

/// The disconnect reasons of Genesys's article on disconnect reasons and outcomes crossed with
/// its outcomes: for each pair, why it is consistent or what is wrong with it, and which rules
/// check it (those that name the pair in their `covers` key). Read from
/// `Rules/reasons-and-outcomes.json`; `Rules/README.md` shows it as a table.
public struct ReasonOutcomeCoverage: Sendable {
    public struct Reason: Sendable {
        /// As analytics exports write it (`noAnswerTransfer`).
        public let disconnectType: String
        /// As the article names it (`No Answer Transfer`).
        public let name: String
    }

    public struct Outcome: Sendable {
        public let outcome: ReportedOutcome
        public let name: String
    }

    /// In the article's order.
    public let reasons: [Reason]
    public let outcomes: [Outcome]
    /// For every pair: why it is consistent, or what is wrong with it.
    public let notes: [ReasonOutcomePair: String]

    /// The name of the file under `Rules/`; it holds no rule.
    static let fileName = "reasons-and-outcomes.json"

    /// The table compiled into the binary.
    public static func builtIn() throws(SourceFileError) -> ReasonOutcomeCoverage {
        guard let file = EmbeddedRules.files.first(where: { FilePathNames.fileName(of: $0.path) == fileName }) else {
            throw SourceFileError(file: "Rules/\(fileName)", position: .start, message: "is not compiled into this binary; run Scripts/embed-rules")
        }
        return try load(JSONSourceFile(path: file.path, bytes: Array(file.definition.utf8)))
    }

    static func load(_ file: JSONSourceFile) throws(SourceFileError) -> ReasonOutcomeCoverage {
        try file.parse().withRoot { root throws(SourceFileError) in
            let table = try ObjectReader(file: file, json: root, pointer: [], what: "the reasons and outcomes table")
            try table.rejectUnknownKeys(allowed: ["_about", "reasons", "outcomes", "pairs"])
            func list(_ key: String) throws(SourceFileError) -> JSONElements {
                guard let elements = try table.array(key) else {
                    throw file.error("the reasons and outcomes table needs \"\(key)\"", at: [])
                }
                return elements
            }
            var reasons: [Reason] = []
            for (index, element) in try list("reasons").enumerated() {
                let entry = try ObjectReader(file: file, json: element, pointer: ["reasons", String(index)], what: "a reason")
                try entry.rejectUnknownKeys(allowed: ["disconnectType", "name"])
                reasons.append(Reason(
                    disconnectType: try entry.requiredString("disconnectType", example: "\"client\""),
                    name: try entry.requiredString("name", example: "\"Client\"")
                ))
            }
            var outcomes: [Outcome] = []
            for (index, element) in try list("outcomes").enumerated() {
                let entry = try ObjectReader(file: file, json: element, pointer: ["outcomes", String(index)], what: "an outcome")
                try entry.rejectUnknownKeys(allowed: ["outcome", "name"])
                outcomes.append(Outcome(
                    outcome: try entry.requiredChoice("outcome", as: ReportedOutcome.self, choices: ReportedOutcome.allCases),
                    name: try entry.requiredString("name", example: "\"Abandoned\"")
                ))
            }
            var notes: [ReasonOutcomePair: String] = [:]
            for (index, element) in try list("pairs").enumerated() {
                let entry = try ObjectReader(file: file, json: element, pointer: ["pairs", String(index)], what: "a pair")
                try entry.rejectUnknownKeys(allowed: ["disconnectType", "outcome", "note"])
                let pair = ReasonOutcomePair(
                    disconnectType: try entry.requiredString("disconnectType", example: "\"client\""),
                    outcome: try entry.requiredChoice("outcome", as: ReportedOutcome.self, choices: ReportedOutcome.allCases)
                )
                guard notes[pair] == nil else {
                    throw file.error("the pair \(pair.disconnectType) × \(pair.outcome.rawValue) is listed twice", at: entry.pointer)
                }
                notes[pair] = try entry.requiredString("note", example: "\"Consistent: …\"")
            }
            return ReasonOutcomeCoverage(reasons: reasons, outcomes: outcomes, notes: notes)
        }
    }

    /// Every pair of the table, outcome by outcome, in the article's order.
    public var pairs: [ReasonOutcomePair] {
        outcomes.flatMap { outcome in reasons.map { ReasonOutcomePair(disconnectType: $0.disconnectType, outcome: outcome.outcome) } }
    }

    /// The rules of `catalog` that check `pair`, by id.
    public func rules(checking pair: ReasonOutcomePair, in catalog: RuleCatalog) -> [Rule] {
        catalog.rules.filter { $0.covers.contains(pair) }
    }

    /// What keeps the table from being complete and true: pairs without a note, notes and
    /// rules' `covers` about pairs outside the table.
    public func problems(with catalog: RuleCatalog) -> [String] {
        let inTable = Set(pairs)
        var problems = pairs.filter { notes[$0] == nil }.map { "\($0.disconnectType) × \($0.outcome.rawValue) has no note" }
        problems += notes.keys.filter { !inTable.contains($0) }
            .map { "the note on \($0.disconnectType) × \($0.outcome.rawValue) is about a pair outside the table" }
            .sorted()
        for rule in catalog.rules {
            for pair in rule.covers where !inTable.contains(pair) {
                problems.append("\(rule.id) covers \(pair.disconnectType) × \(pair.outcome.rawValue), which is not in the table")
            }
        }
        return problems
    }

    /// The table as Markdown: one row per pair, with the rules that check it and the note.
    public func markdownTable(_ catalog: RuleCatalog) -> String {
        var text = "\n| reason | outcome | checked by | why |\n| --- | --- | --- | --- |\n"
        let outcomeNames = Dictionary(outcomes.map { ($0.outcome, $0.name) }) { first, _ in first }
        let reasonNames = Dictionary(reasons.map { ($0.disconnectType, $0.name) }) { first, _ in first }
        for pair in pairs {
            let checkers = rules(checking: pair, in: catalog).map { "\($0.id) `\($0.name)` (\($0.severity.rawValue))" }
            let note = (notes[pair] ?? "").replacingOccurrences(of: "|", with: "\\|")
            let reason = "\(reasonNames[pair.disconnectType] ?? pair.disconnectType) (`\(pair.disconnectType)`)"
            text += "| \(reason) | \(outcomeNames[pair.outcome] ?? pair.outcome.rawValue) | \(checkers.isEmpty ? "none needed" : checkers.joined(separator: "<br>")) | \(note) |\n"
        }
        return text
    }
}

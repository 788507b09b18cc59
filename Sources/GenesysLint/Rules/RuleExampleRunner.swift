import GenesysJSON

/// Runs a rule's own examples through the whole reading and checking path: each `fire`
/// example must produce this rule's findings at exactly the listed pointers, each `pass`
/// example none. An example with several documents runs them as files of one run.
public enum RuleExampleRunner {
    public struct Failure: Sendable, CustomStringConvertible {
        public let ruleId: String
        public let source: String
        public let kind: RuleExample.Kind
        public let index: Int
        public let exampleDescription: String?
        public let expected: [String]
        public let actual: [String]
        /// Why the example could not show anything, when its input could not be checked.
        public var unchecked: String?
        /// How the rule's fix missed the example's `fixed` output, when it did.
        public var fixMismatch: String?

        public var description: String {
            let what = exampleDescription.map { " (\($0))" } ?? ""
            if let unchecked {
                return "\(source): \(ruleId) \(kind.rawValue) example \(index)\(what): \(unchecked)"
            }
            if let fixMismatch {
                return "\(source): \(ruleId) \(kind.rawValue) example \(index)\(what): \(fixMismatch)"
            }
            let format = { (pointers: [String]) in pointers.isEmpty ? "none" : pointers.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ", ") }
            return "\(source): \(ruleId) \(kind.rawValue) example \(index)\(what): expected findings at \(format(expected)); got \(format(actual))"
        }
    }

    /// Examples run with this record size limit, so that `record-too-large` can be shown with
    /// an example of a few kilobytes.
    public static let maxRecordBytes = 8 << 10

    /// Examples run with this much work allowed per conversation, so that `too-complex` can be
    /// shown with an example of a few kilobytes.
    public static let evaluationBudget = 2_000

    /// Examples are judged as of this moment, so that rules about the data's age give the same
    /// answer every day: 2026-03-04T00:00:00Z.
    public static let asOf: Int64 = 1_772_582_400_000

    /// What one example of a rule gave.
    public struct Outcome: Sendable {
        public let example: RuleExample
        /// Its position among the rule's examples of its kind.
        public let index: Int
        /// The rule's findings, their pointers from the root of the example's input (or, for an
        /// example of several documents, starting with the document's position in the list).
        public let findings: [Finding]
        /// Records of the input the reader could not take as conversations.
        public let unreadableRecords: Int
        /// For an example with `fixed` output: what `fix` wrote, each conversation compact.
        public var repaired: [[UInt8]]?
    }

    /// Runs every example of `rule`, each alone, with only that rule selected.
    public static func run(_ rule: Rule, in catalog: RuleCatalog) -> [Outcome] {
        var configuration = Configuration()
        configuration.maxRecordBytes = maxRecordBytes
        configuration.asOf = asOf
        configuration.select = [rule.id]
        configuration.ignore = catalog.rules.map(\.id).filter { $0 != rule.id && $0.hasPrefix(rule.id) }
        var linter = Linter(catalog: catalog, configuration: configuration)
        linter.evaluationBudget = evaluationBudget
        let run = LintRun(linter: linter, jobs: 1)
        var counters: [RuleExample.Kind: Int] = [:]
        return rule.examples.map { example in
            let index = counters[example.kind, default: 0]
            counters[example.kind] = index + 1
            // Several documents are files of their own, read one after another; a finding's
            // pointer then starts with its document's position in the example's list.
            let names = example.inputs.indices.map { example.listsInputs ? "example-\($0 + 1)" : "example" }
            var findings: [Finding] = []
            let result = run.run(texts: Array(zip(names, example.inputs))) { finding in
                guard finding.ruleId == rule.id else { return }
                var placed = finding
                if example.listsInputs {
                    placed.pointer = (names.firstIndex(of: finding.file).map { "/\($0)" } ?? "/?") + finding.pointer
                }
                findings.append(placed)
            }
            var outcome = Outcome(example: example, index: index, findings: findings, unreadableRecords: result.summary.unreadableRecords)
            if example.fixed != nil {
                var repaired: [[UInt8]] = []
                var fix = FixRun(linter: linter, jobs: 1)
                fix.deduplication = .none
                _ = fix.run(texts: Array(zip(names, example.inputs)), into: FixRun.Destinations(conversation: { repaired.append($0) }, logLine: { _ in }))
                outcome.repaired = repaired
            }
            return outcome
        }
    }

    /// How `fix`'s output differs from an example's `fixed` conversation; nil when it is that
    /// conversation, value for value.
    private static func fixMismatch(expected: [UInt8], repaired: [[UInt8]]) -> String? {
        guard repaired.count == 1, let written = repaired.first else {
            return "\"fixed\" gives one conversation, but fix wrote \(repaired.count)"
        }
        guard case .success(let want) = JSONDocument.parse(expected), case .success(let got) = JSONDocument.parse(written) else {
            return "fix wrote text that is not JSON"
        }
        let same = want.withRoot { wanted in got.withRoot { wanted.isEqual(to: $0) } }
        return same ? nil : "fix wrote \(String(decoding: written, as: UTF8.self)), not the example's \"fixed\" conversation"
    }

    /// The failing examples of `rule` (empty when all behave).
    public static func failures(of rule: Rule, in catalog: RuleCatalog) -> [Failure] {
        run(rule, in: catalog).compactMap { outcome in
            let example = outcome.example
            let pointers = outcome.findings.map(\.pointer)
            // A record the reader could not take (too large, not JSON, not a conversation) passes
            // every other rule without being looked at: an example that proves nothing.
            if case .reader = rule.check {} else if outcome.unreadableRecords > 0 {
                return Failure(
                    ruleId: rule.id, source: rule.source, kind: example.kind, index: outcome.index,
                    exampleDescription: example.description, expected: example.expectedPointers, actual: pointers,
                    unchecked: "its input could not be read as conversations, so the rule never saw it; an example must be readable and under \(maxRecordBytes / 1024) KiB"
                )
            }
            if let expected = example.fixed, let repaired = outcome.repaired, let mismatch = fixMismatch(expected: expected, repaired: repaired) {
                var failure = Failure(
                    ruleId: rule.id, source: rule.source, kind: example.kind, index: outcome.index,
                    exampleDescription: example.description, expected: example.expectedPointers, actual: pointers
                )
                failure.fixMismatch = mismatch
                return failure
            }
            guard pointers.sorted() != example.expectedPointers.sorted() else { return nil }
            return Failure(
                ruleId: rule.id, source: rule.source, kind: example.kind, index: outcome.index,
                exampleDescription: example.description, expected: example.expectedPointers, actual: pointers
            )
        }
    }
}

import Foundation
import Testing
@testable import GenesysLint

/// Every rule's own examples are its tests: one generic test runs them all.
@Suite("Rule examples")
struct RuleExamplesTests {
    static let rules = TestSupport.catalog.rules

    @Test("every example of every built-in rule fires or passes as it says", arguments: rules.map(\.id))
    func examplesBehave(id: String) throws {
        let rule = try #require(TestSupport.catalog.rule(withId: id))
        let failures = RuleExampleRunner.failures(of: rule, in: TestSupport.catalog)
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test("every built-in rule has examples that fire and that pass")
    func everyRuleHasBothKindsOfExample() {
        for rule in Self.rules {
            #expect(rule.examples.contains { $0.kind == .fire }, "\(rule.id) has no fire example")
            #expect(rule.examples.contains { $0.kind == .pass }, "\(rule.id) has no pass example")
        }
    }

    @Test("rule files are named <ID>-<name>.json in the folder of their id range")
    func fileNamesMatchIds() {
        let folders = ["0": "reading", "1": "vocabulary", "2": "outcomes", "3": "disconnects", "4": "timing", "5": "export", "6": "metrics", "7": "structure"]
        for rule in Self.rules {
            let url = URL(fileURLWithPath: rule.source)
            #expect(url.lastPathComponent == "\(rule.id)-\(rule.name).json", "\(rule.source)")
            let hundreds = String(rule.id.dropFirst(3).prefix(1))
            #expect(url.deletingLastPathComponent().lastPathComponent == folders[hundreds], "\(rule.source) is in the wrong folder")
        }
    }

    /// As swift-format checks its generated files: the generator is run, and what it writes now
    /// must be what is committed.
    @Test("the rules compiled into the binary are the files under Rules/ (run Scripts/embed-rules)")
    func embeddedRulesAreUpToDate() throws {
        let generator = try #require(CLI.executable).deletingLastPathComponent().appendingPathComponent("generate-embedded-rules")
        let generated = try Subprocess(executable: generator, arguments: ["--print"]).run()
        #expect(generated.status == 0, "\(generated.stderr)")
        let committed = try String(contentsOfFile: TestSupport.path("Sources/GenesysLint/Rules/EmbeddedRules.swift"), encoding: .utf8)
        #expect(generated.stdout == committed, "Sources/GenesysLint/Rules/EmbeddedRules.swift is stale; run Scripts/embed-rules")
        // And every built-in rule's documentation, read on demand in a run, reads.
        for file in EmbeddedRules.files where file.documentation != nil {
            _ = RuleLoader.deferredDocumentation(of: file)
        }
    }

    @Test("the index in Rules/README.md lists the rules as they are (GENESYS_LINT_UPDATE_GOLDEN=1 rewrites it)")
    func ruleIndexIsUpToDate() throws {
        try TestSupport.expectGeneratedSection(
            of: "Rules/README.md", between: "<!-- BEGIN RULE INDEX -->", and: "<!-- END RULE INDEX -->",
            is: RuleDocumentation.markdownIndex(TestSupport.catalog)
        )
    }

    /// Every message a rule's fire examples render, so that a change of wording shows in review
    /// as a change of this file.
    @Test("the messages of every rule's fire examples are those of Golden/rule-messages.txt")
    func renderedMessages() throws {
        var text = ""
        for rule in Self.rules {
            for outcome in RuleExampleRunner.run(rule, in: TestSupport.catalog) where outcome.example.kind == .fire {
                text += "\(rule.id) fire \(outcome.index): \(outcome.example.description ?? "")\n"
                for finding in outcome.findings {
                    text += "  \(finding.severity.rawValue) \(finding.pointer.isEmpty ? "/" : finding.pointer) \(finding.line):\(finding.column)\n    \(finding.message)\n"
                }
            }
        }
        try Golden.check(text, against: "rule-messages.txt")
    }

    @Test("reader checks each have exactly one built-in rule")
    func everyReaderCheckHasARule() {
        for check in ReaderCheck.allCases {
            let rules = Self.rules.filter { if case .reader(check) = $0.check { true } else { false } }
            #expect(rules.count == 1, "\(check.rawValue) is reported by \(rules.count) rules")
        }
    }
}

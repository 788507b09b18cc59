import Foundation
import Testing
@testable import GenesysLint

/// Rules the whole built-in catalog keeps, beyond each rule's own examples.
@Suite("Catalog policy")
struct CatalogPolicyTests {
    static let rules = TestSupport.catalog.rules

    /// `reading` is apart: its findings say a record could not be checked at all, which must
    /// never pass silently whatever the evidence for the shape of the data.
    @Test("severity follows evidence: error only when documented, a heuristic never above info", arguments: rules.filter { $0.category != "reading" }.map(\.id))
    func severityFollowsEvidence(id: String) throws {
        let rule = try #require(TestSupport.catalog.rule(withId: id))
        if rule.severity == .error {
            #expect(rule.confidence == .documented, "\(id) is an error on \(rule.confidence.rawValue) evidence: find the documentation or lower it")
        }
        if rule.confidence == .heuristic {
            #expect(rule.severity == .info, "\(id) is a heuristic at \(rule.severity.rawValue): a heuristic only informs")
        }
    }

    @Test("the reasons × outcomes table has a note for every pair, and every rule's covers is a pair of it")
    func coverageTableIsComplete() throws {
        let coverage = try ReasonOutcomeCoverage.builtIn()
        #expect(coverage.reasons.count == 15)
        #expect(coverage.outcomes.map(\.outcome) == ReportedOutcome.allCases)
        #expect(coverage.problems(with: TestSupport.catalog).isEmpty, "\(coverage.problems(with: TestSupport.catalog))")
        // Every reason the table names is an analytics value the rules can cover.
        let known = TestSupport.catalog.vocabulary.enumerations["disconnectType"]?.known ?? []
        #expect(coverage.reasons.allSatisfy { known.contains($0.disconnectType) })
    }

    @Test("a pair that real data can contradict is checked by a rule; the consistent ones are explained")
    func contradictablePairsAreChecked() throws {
        let coverage = try ReasonOutcomeCoverage.builtIn()
        let checked = Set(coverage.pairs.filter { !coverage.rules(checking: $0, in: TestSupport.catalog).isEmpty })
        // The combinations the article's own definitions rule out.
        for (reason, outcome) in [("client", ReportedOutcome.abandoned), ("transfer", .abandoned), ("peer", .notResponding),
                                  ("consultTransfer", .notResponding), ("endpoint", .abandoned), ("client", .handled)] {
            #expect(checked.contains(ReasonOutcomePair(disconnectType: reason, outcome: outcome)), "\(reason) × \(outcome.rawValue) is checked by no rule")
        }
        for pair in coverage.pairs where !checked.contains(pair) {
            #expect((coverage.notes[pair] ?? "").count > 20, "\(pair.disconnectType) × \(pair.outcome.rawValue): say why it needs no rule")
        }
    }

    @Test("the table in Rules/README.md is the generated one (GENESYS_LINT_UPDATE_GOLDEN=1 rewrites it)")
    func coverageTableIsUpToDate() throws {
        try TestSupport.expectGeneratedSection(
            of: "Rules/README.md", between: "<!-- BEGIN REASONS AND OUTCOMES -->", and: "<!-- END REASONS AND OUTCOMES -->",
            is: try ReasonOutcomeCoverage.builtIn().markdownTable(TestSupport.catalog)
        )
    }

    @Test("a table with a pair listed twice, or a key it does not know, is refused with its place")
    func coverageTableMistakes() {
        let twice = """
        {"reasons": [{"disconnectType": "peer", "name": "Peer"}], "outcomes": [{"outcome": "handled", "name": "Handled"}],
         "pairs": [{"disconnectType": "peer", "outcome": "handled", "note": "a"},
           {"disconnectType": "peer", "outcome": "handled", "note": "b"}]}
        """
        let error = caught { () throws(SourceFileError) in _ = try ReasonOutcomeCoverage.load(JSONSourceFile(path: "t.json", bytes: Array(twice.utf8))) }
        #expect(error?.message.contains("listed twice") == true)
        #expect(error?.position.line == 3)
        let typo = #"{"reasons": [], "outcomes": [], "pairz": []}"#
        let typoError = caught { () throws(SourceFileError) in _ = try ReasonOutcomeCoverage.load(JSONSourceFile(path: "t.json", bytes: Array(typo.utf8))) }
        #expect(typoError?.message.contains("did you mean \"pairs\"") == true)
    }
}

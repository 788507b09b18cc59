import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

/// One fault injected by Tests/Fixtures/inject-faults.py, as faults-expected.json describes it.
struct InjectedFault: Sendable, CustomTestStringConvertible {
    struct Expected: Sendable, Hashable {
        let rule: String
        let pointer: String
    }

    /// Line of faults.ndjson (1-based) that holds the faulty conversation.
    let line: Int
    let rule: String
    /// Where `rule` must fire, relative to the line's conversation.
    let pointers: [String]
    /// Findings of other rules the mutation cannot avoid.
    let alsoExpected: [Expected]
    let description: String

    var testDescription: String { "\(rule) (line \(line)): \(description)" }

    /// Every finding the line must produce, as sorted "RULE pointer" strings.
    var allExpected: [String] {
        (pointers.map { "\(rule) \($0)" } + alsoExpected.map { "\($0.rule) \($0.pointer)" }).sorted()
    }
}

/// faults.ndjson, what it must produce, and what one run of the default rules over it found.
struct FaultFixture: Sendable {
    var faults: [InjectedFault] = []
    var skipped: [String: String] = [:]
    /// Lines of faults.ndjson that hold a record.
    var lineCount = 0
    var findings: [Finding] = []
    var summary = Summary()
    var inputErrors: [String] = []
    /// Why the fixture could not be read, if it could not.
    var problem: String?

    static let ndjsonPath = TestSupport.path("Tests/Fixtures/faults.ndjson")
    static let expectedPath = TestSupport.path("Tests/Fixtures/faults-expected.json")

    static let shared: FaultFixture = load()

    private static func load() -> FaultFixture {
        var fixture = FaultFixture()
        let expectedText: String
        let ndjson: String
        do {
            expectedText = try String(contentsOfFile: expectedPath, encoding: .utf8)
            ndjson = try String(contentsOfFile: ndjsonPath, encoding: .utf8)
        } catch {
            fixture.problem = "cannot read the fixture (run python3 Tests/Fixtures/inject-faults.py): \(error)"
            return fixture
        }
        switch JSONDocument.parse(expectedText) {
        case .failure(let error):
            fixture.problem = "faults-expected.json is not JSON: \(error.message)"
            return fixture
        case .success(let document):
            document.withRoot { root in
                for entry in elements(root["faults"]) {
                    guard let line = entry["line"]?.integer, let rule = entry["rule"]?.string else {
                        fixture.problem = "an entry of faults-expected.json has no line or rule"
                        return
                    }
                    let also = elements(entry["alsoExpected"]).map {
                        InjectedFault.Expected(rule: $0["rule"]?.string ?? "?", pointer: $0["pointer"]?.string ?? "?")
                    }
                    fixture.faults.append(InjectedFault(
                        line: Int(line), rule: rule,
                        pointers: elements(entry["pointers"]).compactMap(\.string),
                        alsoExpected: also,
                        description: entry["description"]?.string ?? ""
                    ))
                }
                root["skipped"]?.forEachMember { id, reason in
                    fixture.skipped[id] = reason.string ?? ""
                }
            }
        }
        fixture.lineCount = ndjson.split(separator: "\n", omittingEmptySubsequences: true).count
        // One run over the whole file, as `genesys-lint check faults.ndjson` would make it, so
        // that the duplicate of line 1 (GDQ501) is seen across lines.
        let run = LintRun(linter: Linter(catalog: TestSupport.catalog, configuration: Configuration()), jobs: 1)
        var findings: [Finding] = []
        let result = run.run(text: Array(ndjson.utf8), named: "faults.ndjson") { findings.append($0) }
        fixture.findings = findings
        fixture.summary = result.summary
        fixture.inputErrors = result.inputErrors.map { "\($0)" }
        return fixture
    }

    /// The findings on one line, as sorted "RULE pointer" strings.
    func found(onLine line: Int) -> [String] {
        findings.filter { $0.line == line }.map { "\($0.ruleId) \($0.pointer)" }.sorted()
    }

    /// The findings on one line, in full, for failure messages.
    func report(onLine line: Int) -> String {
        let lines = findings.filter { $0.line == line }.map { "  \($0.ruleId) \($0.pointer): \($0.message)" }
        return lines.isEmpty ? "  (no findings)" : lines.joined(separator: "\n")
    }
}

/// The elements of an array member, none when it is absent (valid only inside `withRoot`).
private func elements(_ value: JSONValue?) -> [JSONValue] {
    value.map { Array($0.elements) } ?? []
}

@Suite("Fault injection: every rule finds its fault in realistic data, at the right pointer")
struct FaultInjectionTests {
    static let fixture = FaultFixture.shared

    @Test("the fixture reads, every record is a conversation, and each line has one expectation")
    func fixtureIsConsistent() {
        let fixture = Self.fixture
        #expect(fixture.problem == nil, "\(fixture.problem ?? "")")
        #expect(fixture.inputErrors.isEmpty, "\(fixture.inputErrors)")
        #expect(!fixture.faults.isEmpty)
        #expect(fixture.faults.map(\.line) == Array(1...max(1, fixture.lineCount)), "faults-expected.json must describe every line of faults.ndjson, in order; rerun inject-faults.py")
        #expect(fixture.summary.conversations == fixture.lineCount)
        #expect(fixture.summary.unreadableRecords == 0)
        for fault in fixture.faults {
            #expect(!fault.pointers.isEmpty, "line \(fault.line) (\(fault.rule)) expects no finding of its own rule")
        }
    }

    @Test("the injected fault is found at exactly the expected pointers, and nothing else fires", arguments: FaultFixture.shared.faults)
    func faultIsFound(_ fault: InjectedFault) {
        let fixture = Self.fixture
        let ownPointers = fixture.findings.filter { $0.line == fault.line && $0.ruleId == fault.rule }.map(\.pointer).sorted()
        #expect(ownPointers == fault.pointers.sorted(), """
            \(fault.rule) on line \(fault.line) (\(fault.description)): expected at \(fault.pointers.sorted()), found at \(ownPointers)
            findings on the line:
            \(fixture.report(onLine: fault.line))
            """)
        let found = fixture.found(onLine: fault.line)
        #expect(found == fault.allExpected, """
            line \(fault.line) (\(fault.rule): \(fault.description)): findings differ from the injected fault and its expected knock-ons
            expected: \(fault.allExpected)
            found:    \(found)
            \(fixture.report(onLine: fault.line))
            """)
    }

    @Test("no finding lands outside the lines that hold a fault")
    func noStrayFindings() {
        let fixture = Self.fixture
        let lines = Set(fixture.faults.map(\.line))
        let stray = fixture.findings.filter { !lines.contains($0.line) }
        #expect(stray.isEmpty, "\(stray.map { "line \($0.line): \($0.ruleId) \($0.pointer) \($0.message)" })")
    }

    @Test("every rule of the catalog is injected or skipped with a reason, never both")
    func everyRuleIsCovered() {
        let fixture = Self.fixture
        let catalog = Set(TestSupport.catalog.rules.map(\.id))
        let injected = Set(fixture.faults.map(\.rule))
        let skipped = Set(fixture.skipped.keys)
        let missing = catalog.subtracting(injected).subtracting(skipped).sorted()
        #expect(missing.isEmpty, "rules without an injected fault or a reason to skip them: \(missing); add a fault to Tests/Fixtures/inject-faults.py")
        #expect(injected.intersection(skipped).isEmpty, "both injected and skipped: \(injected.intersection(skipped).sorted())")
        #expect(injected.union(skipped).subtracting(catalog).isEmpty, "not rules of the catalog: \(injected.union(skipped).subtracting(catalog).sorted())")
        for (id, reason) in fixture.skipped {
            #expect(!reason.trimmingCharacters(in: .whitespaces).isEmpty, "\(id) is skipped without a reason")
        }
        let alsoRules = Set(fixture.faults.flatMap { $0.alsoExpected.map(\.rule) })
        #expect(alsoRules.subtracting(catalog).isEmpty, "alsoExpected names unknown rules: \(alsoRules.subtracting(catalog).sorted())")
    }
}

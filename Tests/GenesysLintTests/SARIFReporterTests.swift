import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

@Suite("SARIF report")
struct SARIFReporterTests {
    private let findings = ReporterFixture.findings

    @Test("sarif: golden file, valid against the SARIF 2.1.0 schema")
    func golden() throws {
        let output = ReporterFixture.render(SARIFReporter())
        try expectGolden(output, "sarif-report.sarif")
        let violations = try Python.sarifSchemaViolations(output)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("sarif: every rule in force with its documentation; each result names its rule")
    func rulesAndResults() throws {
        let context = ReporterFixture.context
        let document = try JSONDocument.parse(ReporterFixture.render(SARIFReporter())).get()
        try document.withRoot { root in
            #expect(root["version"]?.string == "2.1.0")
            #expect(root["$schema"]?.string?.hasSuffix("sarif-schema-2.1.0.json") == true)
            #expect(root["runs"]?.count == 1)
            let run = try #require(root["runs"]?[0])
            #expect(run["columnKind"]?.string == "unicodeCodePoints")
            let driver = try #require(run["tool"]?["driver"])
            #expect(driver["name"]?.string == "genesys-lint")
            #expect(driver["version"]?.string == GenesysLintVersion.current)
            #expect(driver["informationUri"]?.string == GenesysLintVersion.informationURI)
            let rules = try #require(driver["rules"])
            #expect(rules.elements.map { $0["id"]?.string } == context.rules.map(\.rule.id))
            for (rule, active) in zip(rules.elements, context.rules) {
                let docs = active.rule.documentation
                #expect(rule["name"]?.string == active.rule.name)
                #expect(rule["fullDescription"]?["text"]?.string == docs.whatItChecks)
                #expect(rule["shortDescription"]?["text"]?.string?.isEmpty == false)
                #expect(rule["help"]?["text"]?.string?.contains(docs.whatToDo) == true)
                #expect(rule["help"]?["markdown"]?.string?.contains(docs.whyItMatters) == true)
                #expect(rule["properties"]?["category"]?.string == active.rule.category)
                #expect(rule["properties"]?["confidence"]?.string == active.rule.confidence.rawValue)
                #expect(rule["properties"]?["tags"]?.elements.contains { $0.string == active.rule.category } == true)
            }
            #expect(rules[1]?["defaultConfiguration"]?["level"]?.string == "warning")

            let results = try #require(run["results"])
            #expect(results.count == findings.count)
            for (result, finding) in zip(results.elements, findings) {
                let index = try #require(result["ruleIndex"]?.integer)
                #expect(rules[Int(index)]?["id"]?.string == finding.ruleId)
                #expect(result["ruleId"]?.string == finding.ruleId)
                #expect(result["message"]?["text"]?.string == finding.message)
                let location = try #require(result["locations"]?[0])
                #expect(location["physicalLocation"]?["region"]?["startLine"]?.integer == Int64(finding.line))
                #expect(location["physicalLocation"]?["region"]?["startColumn"]?.integer == Int64(finding.column))
                #expect(location["logicalLocations"]?[0]?["fullyQualifiedName"]?.string == finding.pointer)
                #expect(location["logicalLocations"]?[0]?["properties"]?["conversationId"]?.string == finding.conversationId)
                #expect(result["partialFingerprints"]?[SARIFReporter.fingerprintKey]?.string == Baseline.Key(finding).fingerprint)
            }
            #expect(results.elements.map { $0["level"]?.string } == ["error", "warning", "error"])
            #expect(results[0]?["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.string == "exports/day1.ndjson")
            #expect(results[2]?["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.string == "stdin")

            #expect(run["invocations"]?[0]?["executionSuccessful"]?.bool == true)
            let properties = try #require(run["properties"])
            #expect(properties["conversations"]?.integer == 49)
            #expect(properties["findings"]?["error"]?.integer == 2)
            #expect(properties["failed"]?.bool == true)
            let gdq201 = try #require(properties["rules"]?["GDQ201"])
            #expect(gdq201["findings"]?.integer == 1)
            #expect(gdq201["affectedConversations"]?.integer == 1)
            #expect(gdq201["rate"]?.string == "2.04%")
            #expect(gdq201["threshold"]?.string == "> 5%")
            #expect(gdq201["thresholdCrossed"]?.bool == false)
        }
    }

    @Test("sarif: info findings are notes")
    func infoIsNote() {
        #expect(SARIFReporter.level(.info) == "note")
        #expect(SARIFReporter.level(.warning) == "warning")
        #expect(SARIFReporter.level(.error) == "error")
    }

    @Test("fingerprints follow the finding, not its line, column, file position or message")
    func fingerprints() {
        let finding = findings[0]
        var moved = finding
        moved.line += 40
        moved.column += 3
        moved.message += " (first seen at x:1:1)"
        #expect(Baseline.Key(moved).fingerprint == Baseline.Key(finding).fingerprint)
        // The same conversation at another place in an envelope: its pointer inside it is the same.
        var first = finding
        first.conversationPointer = "/conversations/3"
        first.pointer = "/conversations/3/participants/0"
        var reordered = first
        reordered.conversationPointer = "/conversations/7"
        reordered.pointer = "/conversations/7/participants/0"
        #expect(Baseline.Key(first).fingerprint == Baseline.Key(reordered).fingerprint)

        var otherRule = finding
        otherRule.ruleId = "GDQ302"
        var otherPlace = finding
        otherPlace.pointer += "/x"
        var otherConversation = finding
        otherConversation.conversationId = "another"
        let prints = [finding, otherRule, otherPlace, otherConversation, findings[1], findings[2]].map { Baseline.Key($0).fingerprint }
        #expect(Set(prints).count == prints.count)
        #expect(prints.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
        // Fields do not run together: ("ab", nil) and ("a", "b") differ.
        #expect(Baseline.Key(ruleId: "ab", conversationId: nil, pointer: "", file: "f").fingerprint
                != Baseline.Key(ruleId: "a", conversationId: "b", pointer: "", file: "f").fingerprint)
        // Pinned: a change of the digest would re-open every alert already triaged in code scanning.
        #expect(Baseline.Key(findings[2]).fingerprint == "cf6bf8c4457a0599")
    }

    @Test("paths become URI references: relative from %SRCROOT%, absolute as file URIs, encoded")
    func artifactLocations() throws {
        func location(_ file: String) throws -> (uri: String?, base: String?) {
            let document = try JSONDocument.parse(SARIFReporter.artifactLocation(file)).get()
            return document.withRoot { ($0["uri"]?.string, $0["uriBaseId"]?.string) }
        }
        #expect(try location("exports/day1.ndjson") == ("exports/day1.ndjson", "%SRCROOT%"))
        #expect(try location("./exports/a b#1?.json") == ("exports/a%20b%231%3F.json", "%SRCROOT%"))
        #expect(try location("c:d/Zoë 100%.json") == ("c%3Ad/Zo%C3%AB%20100%25.json", "%SRCROOT%"))
        #expect(try location("../shared/x.json") == ("../shared/x.json", "%SRCROOT%"))
        #expect(try location("/tmp/exports/a b.json") == ("file:///tmp/exports/a%20b.json", nil))
        #expect(try location("<stdin>") == ("stdin", nil))
        // A URI reference that decodes back to the path.
        #expect(URL(string: "c%3Ad/Zo%C3%AB%20100%25.json") != nil)
        #expect("c%3Ad/Zo%C3%AB%20100%25.json".removingPercentEncoding == "c:d/Zoë 100%.json")
    }

    @Test("sarif without findings, with an unreadable input: valid, the failure told as a notification")
    func unreadableInput() throws {
        var reporter = SARIFReporter()
        var output = CollectedText()
        reporter.start(ReporterFixture.context, into: &output)
        var summary = Summary()
        summary.files = 1
        summary.fileTotals = [FileTotals(file: "missing.json")]
        summary.fileTotals[0].readError = "missing.json: no such file"
        reporter.finish(summary, into: &output)
        let violations = try Python.sarifSchemaViolations(output.text)
        #expect(violations.isEmpty, "\(violations)")
        let document = try JSONDocument.parse(output.text).get()
        document.withRoot { root in
            let run = root["runs"]?[0]
            #expect(run?["results"]?.count == 0)
            #expect(run?["invocations"]?[0]?["executionSuccessful"]?.bool == false)
            #expect(run?["invocations"]?[0]?["exitCode"]?.integer == 2)
            #expect(run?["invocations"]?[0]?["toolExecutionNotifications"]?[0]?["message"]?["text"]?.string == "missing.json: no such file")
        }
    }
}

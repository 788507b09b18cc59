import Foundation
import Testing
@testable import GenesysLint

/// Behaviour that a review of hostile and unusual input found wanting, kept from coming back.
@Suite("Hostile and unusual input")
struct HostileInputTests {
    @Test("a non-object participant does not shift the pointers of the others")
    func pointersSkipNonObjects() {
        let text = #"{"conversationId": "c1", "participants": [null, {"purpose": "customer", "sessions": [{"mediaType": "voice", "segments": [{"segmentType": "interact", "disconnectType": "spam"}]}]}]}"#
        let findings = TestSupport.findings(in: text, select: ["GDQ301"])
        #expect(findings.map(\.pointer) == ["/participants/1/sessions/0/segments/0/disconnectType"])
        #expect(findings.first?.column == 168)
    }

    @Test("an object with none of a conversation's fields is one not-an-export finding naming its members, and no rule reads it")
    func unrecognisedObject() {
        let lines = [
            #"{"id": "c1", "start_time": "2026-03-02T10:00:00.000Z", "participants_list": [], "divisions": [], "extra": 1}"#,
            #"{"conversationId": "c2", "conversationStart": "2026-03-02T10:00:00.000Z", "participants": []}"#,
            "{}",
        ]
        var configuration = Configuration()
        configuration.select = ["ALL"]
        let run = LintRun(linter: Linter(catalog: TestSupport.catalog, configuration: configuration), jobs: 1)
        var findings: [Finding] = []
        let result = run.run(text: Array(lines.joined(separator: "\n").utf8), named: "shapes.ndjson") { findings.append($0) }
        #expect(findings.map { "\($0.line) \($0.ruleId)" } == ["1 GDQ004", "2 GDQ704", "3 GDQ004"])
        #expect(findings.first?.message.contains(#"its members are "id", "start_time", "participants_list", "divisions" and 1 more"#) == true, "\(findings.first?.message ?? "")")
        #expect(findings.last?.message.contains("an empty object") == true)
        #expect(result.summary.conversations == 1)
        #expect(result.summary.unreadableRecords == 2)
    }

    @Test("NDJSON whose first line is cut short is still read line by line")
    func truncatedFirstLine() {
        let good = #"{"conversationId": "c%d", "conversationEnd": "2026-03-02T10:00:00.000Z", "participants": []}"#
        let lines = [#"{"conversationId": "c0", "partic"#] + (1...5).map { String(format: good, $0) }
        var configuration = Configuration()
        configuration.select = ["GDQ0"]
        let run = LintRun(linter: Linter(catalog: TestSupport.catalog, configuration: configuration), jobs: 1)
        var findings: [Finding] = []
        let result = run.run(text: Array(lines.joined(separator: "\n").utf8), named: "cut.ndjson") { findings.append($0) }
        #expect(result.summary.conversations == 5)
        #expect(findings.map(\.ruleId) == ["GDQ001"])
        #expect(findings.first?.line == 1)
    }

    @Test("a huge member of a single conversation counts against the record size limit")
    func hugeMember() {
        let text = "{\"conversationId\": \"c1\", \"pad\": \"" + String(repeating: "x", count: 5_000) + "\", \"participants\": []}\n"
        let findings = TestSupport.findings(in: "\n" + text, select: ["GDQ0"], maxRecordBytes: 1_000)
        #expect(findings.map(\.ruleId) == ["GDQ006"])
        #expect(findings.first?.line == 2)
    }

    @Test("a compact one-line export longer than a record may be is framed, not skipped")
    func longCompactExport() {
        let conversation = #"{"conversationId": "c%d", "participants": [{"purpose": "customer", "sessions": [{"mediaType": "voice", "segments": [{"segmentType": "interact", "disconnectType": "spam"}]}]}]}"#
        let text = "{\"conversations\": [" + (0..<20).map { String(format: conversation, $0) }.joined(separator: ",") + "]}"
        let findings = TestSupport.findings(in: text, select: ["GDQ0", "GDQ301"], maxRecordBytes: 1_000)
        #expect(findings.filter { $0.ruleId == "GDQ301" }.count == 20)
        #expect(findings.allSatisfy { $0.ruleId == "GDQ301" })
    }

    @Test("a repeated key is located at the occurrence jansson keeps: the last")
    func repeatedKey() {
        let text = "{\"conversationId\": \"c1\",\n\"participants\": [],\n\"participants\": [{\"purpose\": \"customer\", \"sessions\": [{\"mediaType\": \"voice\", \"segments\": [{\"disconnectType\": \"spam\"}]}]}]}"
        let findings = TestSupport.findings(in: text, select: ["GDQ301"])
        #expect(findings.map(\.line) == [3])
    }

    @Test("a byte-order mark takes no column")
    func byteOrderMarkColumn() {
        let plain = "{\n\"conversationId\": 5}"
        let marked = TestSupport.findings(in: "\u{FEFF}" + plain, select: ["GDQ002"])
        let unmarked = TestSupport.findings(in: plain, select: ["GDQ002"])
        #expect(marked.map { [$0.line, $0.column] } == unmarked.map { [$0.line, $0.column] })
        #expect(!marked.isEmpty)
    }

    @Test("many findings in one record land at their own positions")
    func manyFindingsInOneRecord() {
        let segments = (0..<300).map { "{\"segmentType\": \"interact\", \"disconnectType\": \"bogus\($0)\"}" }.joined(separator: ",\n")
        let text = "{\"conversationId\": \"c1\", \"participants\": [{\"purpose\": \"agent\", \"sessions\": [{\"mediaType\": \"voice\", \"segments\": [\n\(segments)\n]}]}]}"
        let findings = TestSupport.findings(in: text, select: ["GDQ101"])
        #expect(findings.count == 300)
        #expect(findings.map(\.line) == Array(2...301))
        #expect(findings.allSatisfy { $0.column == 47 })
    }

    @Test("the text \"1\" and the number 1 are different values to a unique rule")
    func uniqueKeysKeepTheirKind() {
        #expect(Value.string("1").identityKey != Value.number(1).identityKey)
    }

    @Test("integers beyond 64 bits are named as such")
    func hugeInteger() {
        let findings = TestSupport.findings(in: #"{"conversationId": "c1", "mediaStatsMinConversationMos": 99999999999999999999999}"#, select: ["GDQ0"])
        #expect(findings.map(\.ruleId) == ["GDQ001"])
        #expect(findings.first?.message.contains("out of range") == true)
    }
}

@Suite("Checks over whole pages")
struct PageCheckTests {
    /// Writes query-response pages holding `counts` conversations, each reporting `totalHits`.
    private func pages(_ counts: [Int], totalHits: Int) throws -> [Input] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genesys-lint-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var next = 0
        return try counts.enumerated().map { page, count in
            let conversations = (0..<count).map { _ -> String in
                next += 1
                return "{\"conversationId\": \"c\(next)\", \"conversationEnd\": \"2026-03-02T10:00:00.000Z\", \"participants\": []}"
            }
            let path = directory.appendingPathComponent("page\(page).json").path
            try "{\"conversations\": [\n\(conversations.joined(separator: ",\n"))\n], \"totalHits\": \(totalHits)}".write(toFile: path, atomically: true, encoding: .utf8)
            return .file(path)
        }
    }

    private func totalHitsFindings(_ inputs: [Input]) -> [Finding] {
        var configuration = Configuration()
        configuration.select = ["GDQ507"]
        var findings: [Finding] = []
        _ = LintRun(linter: Linter(catalog: TestSupport.catalog, configuration: configuration), jobs: 2).run(inputs) { findings.append($0) }
        return findings
    }

    @Test("the pages of one query add up to its totalHits across files")
    func pagesAddUp() throws {
        #expect(totalHitsFindings(try pages([2, 2, 1], totalHits: 5)).isEmpty)
        let missing = totalHitsFindings(try pages([2, 2], totalHits: 5))
        #expect(missing.map(\.message) == ["the query reported totalHits 5, but its 2 pages hold 4 conversation(s)"])
        #expect(missing.first?.pointer == "/totalHits")
        #expect(missing.first?.line == 4)
    }

    @Test("conversations active after a jobs page's data-availability date are found once the page is read")
    func dataAvailability() {
        let text = "{\"conversations\": [\n{\"conversationId\": \"a\", \"conversationEnd\": \"2026-03-02T23:00:00.000Z\"},\n{\"conversationId\": \"b\", \"conversationEnd\": \"2026-03-03T01:00:00.000Z\"}\n], \"dataAvailabilityDate\": \"2026-03-03T00:00:00.000Z\"}"
        let findings = TestSupport.findings(in: text, select: ["GDQ506"], jobs: 2)
        #expect(findings.map(\.pointer) == ["/conversations/1/conversationEnd"])
        #expect(findings.first?.conversationId == "b")
        #expect(findings.first?.line == 3)
    }
}

@Suite("Hostile rule and configuration files")
struct HostileRuleTests {
    private func parse(_ text: String) -> ExpressionError? {
        caught { () throws(ExpressionError) in _ = try ExpressionParser.parse(text, scope: .segment, vocabulary: TestSupport.catalog.vocabulary) }
    }

    @Test("long chains of unary minus or arithmetic are refused, not a stack overflow")
    func deepExpressions() {
        #expect(parse(String(repeating: "-", count: 1_000) + "1 > 0")?.message.contains("nested") == true)
        #expect(parse(String(repeating: "-", count: 200_000) + "1 > 0")?.message.contains("tokens") == true)
        #expect(parse(Array(repeating: "1", count: 200).joined(separator: " + ") + " > 0")?.message.contains("levels deep") == true)
        #expect(parse(Array(repeating: "exists(conversationId)", count: 5_000).joined(separator: " and "))?.message.contains("tokens") == true)
    }

    @Test("long chains of and/or are fine: they are kept flat")
    func flatChains() {
        #expect(parse(Array(repeating: "exists(conversationId)", count: 500).joined(separator: " or ")) == nil)
    }

    @Test("a parameter override of the wrong kind is refused rather than silently disabling the rule")
    func parameterKinds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genesys-lint-params-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(".genesys-lint.json").path
        try #"{"parameters": {"GDQ404": {"toleranceMs": "5000"}}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try Setup.load(configFile: path, searchFrom: nil, settings: CommandLineSettings())
        } throws: { error in
            "\(error)".contains("takes a number like its default 1000, not text")
        }
    }

    @Test("a report to a device is written to it, not renamed over it")
    func reportToDevice() throws {
        let output = try ReportOutput.file("/dev/null")
        output.write("report")
        try output.commit()
        var status = stat()
        #expect(lstat("/dev/null", &status) == 0)
        #expect((status.st_mode & S_IFMT) == S_IFCHR)
    }
}

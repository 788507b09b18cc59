import Foundation
import Testing
@testable import GenesysLint

/// A conversation repeated within one file is an error (GDQ501); one repeated from another file
/// is a warning (GDQ508), since adjacent jobs legitimately repeat long conversations. Both say
/// which copy is more complete, in a single run and in a merge of partial reports alike.
@Suite(.tags(.endToEnd)) struct RepeatedConversationTests {
    static let asOf = "2026-03-10T00:00:00Z"
    static let id = "5d0c8e3a-7b41-4f29-9a6e-2c1b3d4e5f60"

    /// One line of NDJSON: a call that is still in progress (one open segment) or has ended
    /// (the interact segment, then a finished wrap-up).
    static func call(ended: Bool, id: String = id) -> String {
        let interact = #"{"segmentStart":"2026-03-02T23:50:00.000Z","segmentEnd":"2026-03-03T00:05:00.000Z","segmentType":"interact","disconnectType":"peer"}"#
        let wrapup = ended
            ? #"{"segmentStart":"2026-03-03T00:05:00.000Z","segmentEnd":"2026-03-03T00:06:30.000Z","segmentType":"wrapup","disconnectType":"peer"}"#
            : #"{"segmentStart":"2026-03-03T00:05:00.000Z","segmentType":"wrapup"}"#
        let end = ended ? #","conversationEnd":"2026-03-03T00:06:30.000Z""# : ""
        return #"{"conversationId":"\#(id)","conversationStart":"2026-03-02T23:50:00.000Z"\#(end),"originatingDirection":"inbound","participants":[{"participantId":"a1b2c3d4-0000-4000-8000-000000000001","purpose":"agent","userId":"a1b2c3d4-0000-4000-8000-000000000002","sessions":[{"mediaType":"voice","sessionId":"a1b2c3d4-0000-4000-8000-000000000003","direction":"inbound","segments":[\#(interact),\#(wrapup)]}]}]}"#
    }

    // MARK: Which copy is more complete

    static let earlyEnd: Int64 = 1_772_557_140_000   // 2026-03-03T16:59:00.000Z
    static let lateEnd: Int64 = 1_772_557_282_000    // 2026-03-03T17:01:22.000Z

    @Test func theVerdictNamesTheMoreCompleteCopyAndEveryFactThatDiffers() {
        let complete = CopyCompleteness(hasEnded: true, segments: 14, latestActivity: Self.lateEnd)
        let partial = CopyCompleteness(hasEnded: false, segments: 9, latestActivity: Self.earlyEnd)
        #expect(CopyCompleteness.verdict(this: complete, earlier: partial)
            == "this copy is more complete: it has ended (the earlier one had not), 14 segments against 9, active until 2026-03-03T17:01:22.000Z against 2026-03-03T16:59:00.000Z")
        #expect(CopyCompleteness.verdict(this: partial, earlier: complete)
            == "the earlier copy is more complete: it had ended (this one has not), 14 segments against 9, active until 2026-03-03T17:01:22.000Z against 2026-03-03T16:59:00.000Z")
        #expect(CopyCompleteness.verdict(this: complete, earlier: complete) == "the two copies are equally complete")
    }

    @Test func havingEndedDecidesFirstThenSegmentsThenActivity() {
        // Ended beats more segments: the deciding fact comes first, the others as they are.
        let endedWithFewer = CopyCompleteness(hasEnded: true, segments: 1, latestActivity: Self.earlyEnd)
        let openWithMore = CopyCompleteness(hasEnded: false, segments: 3, latestActivity: Self.earlyEnd)
        #expect(CopyCompleteness.verdict(this: endedWithFewer, earlier: openWithMore)
            == "this copy is more complete: it has ended (the earlier one had not), 1 segment against 3")
        // More segments beat later activity.
        let more = CopyCompleteness(hasEnded: true, segments: 4, latestActivity: Self.earlyEnd)
        let later = CopyCompleteness(hasEnded: true, segments: 3, latestActivity: Self.lateEnd)
        #expect(CopyCompleteness.verdict(this: later, earlier: more)
            == "the earlier copy is more complete: 4 segments against 3, active until 2026-03-03T16:59:00.000Z against 2026-03-03T17:01:22.000Z")
        // Activity alone, and a copy with no time at all.
        let timeless = CopyCompleteness(hasEnded: false, segments: 0, latestActivity: nil)
        let active = CopyCompleteness(hasEnded: false, segments: 0, latestActivity: Self.earlyEnd)
        #expect(CopyCompleteness.verdict(this: active, earlier: timeless)
            == "this copy is more complete: active until 2026-03-03T16:59:00.000Z against no time at all")
    }

    @Test func aCopyWithoutAnEndIsActiveUntilItsLatestSegmentOrMetricTime() {
        let text = """
        {"conversationId":"c-1","conversationStart":"2026-03-03T10:00:00.000Z","participants":[{"purpose":"agent","sessions":[{"mediaType":"voice","segments":[{"segmentStart":"2026-03-03T10:00:00.000Z","segmentEnd":"2026-03-03T10:04:00.000Z","segmentType":"interact"},{"segmentStart":"2026-03-03T10:04:00.000Z","segmentType":"wrapup"}],"metrics":[{"name":"tTalk","value":240000,"emitDate":"2026-03-03T10:04:30.000Z"}]}]}]}
        {"conversationId":"c-1","conversationStart":"2026-03-03T10:00:00.000Z","conversationEnd":"2026-03-03T10:03:00.000Z","participants":[]}

        """
        let messages = TestSupport.findings(in: text, select: ["GDQ501"]).map(\.message)
        #expect(messages == ["conversationId c-1 was already seen earlier in this file (first seen at input.json:1:1); this copy is more complete: it has ended (the earlier one had not), 0 segments against 2, active until 2026-03-03T10:03:00.000Z against 2026-03-03T10:04:30.000Z"])
    }

    // MARK: Same file or another

    @Test func theLedgerTellsARepeatInTheSameFileFromOneInAnother() {
        var ledger = UniquenessLedger()
        func lastFile(_ file: String, lastSeenIn: String? = nil) -> String? {
            ledger.sight(group: 0, key: "string:x", file: file, place: TextPosition(line: 1, column: 1), copy: nil, lastSeenIn: lastSeenIn)?.lastFile
        }
        #expect(lastFile("a.json") == nil)
        #expect(lastFile("a.json") == "a.json")  // within a.json
        #expect(lastFile("b.json") == "a.json")  // from another file
        #expect(lastFile("b.json") == "b.json")  // then within b.json
        #expect(lastFile("a.json") == "b.json")  // a file read again is another file than the last
        // A share of a merge tells where its sightings ended.
        #expect(lastFile("c.json", lastSeenIn: "d.json") == "a.json")
        #expect(ledger.lastFile(group: 0, key: "string:x") == "d.json")
        #expect(ledger.earlier(group: 0, key: "string:x")?.firstPlace == "a.json:1:1")
    }

    @Test func oneRunOverTwoTextsReportsEachRepeatByOneRule() {
        let first = Self.call(ended: false), second = Self.call(ended: true)
        var configuration = Configuration()
        configuration.select = ["GDQ501", "GDQ508"]
        let run = LintRun(linter: Linter(catalog: TestSupport.catalog, configuration: configuration), jobs: 1)
        var findings: [Finding] = []
        _ = run.run(texts: [("day-1.ndjson", Array((first + "\n").utf8)), ("day-2.ndjson", Array((second + "\n" + second + "\n").utf8))]) { findings.append($0) }
        #expect(findings.map { "\($0.ruleId) \($0.severity.rawValue) \($0.file):\($0.line)" } == ["GDQ508 warning day-2.ndjson:1", "GDQ501 error day-2.ndjson:2"])
        #expect(findings.first?.message == "conversationId \(Self.id) was already seen in another file (first seen at day-1.ndjson:1:1); this copy is more complete: it has ended (the earlier one had not), active until 2026-03-03T00:06:30.000Z against 2026-03-03T00:05:00.000Z")
        #expect(findings.last?.message.hasSuffix("(first seen at day-1.ndjson:1:1); this copy is more complete: it has ended (the earlier one had not), active until 2026-03-03T00:06:30.000Z against 2026-03-03T00:05:00.000Z") == true)
    }

    @Test func rulesOnTheSameKeyShareOneLedgerEntryAndARuleWithoutRepeatedInFiresAnywhere() throws {
        let custom = """
        {"id": "ACME900", "name": "conversation-seen-again", "severity": "info", "confidence": "heuristic", "scope": "conversation",
         "unique": "conversationId", "at": "conversationId", "message": "seen again",
         "documentation": {"whatItChecks": "a", "whyItMatters": "b", "whatToDo": "c"},
         "examples": {"fire": [{"input": [{"conversationId": "c"}, {"conversationId": "c"}], "findings": ["/1/conversationId"]}],
                      "pass": [{"inputs": [{"conversationId": "c"}, {"conversationId": "d"}]}]}}
        """
        var sources = EmbeddedRules.files.map { RuleSource.builtIn($0, withExamples: true) }
        sources.append(RuleSource(file: JSONSourceFile(path: "rules/ACME900-conversation-seen-again.json", bytes: Array(custom.utf8)), isBuiltIn: false))
        let catalog = try RuleCatalog.load(sources)
        var configuration = Configuration()
        configuration.select = ["GDQ501", "GDQ508", "ACME900"]
        let linter = Linter(catalog: catalog, configuration: configuration)
        #expect(linter.uniqueChecks.count == 1)
        #expect(linter.uniqueChecks.first?.rules.map { linter.activeRules[$0].rule.id } == ["ACME900", "GDQ501", "GDQ508"])
        let twice = Self.call(ended: true) + "\n"
        var findings: [Finding] = []
        _ = LintRun(linter: linter, jobs: 1).run(texts: [("a.ndjson", Array(twice.utf8)), ("b.ndjson", Array((twice + twice).utf8))]) { findings.append($0) }
        #expect(findings.map { "\($0.ruleId) \($0.file):\($0.line)" } == ["ACME900 b.ndjson:1", "GDQ508 b.ndjson:1", "ACME900 b.ndjson:2", "GDQ501 b.ndjson:2"])
        let acme = try #require(catalog.rule(withId: "ACME900"))
        #expect(RuleExampleRunner.failures(of: acme, in: catalog).isEmpty)
    }

    // MARK: Rule files

    @Test(arguments: [
        (#""condition": "isEnded", "repeatedIn": "sameFile""#, #""repeatedIn" applies only to a "unique" rule"#),
        (#""unique": "conversationId", "repeatedIn": "anywhere""#, #""repeatedIn" must be one of sameFile, otherFile, not "anywhere""#),
        (#""unique": "conversationId", "repeatedIn": true"#, #""repeatedIn" must be a string"#),
    ])
    func aMisusedRepeatedInIsRefused(check: String, message: String) {
        let text = """
        {"id": "ACME901", "name": "x", "severity": "info", "confidence": "heuristic", "scope": "conversation", \(check),
         "message": "m", "documentation": {"whatItChecks": "a", "whyItMatters": "b", "whatToDo": "c"},
         "examples": {"fire": [{"input": {"conversationId": "c"}, "findings": ["/"]}], "pass": [{"input": {"conversationId": "c"}}]}}
        """
        let error = caught { () throws(SourceFileError) in
            _ = try RuleLoader.loadRule(JSONSourceFile(path: "rules/x.json", bytes: Array(text.utf8)), vocabulary: TestSupport.catalog.vocabulary, isBuiltIn: false)
        }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        (#""inputs": [{"conversationId": "c"}]"#, #""inputs" lists two or more documents"#),
        (#""input": {"conversationId": "c"}, "inputs": [{"conversationId": "c"}, {"conversationId": "c"}]"#, "not several or none"),
        (#""inputs": {"conversationId": "c"}"#, #""inputs" must be an array"#),
    ])
    func anExampleWithMisusedInputsIsRefused(input: String, message: String) {
        let text = """
        {"id": "ACME902", "name": "x", "severity": "info", "confidence": "heuristic", "scope": "conversation", "unique": "conversationId",
         "message": "m", "documentation": {"whatItChecks": "a", "whyItMatters": "b", "whatToDo": "c"},
         "examples": {"fire": [{"input": {"conversationId": "c"}, "findings": ["/"]}], "pass": [{\(input)}]}}
        """
        let error = caught { () throws(SourceFileError) in
            _ = try RuleLoader.loadRule(JSONSourceFile(path: "rules/x.json", bytes: Array(text.utf8)), vocabulary: TestSupport.catalog.vocabulary, isBuiltIn: false)
        }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    // MARK: The built CLI

    /// Writes each `(name, lines)` into `directory` as NDJSON and returns the paths.
    static func write(_ files: [(String, [String])], in directory: URL) throws -> [String] {
        try files.map { name, lines in
            let url = directory.appendingPathComponent(name)
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
    }

    static func findings(_ report: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        return try #require(object["findings"] as? [[String: Any]])
    }

    static func partials(of shares: [[String]], stdin: [String?]? = nil, in directory: URL) throws -> [String] {
        try shares.enumerated().map { index, paths in
            let partial = directory.appendingPathComponent("part-\(index).json").path
            let input = stdin?[index].map { Data($0.utf8) }
            let run = try CLI.run(["check", "--as-of", asOf, "--format", "json=\(partial)", "--partial"] + paths, stdin: input)
            #expect(run.exitCode == 0, "\(run)")
            return partial
        }
    }

    @Test func twoFilesWithTheSameConversationGiveOneWarningThatSaysThisCopyIsMoreComplete() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let files = try Self.write([("day-1.ndjson", [Self.call(ended: false)]), ("day-2.ndjson", [Self.call(ended: true)])], in: directory)
            let run = try CLI.run(["check", "--as-of", Self.asOf, "--format", "json"] + files)
            #expect(run.exitCode == 0, "a warning does not fail the run by default: \(run)")
            let repeats = try Self.findings(run.stdout).filter { ["GDQ501", "GDQ508"].contains($0["ruleId"] as? String) }
            #expect(repeats.count == 1)
            #expect(repeats.first?["ruleId"] as? String == "GDQ508")
            #expect(repeats.first?["severity"] as? String == "warning")
            #expect(repeats.first?["file"] as? String == files[1])
            #expect((repeats.first?["message"] as? String)?.contains("(first seen at \(files[0]):1:1); this copy is more complete: it has ended (the earlier one had not)") == true, "\(repeats)")
        }
    }

    @Test func theSameConversationTwiceInOneFileIsAnError() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let files = try Self.write([("day.ndjson", [Self.call(ended: true), Self.call(ended: false)])], in: directory)
            let run = try CLI.run(["check", "--as-of", Self.asOf, "--format", "json"] + files)
            #expect(run.exitCode == 1, "\(run)")
            let repeats = try Self.findings(run.stdout).filter { ["GDQ501", "GDQ508"].contains($0["ruleId"] as? String) }
            #expect(repeats.map { "\($0["ruleId"] ?? "") \($0["severity"] ?? "") \($0["line"] ?? "")" } == ["GDQ501 error 2"])
            #expect((repeats.first?["message"] as? String)?.hasSuffix("(first seen at \(files[0]):1:1); the earlier copy is more complete: it had ended (this one has not), active until 2026-03-03T00:06:30.000Z against 2026-03-03T00:05:00.000Z") == true, "\(repeats)")
        }
    }

    @Test func aMergeOfSharesReportsBothAsOneRunDoes() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let other = Self.call(ended: true, id: "5d0c8e3a-7b41-4f29-9a6e-2c1b3d4e5f61")
            // Share 1 reads a and b; share 2 reads a again: the id was seen last in b, so a
            // repeat in a is from another file (GDQ508), which only b's place in share 1 tells.
            let files = try Self.write([
                ("a.ndjson", [Self.call(ended: false), other]),
                ("b.ndjson", [Self.call(ended: true), other, other]),
            ], in: directory)
            let shares = [[files[0], files[1]], [files[0]]]
            let partials = try Self.partials(of: shares, in: directory)
            // A file read twice counts once in a merge's totals (standard input in every share of
            // a Spark job is one input), so the findings are compared, not the summaries.
            let single = try CLI.run(["check", "--as-of", Self.asOf, "--format", "ndjson"] + shares.flatMap { $0 })
            let merged = try CLI.run(["merge", "--format", "ndjson"] + partials)
            #expect(merged.stdout == single.stdout, "\(merged)\n\(single)")
            #expect(merged.exitCode == 1 && single.exitCode == 1)
            let repeats = try single.stdout.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }.filter { ["GDQ501", "GDQ508"].contains($0["ruleId"] as? String) }
            #expect(repeats.map { "\($0["ruleId"] ?? "") \(URL(fileURLWithPath: $0["file"] as? String ?? "").lastPathComponent):\($0["line"] ?? "")" }
                == ["GDQ508 b.ndjson:1", "GDQ508 b.ndjson:2", "GDQ501 b.ndjson:3", "GDQ508 a.ndjson:1", "GDQ508 a.ndjson:2"])
        }
    }

    @Test func sharesThatAllReadStandardInputRepeatWithinOneFile() throws {
        try TestSupport.withTemporaryDirectory { directory in
            // As the partitions of a Spark job: each share is piped in, so each reads "<stdin>".
            let lines = [[Self.call(ended: false)], [Self.call(ended: true)]]
            let partials = try Self.partials(of: [["-"], ["-"]], stdin: lines.map { $0.joined(separator: "\n") + "\n" }, in: directory)
            let single = try CLI.run(["check", "--as-of", Self.asOf, "--format", "json", "-"], stdin: Data((lines.flatMap { $0 }.joined(separator: "\n") + "\n").utf8))
            let merged = try CLI.run(["merge", "--format", "json"] + partials)
            #expect(merged.exitCode == 1 && single.exitCode == 1)
            // Lines are counted per share, so findings are compared by rule and conversation.
            func repeats(_ report: String) throws -> [String] {
                try Self.findings(report).filter { ["GDQ501", "GDQ508"].contains($0["ruleId"] as? String) }.map { finding in
                    let message = (finding["message"] as? String)?.replacingOccurrences(of: #"<stdin>:\d+:"#, with: "<stdin>:", options: .regularExpression)
                    return "\(finding["ruleId"] ?? "") \(finding["severity"] ?? "") \(finding["file"] ?? "") \(finding["pointer"] ?? ""): \(message ?? "")"
                }
            }
            #expect(try repeats(merged.stdout) == repeats(single.stdout))
            #expect(try repeats(merged.stdout) == ["GDQ501 error <stdin> /conversationId: conversationId \(Self.id) was already seen earlier in this file (first seen at <stdin>:1); this copy is more complete: it has ended (the earlier one had not), active until 2026-03-03T00:06:30.000Z against 2026-03-03T00:05:00.000Z"])
        }
    }
}

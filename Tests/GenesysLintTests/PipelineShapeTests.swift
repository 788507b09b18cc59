import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

/// The shapes pipelines write exports in (the Python SDK's `to_dict()`, Singer and Airbyte
/// messages), made from the bundled and real samples by Tests/Fixtures/pipeline-shapes.py and
/// checked by the built CLI beside the originals.
@Suite("Pipeline shapes: Python SDK records, Singer and Airbyte messages", .tags(.endToEnd))
struct PipelineShapeTests {
    /// The bundled exports, the real captures kept with the tests, and the shared real samples
    /// when they are there.
    static let samples: [String] = {
        var paths = [
            "Examples/exports/clean/query-response-2026-03-02.json",
            "Examples/exports/problems/jobs-results-2026-03-03.ndjson",
            "Tests/Fixtures/real/voice-2024-not-responding-agent.json",
            "Tests/Fixtures/real/webmessaging-2024-blind-transfers.json",
        ].map(TestSupport.path)
        let shared = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.sharedSamples)) ?? []
        paths += shared.filter { $0.hasSuffix(".json") }.sorted().map { TestSupport.sharedSamples + "/" + $0 }
        return paths
    }()

    /// Rules about a page's envelope (its totalHits and dataAvailabilityDate): Singer and
    /// Airbyte records carry conversations, not pages.
    static let envelopeRules: Set<String> = Set(TestSupport.catalog.rules.compactMap { rule in
        guard case .reader(let check) = rule.check, check == .afterDataAvailability || check == .totalHitsMismatch else { return nil }
        return rule.id
    })

    /// The shapes each converted input must be read in, as the JSON summary names them.
    static let expectedShapes: [String: [String]] = [
        "python-sdk": ["pythonSDK"], "singer": ["singer", "pythonSDK"], "airbyte": ["airbyte", "api"],
    ]

    @Test("the same conversations draw the same findings, at the same places, in every shape", arguments: ["python-sdk", "singer", "airbyte"])
    func sameFindings(shape: String) throws {
        try TestSupport.withTemporaryDirectory { directory in
            let converted = try Self.convert(Self.samples, to: shape, in: directory)
            let original = try ParsedReport.parse(CLI.run(["check", "--format", "json"] + Self.samples).stdout)
            let rewritten = try ParsedReport.parse(CLI.run(["check", "--format", "json"] + converted).stdout)
            #expect(original.conversations > 80)
            #expect(rewritten.conversations == original.conversations)
            #expect(rewritten.unreadableRecords == original.unreadableRecords)
            #expect(rewritten.skippedRecords == 0)

            let renamed = Array(zip(converted, Self.samples))
            let ignored = shape == "python-sdk" ? [] : Self.envelopeRules
            let expected = original.findings.filter { !ignored.contains($0.ruleId) }.map { Self.comparable($0, renamed: []) }
            let actual = rewritten.findings.filter { !ignored.contains($0.ruleId) }.map { Self.comparable($0, renamed: renamed) }
            #expect(expected.count > 15)
            #expect(actual.sorted() == expected.sorted())

            for input in rewritten.inputs {
                #expect(input.shapes == Self.expectedShapes[shape], "\(input.file)")
            }
        }
    }

    @Test("a finding in the Python SDK's spelling names the file's keys, at their line and column")
    func findingsPointAtTheFilesKeys() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let problems = TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson")
            let converted = try Self.convert([problems], to: "python-sdk", in: directory)
            let report = try ParsedReport.parse(CLI.run(["check", "--format", "json"] + converted).stdout)
            let spam = try #require(report.findings.first { $0.ruleId == "GDQ301" })
            #expect(spam.pointer == "/participants/0/sessions/0/segments/1/disconnect_type")
            let lines = try String(contentsOfFile: converted[0], encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(lines[spam.line - 1].utf8)
            #expect(String(decoding: line[(spam.column - 1)...].prefix(6), as: UTF8.self) == "\"spam\"")
            #expect(String(decoding: line[..<(spam.column - 1)].suffix(18), as: UTF8.self) == "\"disconnect_type\":")
        }
    }

    @Test("records of other streams are reported once per stream and input, counted as skipped, and the conversations beside them are checked")
    func otherStreams() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let clean = TestSupport.path("Examples/exports/clean/query-response-2026-03-02.json")
            let singer = try #require(try Self.convert([clean], to: "singer", in: directory).first)
            var lines = try String(contentsOfFile: singer, encoding: .utf8).split(separator: "\n").map(String.init)
            // A tap's flattened child stream, interleaved with the conversations.
            let participant = #"{"type":"RECORD","stream":"conversation_participants","record":{"conversation_id":"c","participant_id":"p%d","purpose":"agent"}}"#
            lines.insert(String(format: participant, 1), at: 3)
            lines.insert(String(format: participant, 2), at: 6)
            lines.insert(#"{"type":"RECORD","stream":"users","record":{"id":"u1","name":"Agent"}}"#, at: 8)
            let mixed = directory.appendingPathComponent("mixed.singer.ndjson")
            try lines.joined(separator: "\n").write(to: mixed, atomically: true, encoding: .utf8)
            let second = directory.appendingPathComponent("again.singer.ndjson")
            try FileManager.default.copyItem(at: mixed, to: second)

            let result = try CLI.run(["check", "--format", "json", mixed.path, second.path])
            #expect(result.exitCode == 0, "\(result)")
            let report = try ParsedReport.parse(result.stdout)
            let streams = report.findings.filter { $0.ruleId == "GDQ009" }
            #expect(streams.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line) \($0.pointer)" } == [
                "mixed.singer.ndjson:4 /record", "mixed.singer.ndjson:9 /record",
                "again.singer.ndjson:4 /record", "again.singer.ndjson:9 /record",
            ])
            #expect(streams.first?.message.contains(#"Singer stream "conversation_participants""#) == true, "\(streams)")
            #expect(streams.allSatisfy { $0.severity == "info" })
            #expect(report.conversations == 60)
            #expect(report.skippedRecords == 6)
            #expect(report.inputs.map(\.skippedRecords) == [3, 3])
            // The conversations are the clean export's, seen in both files.
            #expect(Set(report.findings.map(\.ruleId)) == ["GDQ009", "GDQ508"])

            let text = try CLI.run(["check", "--color", "never", mixed.path])
            #expect(text.stdout.contains("Checked 1 file, 30 conversations (3 records of other streams skipped)"), "\(text)")
            #expect(text.stdout.contains("Read as:\n  \(mixed.path): Singer messages, Python SDK records (to_dict)\n"), "\(text)")
        }
    }

    @Test("shapes are read from the content, whatever the file's name, compressed or not, and mixed in one run")
    func shapesFromContent() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let clean = TestSupport.path("Examples/exports/clean/query-response-2026-03-02.json")
            let airbyte = try #require(try Self.convert([clean], to: "airbyte", in: directory).first)
            let sdk = try #require(try Self.convert([clean], to: "python-sdk", in: directory).first)
            let misnamed = directory.appendingPathComponent("export.json")
            try FileManager.default.moveItem(atPath: airbyte, toPath: misnamed.path)
            let gzip = try Subprocess(command: ["gzip", "-k", sdk]).run()
            #expect(gzip.status == 0, "\(gzip)")

            let report = try ParsedReport.parse(CLI.run(["check", "--format", "json", clean, misnamed.path, sdk + ".gz"]).stdout)
            #expect(report.inputs.map(\.shapes) == [["api"], ["airbyte", "api"], ["pythonSDK"]])
            #expect(report.inputs.map(\.conversations) == [30, 30, 30])
            // Each copy repeats the first file's conversations: the same findings about the same places.
            let repeats = report.findings.filter { $0.ruleId == "GDQ508" }
            #expect(repeats.count == 60)
            #expect(repeats.allSatisfy { $0.message.contains("equally complete") })
        }
    }

    // MARK: - Helpers

    /// Converts `inputs` into `shape` with Tests/Fixtures/pipeline-shapes.py; the paths written,
    /// in the order of the inputs.
    static func convert(_ inputs: [String], to shape: String, in directory: URL) throws -> [String] {
        let script = TestSupport.path("Tests/Fixtures/pipeline-shapes.py")
        let outcome = try Subprocess(command: ["python3", script, shape, directory.appendingPathComponent(shape).path] + inputs).run()
        try #require(outcome.status == 0, "\(outcome)")
        return outcome.stdout.split(separator: "\n").map(String.init)
    }

    /// A finding as the shapes must agree on it: its rule, conversation, the place inside the
    /// conversation in the API's names, and its message with input names as the originals'
    /// and places left out.
    static func comparable(_ finding: ReportedFinding, renamed: [(String, String)]) -> String {
        var message = finding.message
        for (converted, original) in renamed {
            message = message.replacingOccurrences(of: converted, with: original)
        }
        message = message.replacing(#/:\d+:\d+/#, with: ":L:C")
        return "\(finding.ruleId) \(finding.conversationId ?? "-") \(apiPointer(insideConversation: finding.pointer)) \(message)"
    }

    /// The pointer with the container of its conversation left out (a Singer or Airbyte message,
    /// an envelope, an array) and its keys in the API's spelling up to a participant's custom
    /// attributes.
    static func apiPointer(insideConversation pointer: String) -> String {
        let inside = pointer.replacing(#/^(/record/data|/record|/conversations/\d+|/\d+)(?=/|$)/#, with: "")
        var tokens: [String] = []
        var custom = false
        for token in JSONPointer.tokens(of: inside) {
            tokens.append(custom ? token : PythonSDKSpelling.camelCase(token))
            if token == "attributes" { custom = true }
        }
        return tokens.reduce("") { JSONPointer.appending($1, to: $0) }
    }
}

@Suite("The Python SDK's spelling")
struct PythonSDKSpellingTests {
    @Test("names convert between the API's camelCase and the SDK's snake_case, digits and one-letter words included",
          arguments: [
              ("conversationId", "conversation_id"), ("mediaStatsMinConversationRFactor", "media_stats_min_conversation_r_factor"),
              ("q850ResponseCodes", "q850_response_codes"), ("participants", "participants"), ("emitDate", "emit_date"),
          ])
    func names(api: String, sdk: String) {
        #expect(PythonSDKSpelling.snakeCase(api) == sdk)
        #expect(PythonSDKSpelling.camelCase(sdk) == api)
    }

    @Test("Python's timestamps of whole milliseconds read as the API writes them; anything else is left to be reported",
          arguments: [
              ("2024-04-05 12:27:53.386000+00:00", "2024-04-05T12:27:53.386Z"),
              ("2024-04-05 12:27:53+00:00", "2024-04-05T12:27:53.000Z"),
              ("2024-04-05T12:27:53.386000Z", "2024-04-05T12:27:53.386Z"),
              ("2024-04-05T12:27:53.386Z", nil), // already the API's form: read as it stands
              ("2024-04-05 12:27:53.386123+00:00", nil), // microseconds the API never has
              ("2024-04-05 12:27:53.386000+02:00", nil), // not UTC
              ("2024-04-05 12:27:53.386000", nil), // no zone
              ("yesterday", nil),
          ] as [(String, String?)])
    func timestamps(python: String, api: String?) {
        #expect(PythonSDKSpelling.apiTimestamp(python) == api)
    }

    @Test("a pointer in the API's names reads as the file spells it; a participant's custom attributes keep their keys")
    func pointers() {
        let spelling = KeySpelling.pythonSDK(renamed: ["conversationEnd": "conversation_end"])
        #expect(spelling.filePointer("/participants/2/sessions/0/segments/1/disconnectType") == "/participants/2/sessions/0/segments/1/disconnect_type")
        #expect(spelling.filePointer("/participants/0/attributes/customerTier/x") == "/participants/0/attributes/customerTier/x")
        #expect(spelling.filePointer("/conversationEnd") == "/conversation_end")
        #expect(spelling.filePointer("") == "")
        #expect(KeySpelling.api.filePointer("/participants/0/purpose") == "/participants/0/purpose")
    }

    @Test("a conversation in the SDK's spelling is checked through an API-spelt copy: nulls left out, timestamps rewritten, attributes kept")
    func apiCopy() throws {
        let text = #"{"conversation_id":"c","conversation_end":null,"conversation_start":"2026-03-02 14:05:11.123000+00:00","participants":[{"purpose":"customer","attributes":{"my_key":null},"sessions":[{"media_type":"voice","segments":[{"segment_start":"2026-03-02 14:05:11+00:00","disconnect_type":"endpoint"}]}]}]}"#
        let document = try JSONDocument.parse(text).get()
        let (copy, renamed) = document.withRoot { PythonSDKSpelling.apiCopy(of: $0, fieldTypes: FieldTypeTable(TestSupport.catalog.vocabulary.fields)) }
        let serialized = copy.withRoot { String(decoding: $0.serialized(), as: UTF8.self) }
        #expect(serialized == #"{"conversationId":"c","conversationStart":"2026-03-02T14:05:11.123Z","participants":[{"purpose":"customer","attributes":{"my_key":null},"sessions":[{"mediaType":"voice","segments":[{"segmentStart":"2026-03-02T14:05:11.000Z","disconnectType":"endpoint"}]}]}]}"#)
        #expect(renamed["disconnectType"] == "disconnect_type")
        #expect(renamed["participants"] == nil)
    }
}

import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

/// `genesys-lint fix` over the built CLI: the bundled examples and spoiled copies of the real
/// samples (Tests/Fixtures/spoil-for-fix.py), its patch log replayed with an independent JSON
/// Patch implementation (Tests/Fixtures/verify-fix.py, with the `jsonpatch` package).
@Suite("Repairing exports: fix", .tags(.endToEnd))
struct FixEndToEndTests {
    /// The rules whose findings `fix` takes away: the fixed ones and the duplicates.
    static let repairedRules: Set<String> = ["GDQ007", "GDQ106", "GDQ501", "GDQ508"]

    static let samples: [String] = PipelineShapeTests.samples

    @Test("the patch log replays: each patch applied to its source gives the output, and the output draws none of the repaired rules' findings")
    func roundTrip() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let spoiled = try Self.spoil(Self.samples, in: directory)
            let output = directory.appendingPathComponent("repaired.ndjson").path
            let log = directory.appendingPathComponent("patches.ndjson").path
            let run = try CLI.run(["fix"] + spoiled + ["-o", output, "--log", log, "--format", "json"])
            #expect(run.exitCode == 1, "\(run)")  // the bundled problems are not all repairable
            let report = try ParsedReport.parse(run.stdout)
            #expect(report.findings.filter { Self.repairedRules.contains($0.ruleId) }.isEmpty, "\(report.findings.filter { Self.repairedRules.contains($0.ruleId) })")
            // What fix cannot repair stays, and is reported.
            #expect(report.rules["GDQ301"] == 1 && report.rules["GDQ003"] == 1)
            // The truncated line of the bundled problems: left out, and said.
            #expect(report.findings.contains { $0.ruleId == "GDQ001" && $0.file.hasSuffix("jobs-results-2026-03-03.ndjson") })
            #expect(report.unreadableRecords == 1)
            for rule in ["GDQ007", "GDQ106", "GDQ508"] {
                #expect(run.stderr.contains(rule), "the summary names \(rule): \(run.stderr)")
            }
            #expect(run.stderr.contains("Python SDK records (to_dict) in the API's spelling"))

            let replay = try Subprocess(command: ["python3", TestSupport.path("Tests/Fixtures/verify-fix.py"), output, log]).run()
            #expect(replay.status == 0, "\(replay)")
            let counts = try JSONDocument.parse(replay.stdout).get().withRoot { root in
                (root["written"]?.integer ?? 0, root["patches"]?.integer ?? 0, root["dropped"]?.integer ?? 0)
            }
            #expect(counts.0 == Int64(report.conversations))
            #expect(counts.1 > 40)
            #expect(counts.2 > 10)

            // Fixing the output again changes nothing.
            let again = directory.appendingPathComponent("again.ndjson").path
            let secondLog = directory.appendingPathComponent("again-patches.ndjson").path
            _ = try CLI.run(["fix", output, "-o", again, "--log", secondLog])
            #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(contentsOf: URL(fileURLWithPath: output)))
            #expect(try Data(contentsOf: URL(fileURLWithPath: secondLog)).isEmpty)
        }
    }

    @Test("--dry-run writes nothing and says what would change, per rule")
    func dryRun() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let spoiled = try Self.spoil([Self.samples[0]], in: directory)
            let output = directory.appendingPathComponent("repaired.ndjson").path
            let run = try CLI.run(["fix", "--dry-run"] + spoiled + ["-o", output, "--log", directory.appendingPathComponent("log.ndjson").path])
            #expect(run.exitCode == 0, "\(run)")
            // The clean export, its unfinished snapshots and its copy in the SDK's spelling.
            #expect(run.stdout.hasPrefix("Read 62 conversations; would write 30, 30 changed, 32 dropped"), "\(run.stdout)")
            #expect(run.stdout.contains("(dry run: nothing written)"))
            #expect(run.stdout.contains("GDQ106  other-api-disconnect-type-spelling"))
            #expect(run.stdout.contains("GDQ508  conversation-repeated-across-files"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["spoiled"])
        }
    }

    @Test("which copy is kept: the latest activity, the first, or every one but exact copies")
    func deduplication() throws {
        try TestSupport.withTemporaryDirectory { directory in
            // An unfinished copy, then the finished one, then the finished one again.
            let finished = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/real/voice-2024-not-responding-agent.json"), encoding: .utf8)
            let compact = try JSONDocument.parse(finished).get().withRoot { String(decoding: $0.serialized(), as: UTF8.self) }
            let unfinished = try JSONDocument.parse(finished).get().withRoot { String(decoding: $0.serialized(omitting: ["conversationEnd"]), as: UTF8.self) }
            let input = directory.appendingPathComponent("copies.ndjson")
            try [unfinished, compact, compact].joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
            func kept(_ mode: String) throws -> (lines: [String], log: [String]) {
                let output = directory.appendingPathComponent("\(mode).ndjson").path
                let log = directory.appendingPathComponent("\(mode)-log.ndjson").path
                _ = try CLI.run(["fix", input.path, "--dedupe", mode, "-o", output, "--log", log])
                let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
                return (lines, try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init))
            }
            let latest = try kept("latest")
            #expect(latest.lines.count == 1)
            #expect(latest.lines.first?.contains("\"conversationEnd\"") == true)
            #expect(latest.log.count == 2)
            #expect(latest.log.allSatisfy { $0.contains(#""kept":{"file":"\#(input.path)","line":3"#) })
            let first = try kept("first")
            #expect(first.lines.count == 1)
            #expect(first.lines.first?.contains("\"conversationEnd\"") == false)
            let none = try kept("none")
            #expect(none.lines.count == 2)
            #expect(none.log.count == 1)
            #expect(none.log.first?.contains("an exact copy") == true)
        }
    }

    @Test("standard input is read twice through a temporary copy, and named <stdin>")
    func standardInput() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let problems = try Data(contentsOf: URL(fileURLWithPath: TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson")))
            let output = directory.appendingPathComponent("repaired.ndjson").path
            let log = directory.appendingPathComponent("log.ndjson").path
            let run = try CLI.run(["fix", "-", "-o", output, "--log", log, "--format", "json"], stdin: problems)
            #expect(run.exitCode == 1, "\(run)")
            let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.allSatisfy { $0.contains(#""file":"<stdin>""#) })
            #expect(lines.contains { $0.contains(#""rules":["GDQ501"]"#) && $0.contains(#""line":19"#) })
        }
    }

    @Test("--quarantine and --clean split the repaired conversations; a record that could not be read goes to the quarantine as it was")
    func split() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let problems = TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson")
            let path = { (name: String) in directory.appendingPathComponent(name).path }
            let run = try CLI.run(["fix", problems, "-o", path("out.ndjson"), "--quarantine", path("q.ndjson"), "--clean", path("c.ndjson")])
            #expect(run.exitCode == 1, "\(run)")
            let lines = { (name: String) in try String(contentsOfFile: path(name), encoding: .utf8).split(separator: "\n").map(String.init) }
            let output = try lines("out.ndjson"), quarantined = try lines("q.ndjson"), clean = try lines("c.ndjson")
            #expect(output.count == 18)
            #expect(Set(output) == Set(clean).union(quarantined.filter { output.contains($0) }))
            #expect(quarantined.count == 8)  // seven repaired conversations with errors, and the truncated line
            #expect(quarantined.contains { $0.hasPrefix(#"{"conversationId":"c530f875"#) && !output.contains($0) })
        }
    }

    @Test("fix refuses to write over its inputs, and needs -o unless it is a dry run")
    func refusals() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("day.ndjson")
            try FileManager.default.copyItem(atPath: TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson"), toPath: input.path)
            let before = try Data(contentsOf: input)
            let over = try CLI.run(["fix", input.path, "-o", input.path])
            #expect(over.exitCode == 2)
            #expect(over.stderr.contains("is an input too"), "\(over)")
            let inside = try CLI.run(["fix", directory.path, "-o", directory.appendingPathComponent("out.ndjson").path])
            #expect(inside.exitCode == 2)
            #expect(try Data(contentsOf: input) == before)
            let missing = try CLI.run(["fix", input.path])
            #expect(missing.exitCode == 2)
            #expect(missing.stderr.contains("-o repaired.ndjson"), "\(missing)")
        }
    }

    @Test("explain shows a rule's fix, and rules --format json says which rules can fix")
    func explainShowsTheFix() throws {
        let explain = try CLI.run(["explain", "GDQ106"])
        #expect(explain.stdout.contains("Fix (applied by genesys-lint fix)"))
        #expect(explain.stdout.contains("replace /disconnectType = meaning('disconnectTypeOtherApiSpellings', disconnectType)"))
        let listing = try CLI.run(["rules", "--format", "json"])
        #expect(listing.stdout.contains(#""id":"GDQ106","#))
        #expect(listing.stdout.components(separatedBy: #""fixable":true"#).count - 1 == 2)
    }

    /// Spoiled copies of `inputs` (Tests/Fixtures/spoil-for-fix.py), in reading order.
    static func spoil(_ inputs: [String], in directory: URL) throws -> [String] {
        let outcome = try Subprocess(command: ["python3", TestSupport.path("Tests/Fixtures/spoil-for-fix.py"), directory.appendingPathComponent("spoiled").path] + inputs).run()
        try #require(outcome.status == 0, "\(outcome)")
        return outcome.stdout.split(separator: "\n").map(String.init)
    }
}

@Suite("Repairing: patches, timestamps and declared fixes")
struct RepairUnitTests {
    private func patch(_ source: String, _ target: String, renaming: Bool = false) throws -> [String] {
        let from = try JSONDocument.parse(source).get(), to = try JSONDocument.parse(target).get()
        return from.withRoot { a in to.withRoot { b in JSONPatchDiff.operations(from: a, to: b) { renaming ? PythonSDKSpelling.camelCase($0) : nil } } }
    }

    @Test("the patch names each change once: replace, add, remove, a renamed member as a move, an array of another length whole")
    func patches() throws {
        #expect(try patch(#"{"a":1,"b":[1,2]}"#, #"{"a":1,"b":[1,2]}"#).isEmpty)
        #expect(try patch(#"{"a":1,"b":{"c":"x"}}"#, #"{"a":2,"b":{"c":"y"},"d":true}"#) == [
            #"{"op":"replace","path":"/a","value":2}"#, #"{"op":"replace","path":"/b/c","value":"y"}"#, #"{"op":"add","path":"/d","value":true}"#,
        ])
        #expect(try patch(#"{"a~b":1,"c/d":2}"#, #"{"c/d":2}"#) == [#"{"op":"remove","path":"/a~0b"}"#])
        #expect(try patch(#"{"x":[1,2]}"#, #"{"x":[1,2,3]}"#) == [#"{"op":"replace","path":"/x","value":[1,2,3]}"#])
        #expect(try patch(#"{"conversation_id":"c","segment_end":"t"}"#, #"{"conversationId":"c","segmentEnd":"u"}"#, renaming: true) == [
            #"{"op":"move","from":"/conversation_id","path":"/conversationId"}"#,
            #"{"op":"move","from":"/segment_end","path":"/segmentEnd"}"#, #"{"op":"replace","path":"/segmentEnd","value":"u"}"#,
        ])
        #expect(try patch("[1]", #"{"a":1}"#) == [#"{"op":"replace","path":"","value":{"a":1}}"#])
    }

    @Test("a deeply nested change is replaced whole below the depth limit rather than walked",
          arguments: [JSONPatchDiff.maximumDepth + 5])
    func deepChange(depth: Int) throws {
        let source = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        let target = String(repeating: #"{"a":"#, count: depth) + "2" + String(repeating: "}", count: depth)
        let operations = try patch(source, target)
        #expect(operations.count == 1)
        #expect(operations.first?.hasPrefix(#"{"op":"replace","path":"/a/a"#) == true)
    }

    @Test("a place in the inputs is kept as numbers and read back as it was",
          arguments: ["", "/conversations/12", "/12", "/record", "/record/data", "/conversations/007", "/a/-1", "/conversations/2147483648"])
    func places(pointer: String) {
        var table = PlaceTable()
        let source = RecordSource(file: "day.ndjson", line: 4, column: 7, pointer: pointer)
        let place = table.place(of: source)
        #expect(table.source(of: place) == source)
    }

    @Test("a timestamp is rewritten only when its instant is exact",
          arguments: [
              ("2021-04-2T12:27:53.386Z", "2021-04-02T12:27:53.386Z"),
              ("2026-03-02T16:05:11.123+02:00", "2026-03-02T14:05:11.123Z"),
              ("2026-03-02T10:00:00.00Z", "2026-03-02T10:00:00.000Z"),
              ("2026-03-02T10:00:00.123000Z", "2026-03-02T10:00:00.123Z"),
              ("2026-03-02 10:00:00Z", "2026-03-02T10:00:00.000Z"),
              ("2026-03-02T10:00:00.1234Z", nil),  // below the millisecond
              ("2016-12-31T23:59:60.000Z", nil),  // a leap second
              ("2026-03-02T10:00:00.123Z", nil),  // already documented
              ("2026-03-02T10:00:00Z", nil),  // documented without a fraction
              ("yesterday", nil),
          ] as [(String, String?)])
    func timestamps(text: String, expected: String?) {
        #expect(Timestamp.documentedForm(ofExactInstant: text) == expected)
    }

    @Test("a declared fix is checked as it is loaded", arguments: [
        (#""fix": {"description": "d", "normalize": "timestamps"},"#, "\"normalize\" is the fix of a reader rule"),
        (#""fix": {"description": "d", "patch": [{"op": "replace", "path": "disconnectType", "value": "'x'"}]},"#, "starting with '/'"),
        (#""fix": {"description": "d", "patch": [{"op": "remove", "path": "/a", "value": "'x'"}]},"#, "a remove operation takes no \"value\""),
        (#""fix": {"description": "d", "patch": [{"op": "add", "path": "/a"}]},"#, "an add operation needs a \"value\""),
        (#""fix": {"description": "d", "patch": [{"op": "replace", "path": "/a", "value": "meaning('purpose', x)"}]},"#, "has no \"means\" map"),
        (#""fix": {"description": "d", "patch": [{"op": "move", "path": "/a"}]},"#, "\"op\""),
        (#""fix": {"patch": [{"op": "remove", "path": "/a"}]},"#, "\"description\""),
    ])
    func fixDeclarationErrors(fix: String, message: String) throws {
        let text = Self.ruleText(extra: fix)
        let error = caught { () throws(SourceFileError) in
            _ = try RuleLoader.loadRule(JSONSourceFile(path: "rules/x.json", bytes: Array(text.utf8)), vocabulary: TestSupport.catalog.vocabulary, isBuiltIn: false)
        }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test("a rule's example whose fixed output the fix does not write fails the examples test")
    func wrongFixedOutput() throws {
        let fix = #""fix": {"description": "d", "patch": [{"op": "replace", "path": "/disconnectType", "value": "'endpoint'"}]},"#
        for (fixed, fails) in [("endpoint", false), ("client", true)] {
            let text = Self.ruleText(extra: fix, fixed: fixed)
            var sources = EmbeddedRules.files.map { RuleSource.builtIn($0, withExamples: true) }
            sources.append(RuleSource(file: JSONSourceFile(path: "rules/x.json", bytes: Array(text.utf8)), isBuiltIn: false))
            let catalog = try RuleCatalog.load(sources)
            let rule = try #require(catalog.rules.first { $0.id == "ACME001" })
            let failures = RuleExampleRunner.failures(of: rule, in: catalog)
            #expect(failures.isEmpty == !fails, "\(failures.map(\.description))")
            if fails { #expect(failures.first?.description.contains("not the example's \"fixed\" conversation") == true) }
        }
    }

    private static func ruleText(extra: String, fixed: String? = nil) -> String {
        let conversation = { (value: String) in #"{"conversationId": "c", "participants": [{"sessions": [{"segments": [{"disconnectType": "\#(value)"}]}]}]}"# }
        return """
        {
          "id": "ACME001", "name": "spam-anywhere", "severity": "warning", "confidence": "heuristic", "scope": "segment",
          "condition": "disconnectType == 'spam'", "at": "disconnectType", \(extra)
          "message": "spam", "documentation": {"whatItChecks": "a", "whyItMatters": "b", "whatToDo": "c"},
          "examples": {
            "fire": [{"input": \(conversation("spam")), "findings": ["/participants/0/sessions/0/segments/0/disconnectType"]\(fixed.map { #", "fixed": \#(conversation($0))"# } ?? "")}],
            "pass": [{"input": \(conversation("endpoint"))}]
          }
        }
        """
    }
}

import Foundation
import GenesysJSON
import Testing
#if canImport(Glibc)
import Glibc
#endif

// The promises of the README's "Bad input and bad conditions" section, each tested against the
// built executable with inputs generated here: no crash, no runaway time or memory, no silent
// pass, no half-written output.

private func findings(_ result: CLIResult) throws -> [(ruleId: String, message: String)] {
    let document = try JSONDocument.parse(result.stdout).get()
    return document.withRoot { root in
        guard let findings = root["findings"] else { return [] }
        return findings.elements.map { ($0["ruleId"]?.string ?? "", $0["message"]?.string ?? "") }
    }
}

/// A conversation whose `session` JSON text is repeated `count` times in one participant.
private func forgedConversation(sessions count: Int, session: String) -> String {
    #"{"conversationId":"forged","conversationStart":"2026-03-02T10:00:00.000Z","conversationEnd":"2026-03-02T10:05:00.000Z","participants":[{"participantId":"p1","purpose":"customer","sessions":["#
        + Array(repeating: session, count: count).joined(separator: ",") + "]}]}\n"
}

@Suite("Hostile input and hostile conditions", .tags(.endToEnd))
struct HostileConditionTests {
    @Test("quadratic shapes are bounded: 50,000 sessions or metrics are reported as too complex", .tags(.slow), arguments: [
        ("sessions with ids", #"{"mediaType":"voice","sessionId":"s","segments":[{"segmentType":"interact","segmentStart":"2026-03-02T10:00:00.000Z","segmentEnd":"2026-03-02T10:01:00.000Z"}]}"#),
        ("tHandle metrics", #"{"mediaType":"voice","sessionId":"s1","metrics":[{"name":"tHandle","value":5},{"name":"tHandle","value":5},{"name":"tHandle","value":5},{"name":"tHandle","value":5},{"name":"tHandle","value":5},{"name":"tHandle","value":5},{"name":"tHandle","value":5},{"name":"tHandle","value":5},{"name":"tHandle","value":5},{"name":"tHandle","value":5}]}"#),
    ])
    func quadraticShapes(name: String, session: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("forged.ndjson")
        let count = name.hasPrefix("tHandle") ? 5_000 : 50_000
        // Followed by an ordinary conversation, which must still be checked.
        let ordinary = try String(contentsOfFile: TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson"), encoding: .utf8).split(separator: "\n")[1]
        try (forgedConversation(sessions: count, session: session) + ordinary + "\n").write(to: file, atomically: true, encoding: .utf8)
        // A lower limit than the default keeps this quick in sanitizer builds too; the cubic
        // rule below meets the default one.
        let config = directory.appendingPathComponent("config.json")
        try #"{"maxConversationSteps": 2000000}"#.write(to: config, atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "--format", "json", "--config", config.path, file.path])
        #expect(result.exitCode == 1, "\(name): \(result)")
        let reported = try findings(result)
        #expect(reported.contains { $0.ruleId == "GDQ008" && $0.message.contains("stopped at") }, "\(name): \(reported.map(\.ruleId))")
        #expect(reported.contains { $0.ruleId == "GDQ301" }, "the conversation after the forged one was not checked")
    }

    @Test("an enormous string and an enormous array are read and checked, not a crash")
    func enormousValues() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("enormous.ndjson")
        let name = String(repeating: "x", count: 16 << 20)
        let divisions = Array(repeating: #""d""#, count: 1_000_000).joined(separator: ",")
        let text = #"{"conversationId":"big-string","participants":[{"purpose":"customer","participantName":""# + name + #"","sessions":[]}]}"# + "\n"
            + #"{"conversationId":"big-array","divisionIds":["# + divisions + #"],"participants":[]}"# + "\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "--format", "json", "--no-config", file.path])
        #expect(result.exitCode == 0 || result.exitCode == 1, "\(result)")
        let document = try JSONDocument.parse(result.stdout).get()
        #expect(document.withRoot { $0["summary"]?["conversations"]?.integer } == 2)
    }

    @Test("NUL characters in strings are read, and reach no report raw")
    func nulInStrings() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("nul.json")
        try #"{"conversationId":"a\u0000b","participants":[{"purpose":"\u0000customer","sessions":[]}]}"#.write(to: file, atomically: true, encoding: .utf8)
        for format in ["text", "json", "sarif", "junit", "github", "ndjson"] {
            let result = try CLI.run(["check", "--format", format, "--no-config", file.path])
            #expect(result.exitCode == 1, "\(format): \(result)")
            #expect(!result.stdoutData.contains(0), "\(format) wrote a raw NUL byte")
        }
    }

    @Test("a NUL byte outside a string is named, not called a truncation")
    func nulOutsideStrings() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("nul.ndjson")
        try Data(#"{"conversationId":"a","participants":[]}"#.utf8 + [0x0A, 0x00, 0x01] + Array(#"garbage"#.utf8)).write(to: file)
        let result = try CLI.run(["check", "--format", "json", "--select", "GDQ0", "--no-config", file.path])
        let reported = try findings(result)
        #expect(reported.contains { $0.ruleId == "GDQ001" && $0.message.contains("NUL") && !$0.message.contains("truncated") }, "\(reported)")
    }

    @Test("a folder of 3,000 files is checked file by file", .tags(.slow))
    func thousandsOfFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let conversation = #"{"conversationId":"c","participants":[]}"#
        for index in 0..<3_000 {
            try conversation.replacingOccurrences(of: "\"c\"", with: "\"c\(index)\"").write(to: directory.appendingPathComponent("conversation-\(index).json"), atomically: false, encoding: .utf8)
        }
        let result = try CLI.run(["check", "--format", "json", "--select", "GDQ501", "--no-config", directory.path])
        #expect(result.exitCode == 0, "\(result)")
        let document = try JSONDocument.parse(result.stdout).get()
        #expect(document.withRoot { $0["summary"]?["files"]?.integer } == 3_000)
    }

    @Test("an input that fails while it is read: exit 2 naming it, the other inputs still checked")
    func unreadableInput() throws {
        // /proc/self/mem opens, then every read fails, as a file on a failing disk or a vanished
        // network share would.
        let result = try CLI.run(["check", "--format", "json", "--no-config", "Examples/exports/problems/jobs-results-2026-03-03.ndjson", "/proc/self/mem", "Examples/exports/clean"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("/proc/self/mem: cannot be read (Input/output error)"), "\(result)")
        let document = try JSONDocument.parse(result.stdout).get()
        #expect(document.withRoot { $0["summary"]?["conversations"]?.integer } == 49, "\(result)")
        #expect(try findings(result).contains { $0.ruleId == "GDQ301" }, "\(result)")
    }

    @Test("standard input closed at once, or cut inside a record, is said to be so")
    func standardInputClosedEarly() throws {
        let empty = try CLI.run(["check", "--format", "json", "--no-config", "-"], stdin: Data())
        #expect(empty.exitCode == 1, "\(empty)")
        #expect(try findings(empty).contains { $0.ruleId == "GDQ004" && $0.message.contains("empty") })
        let cut = try CLI.run(["check", "--format", "json", "--no-config", "-"], stdin: Data(#"{"conversationId":"a","partici"#.utf8))
        #expect(cut.exitCode == 1, "\(cut)")
        #expect(try findings(cut).contains { $0.ruleId == "GDQ001" && $0.message.contains("truncated") })
    }

    @Test("| head ends the run quietly")
    func brokenPipe() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let problems = try String(contentsOfFile: TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson"), encoding: .utf8)
        let file = directory.appendingPathComponent("many.ndjson")
        try String(repeating: problems, count: 50).write(to: file, atomically: true, encoding: .utf8)
        let binary = try #require(CLI.executable).path
        let result = try Shell.run(["bash", "-c", "'\(binary)' check --no-config --color never '\(file.path)' | head -1; echo \"status=${PIPESTATUS[0]}\""])
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        // 141 is 128 + SIGPIPE: the conventional quiet end, as `cat` and `grep` have it (here
        // SIGPIPE is ignored, as the test process ignores it: the closed pipe is found by writing).
        #expect(result.stdout.hasSuffix("status=141\n"), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").count == 2)
    }

    @Test("a full disk is exit 2 with the reason, for the report, the quarantine and standard output")
    func fullDisk() throws {
        for arguments in [["-o", "/dev/full"], ["--quarantine", "/dev/full"], ["--format", "json=/dev/full"]] {
            let result = try CLI.run(["check", "--no-config"] + arguments + ["Examples/exports"])
            #expect(result.exitCode == 2, "\(arguments): \(result)")
            #expect(result.stderr.contains("No space left on device"), "\(arguments): \(result)")
        }
        let binary = try #require(CLI.executable).path
        let redirected = try Shell.run(["bash", "-c", "'\(binary)' check --no-config Examples/exports > /dev/full; echo \"status=$?\""])
        #expect(redirected.stdout == "status=2\n", "\(redirected.stdout) \(redirected.stderr)")
        #expect(redirected.stderr.contains("No space left on device"), "\(redirected.stderr)")
    }

    @Test("an interrupted run leaves neither the report nor its temporary file")
    func interruptedRun() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("report.json")
        let check = try CLI.subprocess(["check", "--no-config", "--format", "json", "-o", report.path, "--quarantine", directory.appendingPathComponent("q.ndjson").path, "-"])
        for signal in [SIGTERM, SIGINT] {
            let watch = try DirectoryWatch(directory)
            let running = try check.start(input: .open, handsOverErrors: true)
            let input = try #require(running.input), errors = try #require(running.errors)
            // Half a conversation, then the run waits for more, with its two outputs open: the
            // signal comes once both temporary files exist (or the run has ended, wrongly).
            input.write(Data(#"{"conversationId":"a","#.utf8))
            let created = try watch.waitForCreations(2, orEndOf: errors.fileDescriptor)
            #expect(created.count == 2, "the run ended before opening its outputs: \(created)")
            kill(running.processIdentifier, signal)
            let result = running.wait()
            try input.close()
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "left behind after signal \(signal) (created: \(created))")
            #expect(result.termination == .signal(signal) || result.status == 128 + signal)
        }
    }

    @Test("the fuzz corpus and every crasher found so far replay without a crash or a broken promise", .tags(.slow))
    func fuzzCorpus() throws {
        let replayer = try #require(CLI.executable).deletingLastPathComponent().appendingPathComponent("genesys-lint-fuzz")
        let result = try Shell.run([replayer.path, "Fuzz/corpus"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        // Each crasher against every promise, whichever its hash chooses.
        let crashers = try Shell.run([replayer.path, "--every-promise", "Fuzz/crashers"])
        #expect(crashers.status == 0, "\(crashers.stdout)\n\(crashers.stderr)")
        let corpus = try FileManager.default.contentsOfDirectory(atPath: TestSupport.path("Fuzz/corpus")).filter { !$0.hasPrefix(".") }
        #expect(corpus.count >= 10)
        #expect(result.stdout.contains("replayed"), "\(result.stdout)")
    }

    @Test("a user's rule that does cubic work is stopped by the budget, not left to run for hours")
    func costlyUserRule() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let example: [String: Any] = ["conversationId": "c1", "participants": [["purpose": "customer", "sessions": [["mediaType": "voice", "segments": [["segmentType": "interact"]]]]]]]
        let rule: [String: Any] = [
            "id": "ACME901", "name": "triple-loop", "severity": "info", "confidence": "heuristic", "scope": "segment",
            "condition": "not any(conversation.segments, any(conversation.segments, segmentType == 'never'))",
            "message": "costly", "documentation": ["whatItChecks": "Nothing useful.", "whyItMatters": "A test.", "whatToDo": "Nothing."],
            "examples": ["fire": [["description": "one segment", "input": example, "findings": ["/participants/0/sessions/0/segments/0"]]],
                         "pass": [["description": "no segments", "input": ["conversationId": "c2", "participants": []]]]],
        ]
        try JSONSerialization.data(withJSONObject: rule).write(to: rules.appendingPathComponent("ACME901-triple-loop.json"))
        // 2,000 segments: the rule would visit 2,000³ segments.
        let segments = (0..<2_000).map { #"{"segmentType":"t\#($0)"}"# }.joined(separator: ",")
        let file = directory.appendingPathComponent("wide.json")
        try (#"{"conversationId":"wide","participants":[{"purpose":"customer","sessions":[{"mediaType":"voice","segments":["# + segments + "]}]}]}").write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "--format", "json", "--no-config", "--rules", rules.path, "--select", "ACME901,GDQ008", file.path])
        #expect(result.exitCode == 1, "\(result)")
        let reported = try findings(result)
        #expect(reported.contains { $0.ruleId == "GDQ008" && $0.message.contains("stopped at ACME901") }, "\(reported.prefix(3))")
    }
}

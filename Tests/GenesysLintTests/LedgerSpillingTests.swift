import Foundation
import Testing
@testable import GenesysLint
#if canImport(Glibc)
import Glibc
#endif

/// The uniqueness ledger writes its table to disk past its memory bound and looks values up
/// there at once, so a run that spills reports exactly what one that never does reports, in
/// the same order; its temporary files have no name, so nothing is ever left behind.
@Suite(.tags(.endToEnd)) struct LedgerSpillingTests {
    /// The smallest bound: the table spills after a few dozen values.
    static let tiny = LedgerSpilling(memoryBound: 0)

    @Test func aLedgerThatSpillsAnswersAsOneThatNeverDoes() {
        var spilling = UniquenessLedger(spilling: Self.tiny)
        var inMemory = UniquenessLedger(spilling: LedgerSpilling(memoryBound: 1 << 30))
        // UUIDs (the nil one among them), malformed ids and two key groups, over four files,
        // each value seen up to four times in a shuffled but repeatable order.
        var keys = (0..<3_000).map { Value.string(UUIDBits(high: UInt64($0) &* 0x9E37_79B9_7F4A_7C15, low: UInt64($0) >> 1).text).identityKey }
        keys += ["string:not-a-uuid", "string:0B7E2C1A-3F4D-4E5F-8A9B-0C1D2E3F4A5B", "number:12"]
        var generator = SplitMix(seed: 7)
        var sightings: [(group: Int, key: String)] = []
        for _ in 0..<4 { sightings += keys.map { (Int(generator.next() % 2), $0) } }
        sightings.shuffle(using: &generator)
        for (index, sighting) in sightings.enumerated() {
            let file = "day-\(index / 3_000).ndjson"
            let lastSeenIn = index % 97 == 0 ? "elsewhere.ndjson" : nil
            let place = TextPosition(line: index + 1, column: index % 5 + 1)
            let copy = CopyCompleteness(hasEnded: index % 2 == 0, segments: index % 7, latestActivity: Int64(index))
            let expected = inMemory.sight(group: sighting.group, key: sighting.key, file: file, place: place, copy: copy, lastSeenIn: lastSeenIn)
            let answered = spilling.sight(group: sighting.group, key: sighting.key, file: file, place: place, copy: copy, lastSeenIn: lastSeenIn)
            #expect(answered == expected, "sighting \(index) of \(sighting.key)")
        }
        for group in 0..<2 {
            for key in keys {
                #expect(spilling.lastFile(group: group, key: key) == inMemory.lastFile(group: group, key: key))
                #expect(spilling.earlier(group: group, key: key) == inMemory.earlier(group: group, key: key))
            }
        }
        #expect(inMemory.spills == 0)
        #expect(spilling.spills > 20)
        // Runs are merged as they pile up: a look-up reads only a few.
        #expect(spilling.runs < 2 * 12)
        #expect(spilling.usesDisk)
        #expect(spilling.keysKeptAsText == inMemory.keysKeptAsText)
    }

    @Test func aRunThatSpillsReportsTheSameFindingsInTheSameOrderOnRealExports() throws {
        // The real and example exports, their conversations copied under other ids, read over
        // two "days" that overlap: repeats within a file, across files, of malformed ids, and
        // of values whose first sighting is on disk by the time they come again.
        let sources = [
            "Tests/Fixtures/faults.ndjson", "Tests/Fixtures/documented-shapes.ndjson",
            "Examples/exports/problems/jobs-results-2026-03-03.ndjson", "Examples/exports/clean/query-response-2026-03-02.json",
            "Tests/Fixtures/real/voice-2024-not-responding-agent.json", "Tests/Fixtures/real/webmessaging-2024-blind-transfers.json",
        ]
        let texts = try sources.map { try String(contentsOfFile: TestSupport.path($0), encoding: .utf8) }
        var inputs: [(name: String, bytes: [UInt8])] = []
        for (day, copies) in [(1, 0..<3), (2, 2..<5)] {
            for copy in copies {
                for (source, text) in zip(sources, texts) {
                    inputs.append(("day-\(day)/copy-\(copy)/\(source)", Array(Self.renumbered(text, copy: copy).utf8)))
                }
            }
        }
        var configuration = Configuration()
        configuration.asOf = Timestamp.milliseconds(from: "2026-03-10T00:00:00Z")
        let linter = Linter(catalog: TestSupport.catalog, configuration: configuration)
        func findings(spilling: LedgerSpilling) -> (findings: [String], summary: String, spills: Int) {
            var run = LintRun(linter: linter, jobs: 2)
            run.ledgerSpilling = spilling
            var findings: [String] = []
            let result = run.run(texts: inputs) { findings.append("\($0)") }
            let summary = "\(result.summary.findingsByRule.sorted { $0.key < $1.key }) \(result.summary.affectedByRule.sorted { $0.key < $1.key }) \(result.summary.conversations)"
            return (findings, summary, result.ledgerSpills)
        }
        let inMemory = findings(spilling: LedgerSpilling(memoryBound: 1 << 30))
        let spilled = findings(spilling: Self.tiny)
        #expect(inMemory.spills == 0)
        #expect(spilled.spills > 10)
        #expect(inMemory.findings.filter { $0.contains("GDQ501") }.count > 5)
        #expect(inMemory.findings.filter { $0.contains("GDQ508") }.count > 100)
        #expect(spilled.findings.count == inMemory.findings.count)
        #expect(spilled.findings == inMemory.findings)
        #expect(spilled.summary == inMemory.summary)
    }

    @Test func theBoundIsReadFromTheEnvironmentsSpelling() {
        #expect(LedgerSpilling.bytes(in: "67108864") == 64 << 20)
        #expect(LedgerSpilling.bytes(in: "64M") == 64 << 20)
        #expect(LedgerSpilling.bytes(in: " 2 GiB ") == 2 << 30)
        #expect(LedgerSpilling.bytes(in: "16k") == 16 << 10)
        #expect(LedgerSpilling.bytes(in: "lots") == nil)
        #expect(LedgerSpilling.bytes(in: "-5M") == nil)
        #expect(LedgerSpilling(memoryBound: 1).memoryBound == LedgerSpilling.minimumBound)
    }

    @Test("check with a tiny ledger bound prints the same report, and leaves no file in TMPDIR")
    func commandLineSpillsAndLeavesNothing() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["check", "--no-config", "--format", "json", "--as-of", "2026-03-10T00:00:00Z", "Examples/exports", "Tests/Fixtures/faults.ndjson", "Tests/Fixtures/faults.ndjson"]
        let inMemory = try CLI.run(arguments)
        var small = try CLI.subprocess(arguments)
        small.environment["GENESYS_LINT_LEDGER_MEMORY"] = "16K"
        small.environment["TMPDIR"] = directory.path
        let spilled = CLIResult(arguments: arguments, try small.run())
        #expect(inMemory.exitCode == 1, "\(inMemory)")
        #expect(spilled.exitCode == inMemory.exitCode, "\(spilled)")
        #expect(spilled.stdout == inMemory.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("a bound that cannot be read is refused with what to write instead")
    func unreadableBound() throws {
        var check = try CLI.subprocess(["check", "--no-config", "Examples/exports"])
        check.environment["GENESYS_LINT_LEDGER_MEMORY"] = "lots"
        let result = CLIResult(arguments: check.arguments, try check.run())
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("GENESYS_LINT_LEDGER_MEMORY must be a number of bytes, or a number with K, M or G such as 64M (it is \"lots\")"), "\(result.stderr)")
    }

    @Test("an interrupted run that has spilled leaves nothing in TMPDIR")
    func interruptedSpillingRun() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var check = try CLI.subprocess(["check", "--no-config", "--format", "json", "-o", "/dev/null", "-"])
        check.environment["GENESYS_LINT_LEDGER_MEMORY"] = "16K"
        check.environment["TMPDIR"] = directory.path
        let lines = (0..<4_000).map { index in
            #"{"conversationId":"\#(UUIDBits(high: UInt64(index) &* 0x9E37_79B9_7F4A_7C15, low: UInt64(index)).text)","conversationStart":"2026-03-02T23:50:00.000Z","participants":[]}"#
        }
        let batch = Data((lines.joined(separator: "\n") + "\n").utf8)
        for signal in [SIGTERM, SIGINT] {
            let running = try check.start(input: .open)
            let input = try #require(running.input)
            input.write(batch)
            // The signal comes once the ledger has a file in the directory (its records, then
            // its runs), the input still open. Its files have no name, so no directory event
            // announces them: the wait looks at the process's open files for as long as it takes,
            // and ends early only if the process does.
            while !Self.hasOpenFile(in: directory.path, process: running.processIdentifier), running.process.isRunning {
                usleep(10_000)
            }
            #expect(Self.hasOpenFile(in: directory.path, process: running.processIdentifier), "the run never wrote its ledger to disk")
            kill(running.processIdentifier, signal)
            let result = running.wait()
            try? input.close()
            #expect(result.termination == .signal(signal) || result.status == 128 + signal)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "left behind after signal \(signal)")
        }
    }

    /// Whether the process has a file of `directory` open (an unnamed one shows as deleted).
    static func hasOpenFile(in directory: String, process: Int32) -> Bool {
        let descriptors = "/proc/\(process)/fd"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: descriptors) else { return false }
        return entries.contains { entry in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(descriptors)/\(entry)"))?.hasPrefix(directory + "/") == true
        }
    }

    /// `text` with each conversationId's first four hex digits replaced by `copy`'s: the same
    /// conversations under other ids, still UUIDs (and malformed ids as they were).
    static func renumbered(_ text: String, copy: Int) -> String {
        let digits = String(copy, radix: 16)
        let prefix = String(repeating: "0", count: 4 - digits.count) + digits
        return text.replacing(/("conversationId"\s*:\s*")[0-9a-f]{4}([0-9a-f]{4}-)/) { match in
            "\(match.output.1)\(prefix)\(match.output.2)"
        }
    }
}

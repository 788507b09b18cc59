import Foundation
import GRDB
import GenesysJSON
import Synchronization
import Testing
@testable import GenesysLint
@testable import GenesysLintHistory
#if canImport(Glibc)
import Glibc
#endif

// End-to-end tests of the run history: the built genesys-lint recording runs in real SQLite
// files, judging drift against prepared histories, refusing files it must not touch, and the
// `history` command reading them back.

/// Exports made for these tests: clean conversations of the bundled example, and conversations
/// GDQ201 reports (a queue visit counted as abandoned that a `client` disconnect ended), each
/// under an id of its own so that no other rule fires.
private enum HistoryExports {
    /// The 30 clean conversations of the bundled example, one compact JSON text each.
    static let cleanConversations: [String] = {
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: TestSupport.path("Examples/exports/clean/query-response-2026-03-02.json")))) ?? Data()
        guard case .success(let document) = JSONDocument.parse([UInt8](bytes)) else { return [] }
        return document.withRoot { root in
            (root["conversations"]?.elements).map { Array($0).map { String(decoding: $0.serialized(), as: UTF8.self) } } ?? []
        }
    }()

    /// The conversation of the problems example that GDQ201 reports, and nothing else.
    static let abandonedConversation: String = {
        let text = (try? String(contentsOfFile: TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson"), encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count > 5 ? String(lines[5]) : ""
    }()

    /// The id a conversation's text carries.
    static func conversationId(of text: String) -> String? {
        guard case .success(let document) = JSONDocument.parse(Array(text.utf8)) else { return nil }
        return document.withRoot { $0["conversationId"]?.string }
    }

    /// NDJSON of `clean` clean conversations and `abandoned` ones GDQ201 reports; `series` keeps
    /// the ids of different exports apart.
    static func ndjson(clean: Int, abandoned: Int, series: Int) -> String {
        var lines: [String] = []
        let sources = (0..<clean).map { cleanConversations[$0 % cleanConversations.count] } + Array(repeating: abandonedConversation, count: abandoned)
        for (index, text) in sources.enumerated() {
            guard let id = conversationId(of: text) else { continue }
            let digits = String(series * 1_000_000 + index)
            let newId = "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits
            lines.append(text.replacingOccurrences(of: id, with: newId))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func write(clean: Int, abandoned: Int, series: Int, to url: URL) throws {
        try ndjson(clean: clean, abandoned: abandoned, series: series).write(to: url, atomically: true, encoding: .utf8)
    }
}

/// The fingerprint of the built-in rules with default settings, as the CLI computes it for a
/// configuration that sets only history and drift.
private let defaultRulesHash = RulesFingerprint.of(Linter(catalog: TestSupport.catalog, configuration: Configuration()), vocabulary: TestSupport.catalog.vocabulary)

/// A history of `runs` daily runs in January 2026, each of 1,000 conversations with
/// `affected(day)` of them affected by GDQ201, made with the default rules.
private func prepareHistory(at path: String, runs: Int, affected: (Int) -> Int) throws {
    let store = try HistoryStore.open(path)
    for day in 0..<runs {
        try store.record(RunRecord(
            startedAt: 1_767_247_200_000 + Int64(day) * 86_400_000, rulesHash: defaultRulesHash, command: .check, conversations: 1000,
            rules: ["GDQ201": .init(findings: affected(day), conversations: affected(day)), "GDQ301": .zero]
        ))
    }
}

/// A configuration with drift settings, in `directory`.
private func driftConfig(in directory: URL, _ drift: String = #"{"*": {"factor": 3, "runs": 14, "minConversations": 200}}"#) throws -> String {
    let path = directory.appendingPathComponent("lint.json").path
    try #"{"drift": \#(drift)}"#.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The runs of a history as `genesys-lint history --format json` lists them.
private func listedRuns(_ history: String, _ options: [String] = []) throws -> (result: CLIResult, runs: [[String: Any]]) {
    let result = try CLI.run(["history", history, "--format", "json"] + options)
    guard case .success(let document) = JSONDocument.parse(Array(result.stdoutData)) else { return (result, []) }
    let runs: [[String: Any]] = document.withRoot { root in
        (root["runs"]?.elements).map { elements in
            Array(elements).map { run in
                var rules: [String: [String: Double]] = [:]
                run["rules"]?.forEachMember { id, counts in
                    rules[id] = ["findings": counts["findings"]?.number ?? -1, "conversations": counts["conversations"]?.number ?? -1, "rate": counts["rate"]?.number ?? -1]
                }
                return ["startedAt": run["startedAt"]?.string ?? "", "conversations": run["conversations"]?.integer ?? -1,
                        "command": run["command"]?.string ?? "", "rules": rules, "rulesHash": run["rulesHash"]?.string ?? ""] as [String: Any]
            }
        } ?? []
    }
    return (result, runs)
}

private func fileBytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}

/// Opens `fifo` for writing once `process` opens it for reading, which it does only after it has
/// opened its history; nil when the process ended first (its output then says why). Waits on
/// those two events only: the open returning, or the process ending.
private func openWhenRead(_ fifo: String, by process: Subprocess.Running) -> FileHandle? {
    let state = Mutex((opened: false, ended: false))
    let watcher = DispatchGroup()
    watcher.enter()
    DispatchQueue.global().async {
        process.process.waitUntilExit()
        let stillBlocked = state.withLock { state in
            state.ended = true
            return !state.opened
        }
        // Release the open below with a reader of our own: nobody else will come.
        if stillBlocked {
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            if reader >= 0 { close(reader) }
        }
        watcher.leave()
    }
    let descriptor = open(fifo, O_WRONLY)
    let ended = state.withLock { state in
        state.opened = true
        return state.ended
    }
    guard descriptor >= 0, !ended else {
        if descriptor >= 0 { close(descriptor) }
        watcher.wait()
        return nil
    }
    return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
}

@Suite("End to end: the run history", .tags(.endToEnd))
struct HistoryEndToEndTests {
    @Test("check --history records each run, and `history` reads them back, oldest first")
    func recordsRuns() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let history = directory.appendingPathComponent("history.sqlite").path
            let first = try CLI.run(["check", "--history", history, "Examples/exports"])
            #expect(first.exitCode == 1, "\(first)")
            #expect(first.stdout.contains("History \(history): 0 comparable runs before this one; no drift settings."), "\(first)")
            let export = directory.appendingPathComponent("day.ndjson")
            try HistoryExports.write(clean: 40, abandoned: 2, series: 1, to: export)
            let second = try CLI.run(["check", "--history", history, export.path])
            #expect(second.exitCode == 0, "\(second)")
            #expect(second.stdout.contains("History \(history): 1 comparable run before this one; no drift settings."), "\(second)")

            let (listing, runs) = try listedRuns(history)
            #expect(listing.exitCode == 0, "\(listing)")
            #expect(runs.count == 2)
            #expect(runs.map { $0["conversations"] as? Int64 } == [49, 42])
            let rules = runs.map { $0["rules"] as? [String: [String: Double]] ?? [:] }
            #expect(rules[0]["GDQ201"] == ["findings": 1, "conversations": 1, "rate": 0.020408])
            #expect(rules[1]["GDQ201"] == ["findings": 2, "conversations": 2, "rate": 0.047619])
            #expect(rules[1]["GDQ301"] == ["findings": 0, "conversations": 0, "rate": 0])
            // The CLI's fingerprint of the default rules is the one computed here: prepared
            // histories below are comparable with its runs.
            #expect(runs.allSatisfy { $0["rulesHash"] as? String == defaultRulesHash })
            let started = runs.compactMap { $0["startedAt"] as? String }
            #expect(started.count == 2 && started[0] <= started[1])

            // Only counts: no conversation id, name or message of the data is in the file.
            let stored = try fileBytes(history) + ((try? fileBytes(history + "-wal")) ?? Data())
            for secret in ["e2c4771a-7308-4f3d-8390-3f6bf65634a7", "00000000-0000-4000-8000-000001000000", "MENDES", "tel:+1", "spam' disconnect"] {
                #expect(stored.range(of: Data(secret.utf8)) == nil, "\(secret) is in the history")
            }
        }
    }

    @Test("history: --rule and CSV, --media, --since and --until, --prune")
    func historyCommand() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let history = directory.appendingPathComponent("h.sqlite").path
            try prepareHistory(at: history, runs: 5, affected: { $0 + 1 })
            let export = directory.appendingPathComponent("day.ndjson")
            try HistoryExports.write(clean: 30, abandoned: 3, series: 2, to: export)
            #expect(try CLI.run(["check", "--history", history, export.path]).exitCode == 0)

            let csv = try CLI.run(["history", history, "--rule", "GDQ201", "--format", "csv"])
            let lines = csv.stdout.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "run,startedAt,rulesHash,toolVersion,command,media,conversations,ruleId,findings,affectedConversations,rate,drift", "\(csv)")
            #expect(lines.count == 7, "\(csv)")
            #expect(lines[1].hasPrefix("1,2026-01-01T06:00:00.000Z,\(defaultRulesHash),0.1.0,check,,1000,GDQ201,1,1,0.001,"), "\(csv)")
            #expect(lines[6].contains(",33,GDQ201,3,3,0.090909,"), "\(csv)")

            // The prepared runs have no split by media type; the recorded one does.
            let voice = try CLI.run(["history", history, "--media", "voice"])
            #expect(voice.exitCode == 0, "\(voice)")
            #expect(voice.stdout.contains("5 runs recorded before runs were split by media type are left out."), "\(voice)")
            #expect(voice.stdout.contains("(voice conversations only)"), "\(voice)")

            let window = try listedRuns(history, ["--since", "2026-01-02", "--until", "2026-01-03"])
            #expect(window.runs.compactMap { $0["startedAt"] as? String } == ["2026-01-02T06:00:00.000Z", "2026-01-03T06:00:00.000Z"], "\(window.result)")

            let prune = try CLI.run(["history", history, "--prune", "2"])
            #expect(prune.exitCode == 0, "\(prune)")
            #expect(prune.stdout == "\(history): deleted 4 runs; the last 2 (at most) are kept.\n")
            #expect(try listedRuns(history).runs.count == 2)

            let missing = try CLI.run(["history", directory.appendingPathComponent("none.sqlite").path])
            #expect(missing.exitCode == 2)
            #expect(missing.stderr.contains("none.sqlite: no run history there"), "\(missing)")
        }
    }

    @Test("two processes recording in the same new history at once: both runs are kept")
    func twoProcessesAtOnce() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let history = directory.appendingPathComponent("history.sqlite").path
            let shares = try (0..<2).map { index -> (fifo: String, text: Data) in
                let fifo = directory.appendingPathComponent("share-\(index).ndjson").path
                guard mkfifo(fifo, 0o600) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                return (fifo, Data(HistoryExports.ndjson(clean: 20, abandoned: index + 1, series: 10 + index).utf8))
            }
            // Both start on a file that does not exist yet, so both create and migrate it.
            let processes = try shares.map { share in
                try CLI.subprocess(["check", "--history", history, "--progress", "never", "--format", "json", share.fifo]).start()
            }
            // Each has the history open once it opens its input: from here on both hold it.
            let inputs = zip(shares, processes).map { share, process in openWhenRead(share.fifo, by: process) }
            for (input, share) in zip(inputs, shares) {
                try input?.write(contentsOf: share.text)
                try input?.close()
            }
            let results = processes.map { $0.wait() }
            for (index, result) in results.enumerated() {
                #expect(inputs[index] != nil, "process \(index) ended before reading its input: \(result.stderr)")
                #expect(result.status == 0, "process \(index): \(result.stderr)")
            }
            let runs = try listedRuns(history).runs
            #expect(runs.count == 2)
            let affected = runs.compactMap { ($0["rules"] as? [String: [String: Double]])?["GDQ201"]?["conversations"] }
            #expect(affected.sorted() == [1, 2])
        }
    }

    @Test("a file that is not a history is refused with exit code 2 and left byte for byte as it was")
    func garbageIsRefused() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let history = directory.appendingPathComponent("history.sqlite").path
            let garbage = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            try garbage.write(to: URL(fileURLWithPath: history))
            let result = try CLI.run(["check", "--history", history, "--format", "json=\(directory.path)/report.json", "Examples/exports"])
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.stderr == "genesys-lint: \(history): not a run history (not an SQLite database at all); it was left untouched. Name another file for the history, or restore this one from a backup\n")
            #expect(try fileBytes(history) == garbage)
            // Nothing else was written either.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["history.sqlite"])
        }
    }

    @Test("a history written by a newer genesys-lint is refused with exit code 2 and left as it was")
    func newerIsRefused() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let history = directory.appendingPathComponent("history.sqlite").path
            try prepareHistory(at: history, runs: 1, affected: { _ in 1 })
            let database = try DatabaseQueue(path: history)
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA user_version = 9")
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try database.close()
            let before = try fileBytes(history)
            for arguments in [["check", "--history", history, "Examples/exports"], ["history", history]] {
                let result = try CLI.run(arguments)
                #expect(result.exitCode == 2, "\(result)")
                #expect(result.stderr.contains("written by a newer genesys-lint (history schema 9; this one knows up to 2); it was left untouched"), "\(result)")
                #expect(try fileBytes(history) == before)
            }
        }
    }

    @Test("a history of the first schema is migrated by a run, keeping its runs")
    func migratesTheFirstSchema() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let history = directory.appendingPathComponent("history.sqlite").path
            try writeFirstSchemaHistory(at: history, rulesHash: defaultRulesHash)
            let export = directory.appendingPathComponent("day.ndjson")
            try HistoryExports.write(clean: 30, abandoned: 1, series: 3, to: export)
            let result = try CLI.run(["check", "--history", history, export.path])
            #expect(result.exitCode == 0, "\(result)")
            #expect(result.stdout.contains("2 comparable runs before this one"), "\(result)")
            let runs = try listedRuns(history).runs
            #expect(runs.count == 3)
            #expect(runs.prefix(2).map { ($0["rules"] as? [String: [String: Double]])?["GDQ201"]?["conversations"] } == [2, 3])
            let database = try DatabaseQueue(path: history)
            #expect(try database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == 2)
            #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM mediaResult WHERE runId = 3") } ?? 0 > 0)
        }
    }

    @Test("drift fires on a prepared history: named, from what to what, in every CI format, and the run fails")
    func driftFires() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let history = directory.appendingPathComponent("history.sqlite").path
            // 14 days of about 0.15% abandoned-with-client-disconnect; then 9% in a run of 330.
            try prepareHistory(at: history, runs: 14, affected: { $0 % 2 == 0 ? 1 : 2 })
            let export = directory.appendingPathComponent("day.ndjson")
            try HistoryExports.write(clean: 300, abandoned: 30, series: 4, to: export)
            let config = try driftConfig(in: directory)
            let json = directory.appendingPathComponent("report.json").path, sarif = directory.appendingPathComponent("report.sarif").path
            let junit = directory.appendingPathComponent("report.xml").path
            let result = try CLI.run(["check", "--config", config, "--history", history, "--format", "text", "--format", "json=\(json)",
                                      "--format", "sarif=\(sarif)", "--format", "junit=\(junit)", export.path])
            // GDQ201 is a warning: without the drift the run would pass.
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stdout.contains("\(history): 14 comparable runs before this one; 1 rule drifted (GDQ201)."), "\(result)")
            #expect(result.stdout.contains("drifted: GDQ201 abandoned-client-disconnect rose from a median of 0.15% over the last 14 comparable runs to 9.09% (61 times, p = "), "\(result)")

            let report = try String(contentsOfFile: json, encoding: .utf8)
            #expect(report.contains(#""history":{"file":"\#(history)","comparableRuns":14,"drifted":[{"ruleId":"GDQ201","from":0.0015,"to":0.090909,"baselineRuns":14,"#))
            #expect(report.contains(#""failed":true"#))
            let sarifText = try String(contentsOfFile: sarif, encoding: .utf8)
            #expect(sarifText.contains(#""drift":{"verdict":"drifted","rate":0.090909,"median":0.0015,"baselineRuns":14,"#))
            #expect(sarifText.contains(#""exitCode":1"#))
            let junitText = try String(contentsOfFile: junit, encoding: .utf8)
            #expect(junitText.contains(#"<testcase name="GDQ201 abandoned-client-disconnect drift" classname="genesys-lint" time="0"><failure message="GDQ201 rose from a median of 0.15% over the last 14 comparable runs to 9.09%"#))

            // The run is recorded with its verdict, and the next one compares with it too.
            let listing = try CLI.run(["history", history, "--rule", "GDQ201"])
            #expect(listing.stdout.contains("drifted (median 0.15%)"), "\(listing)")
            // With --fail-on never, the alarm is reported but fails nothing.
            let never = try CLI.run(["check", "--config", config, "--history", history, "--fail-on", "never", export.path])
            #expect(never.exitCode == 0, "\(never)")
            #expect(never.stdout.contains("1 rule drifted (GDQ201)"), "\(never)")
        }
    }

    @Test("drift does not fire on ordinary noise, on a small run, or on a short history", arguments: [
        // (past rates by day, clean, abandoned, minConversations, what the run must say)
        ([2, 3, 4, 2, 3, 5, 3, 2, 4, 3, 2, 3, 4, 3], 320, 3, 200, "no rule drifted"),
        ([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2], 50, 20, 200, "drift not judged: the run has 70 conversations, fewer than minConversations 200"),
        ([1, 2], 300, 30, 200, "drift not judged: the history has 2 comparable runs with conversations, fewer than minRuns 3"),
    ])
    func driftHolds(past: [Int], clean: Int, abandoned: Int, minConversations: Int, expected: String) throws {
        try TestSupport.withTemporaryDirectory { directory in
            let history = directory.appendingPathComponent("history.sqlite").path
            try prepareHistory(at: history, runs: past.count, affected: { past[$0] })
            let export = directory.appendingPathComponent("day.ndjson")
            try HistoryExports.write(clean: clean, abandoned: abandoned, series: 5, to: export)
            let config = try driftConfig(in: directory, #"{"*": {"minConversations": \#(minConversations)}}"#)
            let result = try CLI.run(["check", "--config", config, "--history", history, export.path])
            #expect(result.exitCode == 0, "\(result)")
            #expect(result.stdout.contains(expected), "\(result)")
        }
    }

    @Test("merge --history records the whole run, with the shares' split by media type; check --partial leaves it to the merge")
    func mergeRecords() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let history = directory.appendingPathComponent("history.sqlite").path
            var partials: [String] = []
            for index in 0..<2 {
                let export = directory.appendingPathComponent("share-\(index).ndjson")
                try HistoryExports.write(clean: 20, abandoned: index + 1, series: 20 + index, to: export)
                let partial = directory.appendingPathComponent("part-\(index).json").path
                let share = try CLI.run(["check", "--format", "json", "--partial", "-o", partial, export.path])
                #expect(share.exitCode == 0, "\(share)")
                partials.append(partial)
            }
            let refused = try CLI.run(["check", "--partial", "--format", "json", "--history", history, "Examples/exports"])
            #expect(refused.exitCode == 2, "\(refused)")
            #expect(refused.stderr.contains("--partial leaves the run to `genesys-lint merge`: give --history to merge"), "\(refused)")
            #expect(!FileManager.default.fileExists(atPath: history))

            let merged = try CLI.run(["merge", "--history", history] + partials)
            #expect(merged.exitCode == 0, "\(merged)")
            let stored = try HistoryStore.open(history).runs()
            #expect(stored.count == 1)
            let run = try #require(stored.first?.record)
            #expect(run.command == .merge)
            #expect(run.conversations == 43)
            #expect(run.rules["GDQ201"] == RunRecord.RuleCounts(findings: 3, conversations: 3))
            #expect(run.media.values.reduce(0) { $0 + $1.conversations } >= 43)
            #expect(run.media.values.compactMap { $0.rules["GDQ201"]?.conversations }.reduce(0, +) >= 3)
            #expect(run.dataStart != nil && run.dataEnd != nil)
            #expect(run.inputs.map(\.name) == partials.indices.map { directory.appendingPathComponent("share-\($0).ndjson").path })
            #expect(run.inputs.allSatisfy { ($0.bytes ?? 0) > 0 })
        }
    }

    @Test("\"history\" in the configuration names a file beside it; --history wins")
    func historyFromConfiguration() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let config = directory.appendingPathComponent("lint.json").path
            try #"{"history": "runs.sqlite"}"#.write(toFile: config, atomically: true, encoding: .utf8)
            #expect(try CLI.run(["check", "--config", config, "Examples/exports/clean"]).exitCode == 0)
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("runs.sqlite").path))
            let other = directory.appendingPathComponent("other.sqlite").path
            #expect(try CLI.run(["check", "--config", config, "--history", other, "Examples/exports/clean"]).exitCode == 0)
            #expect(try listedRuns(other).runs.count == 1)
            #expect(try listedRuns(directory.appendingPathComponent("runs.sqlite").path).runs.count == 1)
        }
    }
}

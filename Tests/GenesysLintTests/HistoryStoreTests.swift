import Foundation
import Synchronization
import GRDB
import Testing
@testable import GenesysLint
@testable import GenesysLintHistory

/// The layout of the first history schema, written by hand as a file of that version holds it:
/// what a history made before the split by media type looks like.
let firstHistorySchema = """
    CREATE TABLE run (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        startedAt TEXT NOT NULL,
        toolVersion TEXT NOT NULL,
        rulesHash TEXT NOT NULL,
        command TEXT NOT NULL,
        dataStart TEXT,
        dataEnd TEXT,
        conversations INTEGER NOT NULL,
        unreadableRecords INTEGER NOT NULL,
        failed INTEGER NOT NULL
    );
    CREATE INDEX run_byRulesHash ON run (rulesHash, startedAt);
    CREATE INDEX run_byStart ON run (startedAt);
    CREATE TABLE runInput (
        runId INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        bytes INTEGER,
        PRIMARY KEY (runId, position)
    ) WITHOUT ROWID;
    CREATE TABLE ruleResult (
        runId INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
        ruleId TEXT NOT NULL,
        findings INTEGER NOT NULL,
        conversations INTEGER NOT NULL,
        PRIMARY KEY (runId, ruleId)
    ) WITHOUT ROWID;
    PRAGMA application_id = 1196181609;
    PRAGMA user_version = 1;
    """

/// Writes a history of the first schema with two runs, by hand.
func writeFirstSchemaHistory(at path: String, rulesHash: String) throws {
    let database = try DatabaseQueue(path: path)
    try database.writeWithoutTransaction { db in
        try db.execute(sql: firstHistorySchema)
        for (id, start, affected) in [(1, "2026-01-05T06:00:00.000Z", 2), (2, "2026-01-06T06:00:00.000Z", 3)] {
            try db.execute(sql: """
                INSERT INTO run VALUES (?, ?, '0.0.9', ?, 'check', '2026-01-04T00:00:00.000Z', '2026-01-04T23:59:00.000Z', 1000, 1, 0)
                """, arguments: [id, start, rulesHash])
            try db.execute(sql: "INSERT INTO runInput VALUES (?, 0, 'exports/day.ndjson', 3600000)", arguments: [id])
            try db.execute(sql: "INSERT INTO ruleResult VALUES (?, 'GDQ201', ?, ?), (?, 'GDQ301', 0, 0)", arguments: [id, affected, affected, id])
        }
    }
    try database.close()
}

/// A run as a test records it.
func sampleRun(startedAt: Int64, rulesHash: String = "abc", conversations: Int = 1000, affected: Int = 3) -> RunRecord {
    RunRecord(
        startedAt: startedAt, rulesHash: rulesHash, command: .check,
        inputs: [.init(name: "exports/day.ndjson", bytes: 4096), .init(name: "<stdin>", bytes: 12)],
        dataStart: 1_772_400_000_000, dataEnd: 1_772_486_399_999, conversations: conversations, unreadableRecords: 1, failed: true,
        rules: ["GDQ201": .init(findings: affected + 1, conversations: affected), "GDQ301": .zero],
        media: ["voice": .init(conversations: conversations - 10, rules: ["GDQ201": .init(findings: affected, conversations: affected)]),
                "(other)": .init(conversations: 10, rules: [:])],
        drift: ["GDQ201": .init(.drifted, baselineRate: 0.001), "GDQ301": .init(.notJudged)]
    )
}

private func bytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}

private func openError(_ path: String, creating: Bool = true) -> HistoryError? {
    caught { () throws(HistoryError) in _ = try HistoryStore.open(path, creating: creating) }
}

@Suite("Run history: the SQLite store")
struct HistoryStoreTests {
    @Test("a run is recorded and read back as it was, in a new file in WAL mode")
    func recordsAndReadsBack() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("history.sqlite").path
            let store = try HistoryStore.open(path)
            let run = sampleRun(startedAt: 1_772_582_400_123)
            let id = try store.record(run)
            #expect(try store.runs() == [StoredRun(id: id, record: run)])
            let database = try DatabaseQueue(path: path)
            #expect(try database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
            #expect(try database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == HistoryStore.schemaVersion)
            // Counts and names the tool chose, nothing from the data.
            #expect(try database.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT mediaType FROM mediaResult ORDER BY 1") } == ["(other)", "voice"])
            #expect(try database.read { db in try String.fetchOne(db, sql: "SELECT startedAt FROM run") } == "2026-03-04T00:00:00.123Z")
        }
    }

    @Test("comparable runs: the same rules hash, with conversations, the last N oldest first, and how many there are")
    func comparableRuns() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let store = try HistoryStore.open(directory.appendingPathComponent("h.sqlite").path)
            for day in 1...6 {
                try store.record(sampleRun(startedAt: Int64(day) * 86_400_000, affected: day))
            }
            try store.record(sampleRun(startedAt: 7 * 86_400_000, rulesHash: "other"))
            try store.record(sampleRun(startedAt: 8 * 86_400_000, conversations: 0))
            let (runs, total) = try store.comparableRuns(rulesHash: "abc", last: 3)
            #expect(total == 6)
            #expect(runs.map(\.startedAt) == [4, 5, 6].map { Int64($0) * 86_400_000 })
            #expect(runs.map { $0.rules["GDQ201"]?.conversations } == [4, 5, 6])
            // Only what drift needs is read for comparisons.
            #expect(runs.allSatisfy { $0.media.isEmpty && $0.inputs.isEmpty })
        }
    }

    @Test("runs are filtered by when they started, and pruning keeps the last N with their counts")
    func filterAndPrune() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("h.sqlite").path
            let store = try HistoryStore.open(path)
            for day in 1...5 {
                try store.record(sampleRun(startedAt: Int64(day) * 86_400_000))
            }
            #expect(try store.runs(startingFrom: 2 * 86_400_000, to: 4 * 86_400_000).map(\.record.startedAt) == [2, 3, 4].map { Int64($0) * 86_400_000 })
            #expect(try store.prune(keepingLast: 2) == 3)
            #expect(try store.runs().map(\.record.startedAt) == [4, 5].map { Int64($0) * 86_400_000 })
            let database = try DatabaseQueue(path: path)
            for table in ["runInput", "ruleResult", "mediaResult", "ruleMediaResult"] {
                let runs = try database.read { db in try Int.fetchOne(db, sql: "SELECT count(DISTINCT runId) FROM \(table)") }
                #expect(runs == 2, "\(table) keeps rows of pruned runs")
            }
        }
    }

    @Test("a history of the first schema is migrated in place: its runs are kept, new runs get the split by media type")
    func migratesTheFirstSchema() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("old.sqlite").path
            try writeFirstSchemaHistory(at: path, rulesHash: "abc")
            let store = try HistoryStore.open(path)
            let old = try store.runs()
            #expect(old.map(\.id) == [1, 2])
            #expect(old.map { $0.record.rules["GDQ201"]?.conversations } == [2, 3])
            #expect(old.allSatisfy { $0.record.media.isEmpty && $0.record.drift.isEmpty && $0.record.toolVersion == "0.0.9" })
            #expect(old.first?.record.inputs == [.init(name: "exports/day.ndjson", bytes: 3_600_000)])
            try store.record(sampleRun(startedAt: 1_772_582_400_000))
            let all = try store.runs()
            #expect(all.count == 3)
            #expect(all.last?.record.media["voice"]?.conversations == 990)
            #expect(try store.comparableRuns(rulesHash: "abc", last: 10).total == 3)
            let database = try DatabaseQueue(path: path)
            #expect(try database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == 2)
            #expect(try database.read { db in try db.tableExists("ruleMediaResult") })
        }
    }

    @Test("two stores writing to one file from many threads at once lose nothing")
    func concurrentWriters() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("h.sqlite").path
            let first = try HistoryStore.open(path), second = try HistoryStore.open(path)
            let stores = [first, second]
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 40) { index in
                do {
                    try stores[index % 2].record(sampleRun(startedAt: Int64(index)))
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(try first.runs().map(\.record.startedAt) == (0..<40).map(Int64.init))
        }
    }

    // MARK: Files that are not a history this version can use

    @Test("an empty file becomes a history; a missing one only when recording; a missing folder is explained")
    func emptyAndMissing() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let empty = directory.appendingPathComponent("empty.sqlite").path
            #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
            try HistoryStore.open(empty).record(sampleRun(startedAt: 0))
            let missing = directory.appendingPathComponent("missing.sqlite").path
            #expect(openError(missing, creating: false) == .missing(path: missing))
            #expect(!FileManager.default.fileExists(atPath: missing))
            let nowhere = directory.appendingPathComponent("no/such/folder/h.sqlite").path
            let error = try #require(openError(nowhere))
            #expect(error.description.hasPrefix("\(nowhere): cannot create the run history (the folder"))
            #expect(openError(directory.path) == .notAFile(path: directory.path))
        }
    }

    @Test("garbage is refused and left byte for byte as it was")
    func garbageIsLeftAlone() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("garbage.sqlite").path
            let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
            try garbage.write(to: URL(fileURLWithPath: path))
            #expect(openError(path) == .notADatabase(path: path))
            #expect(try bytes(path) == garbage)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["garbage.sqlite"])
        }
    }

    @Test("a history whose pages are damaged is refused by SQLite's check and left as it was")
    func damagedIsLeftAlone() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("damaged.sqlite").path
            do {
                let store = try HistoryStore.open(path)
                for day in 0..<40 { try store.record(sampleRun(startedAt: Int64(day) * 86_400_000)) }
            }
            // The store is closed: everything is in the main file. Overwrite the middle of the
            // second page onwards, leaving the header intact.
            var damaged = try bytes(path)
            #expect(damaged.count > 16384)
            for offset in stride(from: 4200, to: 16000, by: 1) { damaged[offset] = 0xA5 }
            try damaged.write(to: URL(fileURLWithPath: path))
            let error = try #require(openError(path))
            guard case .corrupt = error else {
                Issue.record("expected a damaged history, got \(error)")
                return
            }
            #expect(error.description.contains("the run history is damaged"))
            #expect(try bytes(path) == damaged)
        }
    }

    @Test("another application's SQLite database and a newer history are refused and left as they were")
    func foreignAndNewerAreLeftAlone() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let foreign = directory.appendingPathComponent("app.sqlite").path
            do {
                let database = try DatabaseQueue(path: foreign)
                try database.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')") }
                try database.close()
            }
            let foreignBytes = try bytes(foreign)
            #expect(openError(foreign) == .foreign(path: foreign))
            #expect(try bytes(foreign) == foreignBytes)

            let newer = directory.appendingPathComponent("newer.sqlite").path
            try HistoryStore.open(newer).record(sampleRun(startedAt: 0))
            do {
                let database = try DatabaseQueue(path: newer)
                try database.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA user_version = 3")
                    try db.execute(sql: "PRAGMA journal_mode = DELETE")
                }
                try database.close()
            }
            let newerBytes = try bytes(newer)
            let error = try #require(openError(newer))
            #expect(error == .newer(path: newer, version: 3, known: 2))
            #expect(error.description == "\(newer): written by a newer genesys-lint (history schema 3; this one knows up to 2); it was left untouched. Use that genesys-lint, or another file for the history")
            #expect(try bytes(newer) == newerBytes)
        }
    }
}

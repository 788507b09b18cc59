import Foundation
import GRDB
import GenesysLint

/// A run history: an SQLite file of the runs of `check` and `merge`, counts only (see
/// `RunRecord`). Several runs can share one file at once: it is in WAL mode, each run is
/// written in one immediate transaction, and a run that finds the file locked waits for it.
///
/// A file is used only once it is known to be a history this version can read: it must start
/// as an SQLite database does, pass SQLite's `quick_check`, carry the history's application id
/// (or be empty) and a schema version no newer than this one's. Until then nothing is written,
/// so a damaged file, another application's database or a newer history is left as it was.
public final class HistoryStore: Sendable {
    public let path: String
    private let database: DatabaseQueue

    /// How long a run waits for another to release the file.
    public static let busyTimeoutSeconds = 30
    /// The schema version this genesys-lint writes (`PRAGMA user_version`).
    public static var schemaVersion: Int { HistorySchema.currentVersion }

    private init(path: String, database: DatabaseQueue) {
        self.path = path
        self.database = database
    }

    /// Opens the history at `path`, creating it when `creating` and there is no file yet, and
    /// brings an older one up to this version's schema.
    public static func open(_ path: String, creating: Bool = true) throws(HistoryError) -> HistoryStore {
        try checkFile(at: path, creating: creating)
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(TimeInterval(busyTimeoutSeconds))
        configuration.label = "genesys-lint history"
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw historyError(error, path: path, creating: !FileManager.default.fileExists(atPath: path))
        }
        let store = HistoryStore(path: path, database: database)
        try store.attempt { db in
            _ = try store.checkedVersion(db)
            // Only now is it safe to write: switch to WAL (a setting of the file, kept), then
            // migrate, checking the version again under the write lock.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.inTransaction(.immediate) {
                try HistorySchema.migrate(db, from: try store.checkedVersion(db, checkingIntegrity: false))
                return .commit
            }
        }
        return store
    }

    /// Records a run in one transaction; returns its number.
    @discardableResult
    public func record(_ run: RunRecord) throws(HistoryError) -> Int64 {
        try attempt { db in
            var id: Int64 = 0
            try db.inTransaction(.immediate) {
                id = try RunRows.insert(run, into: db)
                return .commit
            }
            return id
        }
    }

    /// The last `limit` runs with this rules hash that checked conversations, oldest first,
    /// with the number of such runs in the whole history. Only totals and per-rule counts are
    /// read: what drift alarms and trends need.
    public func comparableRuns(rulesHash: String, last limit: Int) throws(HistoryError) -> (runs: [RunRecord], total: Int) {
        try attempt { db in
            var result: (runs: [RunRecord], total: Int) = ([], 0)
            try db.inTransaction(.deferred) {
                let comparable = "FROM run WHERE rulesHash = ? AND conversations > 0"
                result.total = try Int.fetchOne(db, sql: "SELECT count(*) \(comparable)", arguments: [rulesHash]) ?? 0
                result.runs = try RunRows.fetch(
                    "SELECT id \(comparable) ORDER BY startedAt DESC, id DESC LIMIT ?", arguments: [rulesHash, max(0, limit)],
                    from: db, withDetails: false
                ).map(\.record)
                return .commit
            }
            return result
        }
    }

    /// Every run that started in `interval` (milliseconds since 1970, inclusive; nil: no
    /// bound), oldest first.
    public func runs(startingFrom earliest: Int64? = nil, to latest: Int64? = nil) throws(HistoryError) -> [StoredRun] {
        try attempt { db in
            var runs: [StoredRun] = []
            try db.inTransaction(.deferred) {
                var conditions: [String] = []
                var arguments: StatementArguments = []
                if let earliest {
                    conditions.append("startedAt >= ?")
                    arguments += [RunRows.time(earliest)]
                }
                if let latest {
                    conditions.append("startedAt <= ?")
                    arguments += [RunRows.time(latest)]
                }
                let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
                runs = try RunRows.fetch("SELECT id FROM run \(filter)", arguments: arguments, from: db, withDetails: true)
                return .commit
            }
            return runs
        }
    }

    /// Deletes every run but the last `count` (by start), with their counts; returns how many
    /// were deleted.
    public func prune(keepingLast count: Int) throws(HistoryError) -> Int {
        try attempt { db in
            var deleted = 0
            try db.inTransaction(.immediate) {
                try db.execute(
                    sql: "DELETE FROM run WHERE id NOT IN (SELECT id FROM run ORDER BY startedAt DESC, id DESC LIMIT ?)",
                    arguments: [max(0, count)]
                )
                deleted = db.changesCount
                return .commit
            }
            return deleted
        }
    }

    // MARK: Checking the file before SQLite writes to it

    /// Refuses what is plainly no history before SQLite opens it: a folder, a file too short
    /// for a database, one that does not start as SQLite files do. An empty file is a new
    /// history; no file is one when `creating`.
    private static func checkFile(at path: String, creating: Bool) throws(HistoryError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            guard errno == ENOENT else { throw .unusable(path: path, reason: String(cString: strerror(errno))) }
            guard creating else { throw .missing(path: path) }
            let folder = (path as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .cannotCreate(path: path, reason: "the folder \(folder) does not exist")
            }
            return
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notAFile(path: path) }
        guard status.st_size > 0 else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unusable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        // Every SQLite database starts with these 16 bytes, and has at least one 512-byte page.
        guard status.st_size >= 512, header == Data("SQLite format 3\u{0}".utf8) else { throw .notADatabase(path: path) }
    }

    /// The schema version of the open file, once SQLite has checked it and it is known to be a
    /// history this version can read (0: empty, a new history).
    private func checkedVersion(_ db: Database, checkingIntegrity: Bool = true) throws -> Int {
        if checkingIntegrity {
            let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
            guard problems == ["ok"] else {
                throw HistoryError.corrupt(path: path, detail: problems.joined(separator: "; "))
            }
        }
        // Read together, in one transaction: another run may be creating the history meanwhile.
        var applicationID: Int32 = 0, version = 0, objects = 0
        func read() throws {
            applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        }
        if db.isInsideTransaction {
            try read()
        } else {
            try db.inTransaction(.deferred) {
                try read()
                return .commit
            }
        }
        if applicationID == 0, objects == 0 { return 0 }
        guard applicationID == HistorySchema.applicationID, version >= 1 else { throw HistoryError.foreign(path: path) }
        guard version <= HistorySchema.currentVersion else {
            throw HistoryError.newer(path: path, version: version, known: HistorySchema.currentVersion)
        }
        return version
    }

    // MARK: Errors

    /// Runs `body` on the connection, turning SQLite's errors into `HistoryError`s.
    private func attempt<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
        do {
            return try database.writeWithoutTransaction(body)
        } catch {
            throw Self.historyError(error, path: path, creating: false)
        }
    }

    private static func historyError(_ error: any Error, path: String, creating: Bool) -> HistoryError {
        if let history = error as? HistoryError { return history }
        guard let sqlite = error as? DatabaseError else {
            return .unusable(path: path, reason: String(describing: error))
        }
        let detail = sqlite.message ?? "\(sqlite.resultCode)"
        switch sqlite.resultCode {
        case .SQLITE_NOTADB:
            return .notADatabase(path: path)
        case .SQLITE_CORRUPT:
            return .corrupt(path: path, detail: detail)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .busy(path: path, seconds: busyTimeoutSeconds)
        case .SQLITE_CANTOPEN where creating:
            return .cannotCreate(path: path, reason: detail)
        default:
            return .unusable(path: path, reason: detail)
        }
    }
}

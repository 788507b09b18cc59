import GRDB

/// The layout of a run history, as numbered migrations. A file records the last one applied in
/// `PRAGMA user_version` and is marked as a history by `PRAGMA application_id`.
///
/// Migrations are never edited once released: a change is a new migration at the end. They are
/// applied by `HistoryStore` in one immediate transaction that first reads the version, so two
/// processes opening an old (or new) file at once cannot both migrate it; GRDB's
/// `DatabaseMigrator` reads the applied migrations before taking the write lock, which is fine
/// for one app and its database but not for several runs sharing a file.
enum HistorySchema {
    /// "GLHi": marks the file as a genesys-lint history for SQLite tools (`file` reads it too).
    static let applicationID: Int32 = 0x474C_4869

    struct Migration {
        let version: Int
        let summary: String
        let sql: String
    }

    static let migrations = [
        Migration(version: 1, summary: "runs: when, tool version, rules hash, inputs, data interval, totals, verdict; per-rule counts", sql: """
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
            """),
        Migration(version: 2, summary: "the split by media type, and each rule's drift verdict", sql: """
            ALTER TABLE ruleResult ADD COLUMN driftVerdict TEXT;
            ALTER TABLE ruleResult ADD COLUMN driftBaselineRate REAL;
            CREATE TABLE mediaResult (
                runId INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
                mediaType TEXT NOT NULL,
                conversations INTEGER NOT NULL,
                PRIMARY KEY (runId, mediaType)
            ) WITHOUT ROWID;
            CREATE TABLE ruleMediaResult (
                runId INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
                ruleId TEXT NOT NULL,
                mediaType TEXT NOT NULL,
                findings INTEGER NOT NULL,
                conversations INTEGER NOT NULL,
                PRIMARY KEY (runId, ruleId, mediaType)
            ) WITHOUT ROWID;
            """),
    ]

    /// The version this genesys-lint writes.
    static var currentVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the database up to `currentVersion`, inside the caller's immediate transaction.
    /// The caller has checked that the file is a history of this or an older version, or empty.
    static func migrate(_ db: Database, from version: Int) throws {
        guard version < currentVersion else { return }
        if version == 0 {
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        }
        for migration in migrations where migration.version > version {
            try db.execute(sql: migration.sql)
        }
        try db.execute(sql: "PRAGMA user_version = \(currentVersion)")
    }
}

import GRDB
import GenesysLint

/// A `RunRecord` as rows of the history's tables (see `HistorySchema`), and back.
enum RunRows {
    /// Instants are stored as ISO-8601 text in UTC with milliseconds, which sorts as time does
    /// and reads well in the `sqlite3` shell.
    static func time(_ milliseconds: Int64) -> String {
        Timestamp.format(milliseconds: milliseconds)
    }

    static func milliseconds(_ text: String?) -> Int64? {
        text.flatMap(Timestamp.milliseconds(from:))
    }

    /// Inserts the run and its counts (inside the caller's transaction); returns its id.
    static func insert(_ run: RunRecord, into db: Database) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO run (startedAt, toolVersion, rulesHash, command, dataStart, dataEnd, conversations, unreadableRecords, failed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                time(run.startedAt), run.toolVersion, run.rulesHash, run.command.rawValue, run.dataStart.map(time), run.dataEnd.map(time),
                run.conversations, run.unreadableRecords, run.failed,
            ]
        )
        let id = db.lastInsertedRowID
        let input = try db.cachedStatement(sql: "INSERT INTO runInput (runId, position, name, bytes) VALUES (?, ?, ?, ?)")
        for (position, entry) in run.inputs.enumerated() {
            try input.execute(arguments: [id, position, entry.name, entry.bytes])
        }
        let rule = try db.cachedStatement(sql: "INSERT INTO ruleResult (runId, ruleId, findings, conversations, driftVerdict, driftBaselineRate) VALUES (?, ?, ?, ?, ?, ?)")
        for (ruleId, counts) in run.rules.sorted(by: { $0.key < $1.key }) {
            let drift = run.drift[ruleId]
            try rule.execute(arguments: [id, ruleId, counts.findings, counts.conversations, drift?.verdict.rawValue, drift?.baselineRate])
        }
        let media = try db.cachedStatement(sql: "INSERT INTO mediaResult (runId, mediaType, conversations) VALUES (?, ?, ?)")
        let ruleMedia = try db.cachedStatement(sql: "INSERT INTO ruleMediaResult (runId, ruleId, mediaType, findings, conversations) VALUES (?, ?, ?, ?, ?)")
        for (mediaType, counts) in run.media.sorted(by: { $0.key < $1.key }) {
            try media.execute(arguments: [id, mediaType, counts.conversations])
            for (ruleId, ruleCounts) in counts.rules.sorted(by: { $0.key < $1.key }) {
                try ruleMedia.execute(arguments: [id, ruleId, mediaType, ruleCounts.findings, ruleCounts.conversations])
            }
        }
        return id
    }

    /// The runs `selection` picks (a query of run ids, with its `arguments`), oldest first;
    /// `withDetails` adds inputs and the split by media type.
    static func fetch(_ selection: String, arguments: StatementArguments, from db: Database, withDetails: Bool) throws -> [StoredRun] {
        let placeholders = "(\(selection))"
        var runs: [Int64: RunRecord] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM run WHERE id IN \(placeholders)", arguments: arguments) {
            let id: Int64 = row["id"]
            let command: String = row["command"]
            runs[id] = RunRecord(
                startedAt: milliseconds(row["startedAt"]) ?? 0, toolVersion: row["toolVersion"], rulesHash: row["rulesHash"],
                command: RunRecord.Command(rawValue: command) ?? .check,
                dataStart: milliseconds(row["dataStart"]), dataEnd: milliseconds(row["dataEnd"]),
                conversations: row["conversations"], unreadableRecords: row["unreadableRecords"], failed: row["failed"]
            )
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM ruleResult WHERE runId IN \(placeholders)", arguments: arguments) {
            let id: Int64 = row["runId"], ruleId: String = row["ruleId"]
            runs[id]?.rules[ruleId] = RunRecord.RuleCounts(findings: row["findings"], conversations: row["conversations"])
            let verdict: String? = row["driftVerdict"]
            if let verdict = verdict.flatMap(RunRecord.Drift.Verdict.init(rawValue:)) {
                runs[id]?.drift[ruleId] = RunRecord.Drift(verdict, baselineRate: row["driftBaselineRate"])
            }
        }
        if withDetails {
            for row in try Row.fetchAll(db, sql: "SELECT * FROM runInput WHERE runId IN \(placeholders) ORDER BY runId, position", arguments: arguments) {
                let id: Int64 = row["runId"]
                runs[id]?.inputs.append(RunRecord.Input(name: row["name"], bytes: row["bytes"]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM mediaResult WHERE runId IN \(placeholders)", arguments: arguments) {
                let id: Int64 = row["runId"], mediaType: String = row["mediaType"]
                runs[id]?.media[mediaType, default: RunRecord.MediaCounts()].conversations = row["conversations"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM ruleMediaResult WHERE runId IN \(placeholders)", arguments: arguments) {
                let id: Int64 = row["runId"], mediaType: String = row["mediaType"], ruleId: String = row["ruleId"]
                runs[id]?.media[mediaType, default: RunRecord.MediaCounts()].rules[ruleId] = RunRecord.RuleCounts(findings: row["findings"], conversations: row["conversations"])
            }
        }
        return runs.map { StoredRun(id: $0.key, record: $0.value) }.sorted { ($0.record.startedAt, $0.id) < ($1.record.startedAt, $1.id) }
    }
}

import Foundation

/// The series of a run history rule by rule, as `genesys-lint history` prints it: text for
/// people, JSON for tools, CSV for spreadsheets. Runs come oldest first.
public struct HistoryListing: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, csv
    }

    /// The history file, as named.
    public let file: String
    /// The runs shown, oldest first, with their counts as selected (`media`).
    public let runs: [(id: Int64, record: RunRecord)]
    /// The rules shown: those matching the selectors in any run, or without selectors those
    /// with findings in any run; sorted.
    public let ruleIds: [String]
    /// The media type counted, nil for every conversation.
    public let media: String?
    /// Runs left out because they were recorded without the split by media type.
    public let unsplitRuns: Int

    /// - Parameters:
    ///   - selectors: rule ids or prefixes (`GDQ2`); empty for every rule with findings.
    ///   - media: count only the conversations of this media type.
    public init(file: String, runs: [StoredRun], selectors: [String] = [], media: String? = nil) {
        self.file = file
        self.media = media
        var shown: [(id: Int64, record: RunRecord)] = []
        var unsplit = 0
        for run in runs {
            guard let media else {
                shown.append((run.id, run.record))
                continue
            }
            guard !run.record.media.isEmpty else {
                unsplit += 1
                continue
            }
            shown.append((run.id, Self.counting(media, of: run.record)))
        }
        self.runs = shown
        unsplitRuns = unsplit
        let recorded = Set(shown.flatMap { $0.record.rules.keys })
        ruleIds = recorded.filter { id in
            selectors.isEmpty
                ? shown.contains { ($0.record.rules[id]?.findings ?? 0) > 0 }
                : selectors.contains { $0 == "ALL" || id.hasPrefix($0) }
        }.sorted()
    }

    /// The run as if it had checked only the conversations of `media`: rules in force that
    /// found nothing among them count zero.
    static func counting(_ media: String, of record: RunRecord) -> RunRecord {
        var counted = record
        let split = record.media[media] ?? RunRecord.MediaCounts()
        counted.conversations = split.conversations
        counted.unreadableRecords = 0
        counted.rules = record.rules.mapValues { _ in .zero }.merging(split.rules) { $1 }
        counted.media = [media: split]
        return counted
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .text: text
        case .json: json
        case .csv: csv
        }
    }

    // MARK: Text

    private var text: String {
        var lines: [String] = []
        let scope = media.map { " (\(TextReporter.printable($0)) conversations only)" } ?? ""
        if let first = runs.first?.record.startedAt, let last = runs.last?.record.startedAt {
            lines.append("\(TextReporter.printable(file)): \(count(runs.count, "run")), \(AuditReport.dateTime(first)) to \(AuditReport.dateTime(last))\(scope).")
        } else {
            lines.append("\(TextReporter.printable(file)): no runs\(scope).")
        }
        if unsplitRuns > 0 {
            lines.append("\(count(unsplitRuns, "run")) recorded before runs were split by media type \(unsplitRuns == 1 ? "is" : "are") left out.")
        }
        if !runs.isEmpty, ruleIds.isEmpty {
            lines.append("No rule found anything in these runs.")
        }
        for ruleId in ruleIds {
            let rates = runs.map { $0.record.rate(of: ruleId) }
            lines.append("")
            lines.append("\(ruleId)  \(Sparkline.text(rates))")
            let rows = runs.map { runId, record -> [String] in
                let counts = record.rules[ruleId]
                let drift = record.drift[ruleId].map { drift -> String in
                    let median = drift.baselineRate.map { " (median \(Summary.percent($0)))" } ?? ""
                    switch drift.verdict {
                    case .drifted: return "drifted" + median
                    case .steady: return "steady" + median
                    case .notJudged: return "not judged"
                    }
                } ?? ""
                return [
                    String(runId), AuditReport.dateTime(record.startedAt), String(record.rulesHash.prefix(8)), groupedNumber(record.conversations),
                    counts.map { groupedNumber($0.findings) } ?? "–", counts.map { groupedNumber($0.conversations) } ?? "–",
                    counts == nil ? "not in force" : record.rate(of: ruleId).map(Summary.percent) ?? "n/a", drift,
                ]
            }
            lines += Self.table(header: ["run", "started", "rules", "conversations", "findings", "affected", "rate", "drift"], rows: rows, numeric: [0, 3, 4, 5, 6])
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rows aligned in columns (right-aligned where `numeric`), each line indented by two spaces.
    static func table(header: [String], rows: [[String]], numeric: Set<Int>) -> [String] {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            "  " + row.indices.map { column in
                numeric.contains(column) ? row[column].padding(left: widths[column]) : row[column].padding(to: widths[column])
            }.joined(separator: "  ").trailingSpacesRemoved
        }
    }

    private func count(_ value: Int, _ noun: String) -> String {
        "\(groupedNumber(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    // MARK: JSON

    private var json: String {
        let runs = runs.map { id, record in
            JSONWriter.object([
                ("id", String(id)),
                ("startedAt", JSONWriter.quoted(Timestamp.format(milliseconds: record.startedAt))),
                ("toolVersion", JSONWriter.quoted(record.toolVersion)),
                ("rulesHash", JSONWriter.quoted(record.rulesHash)),
                ("command", JSONWriter.quoted(record.command.rawValue)),
                ("inputs", JSONWriter.array(record.inputs.map { input in
                    JSONWriter.object([("name", JSONWriter.quoted(input.name)), ("bytes", input.bytes.map(String.init) ?? "null")])
                })),
                ("dataStart", JSONWriter.quoted(record.dataStart.map { Timestamp.format(milliseconds: $0) })),
                ("dataEnd", JSONWriter.quoted(record.dataEnd.map { Timestamp.format(milliseconds: $0) })),
                ("conversations", String(record.conversations)),
                ("unreadableRecords", String(record.unreadableRecords)),
                ("failed", String(record.failed)),
                ("rules", JSONWriter.object(ruleIds.compactMap { ruleId in
                    guard let counts = record.rules[ruleId] else { return nil }
                    var members = [
                        ("findings", String(counts.findings)),
                        ("conversations", String(counts.conversations)),
                        ("rate", record.rate(of: ruleId).map { JSONWriter.number($0) } ?? "null"),
                    ]
                    if let drift = record.drift[ruleId] {
                        members.append(("drift", JSONWriter.object([
                            ("verdict", JSONWriter.quoted(drift.verdict.rawValue)),
                            ("baselineRate", drift.baselineRate.map { JSONWriter.number($0) } ?? "null"),
                        ])))
                    }
                    return (ruleId, JSONWriter.object(members))
                })),
            ])
        }
        return JSONWriter.object([
            ("tool", JSONWriter.tool),
            ("history", JSONWriter.quoted(file)),
            ("media", JSONWriter.quoted(media)),
            ("runs", "[" + runs.map { "\n" + $0 }.joined(separator: ",") + (runs.isEmpty ? "]" : "\n]")),
        ]) + "\n"
    }

    // MARK: CSV

    /// One row per run and rule shown (RFC 4180), for a spreadsheet's pivot table.
    private var csv: String {
        var lines = ["run,startedAt,rulesHash,toolVersion,command,media,conversations,ruleId,findings,affectedConversations,rate,drift"]
        for (id, record) in runs {
            for ruleId in ruleIds {
                guard let counts = record.rules[ruleId] else { continue }
                let drifted = record.drift[ruleId]?.verdict.rawValue ?? ""
                lines.append([
                    String(id), Timestamp.format(milliseconds: record.startedAt), record.rulesHash, record.toolVersion, record.command.rawValue,
                    media ?? "", String(record.conversations), ruleId, String(counts.findings), String(counts.conversations),
                    record.rate(of: ruleId).map { JSONWriter.number($0) } ?? "", drifted,
                ].map(Self.csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

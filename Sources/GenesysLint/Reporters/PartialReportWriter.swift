/// Writes a `PartialReport` as the JSON document `check --partial` produces: the JSON report's
/// members (tool, findings, summary), each finding also naming its conversation's pointer, and
/// a `partial` member with what the merge needs. The digest of unique values is written as
/// arrays rather than objects to keep it small: it has an entry for every conversation, with
/// the conversation's completeness and the finding of each rule that shares the value's key.
public enum PartialReportWriter {
    public static func document(_ report: PartialReport) -> String {
        var text = "{\"tool\":\(JSONWriter.tool),\"findings\":["
        for (index, finding) in report.findings.enumerated() {
            text += index == 0 ? "\n" : ",\n"
            text += JSONWriter.finding(finding, withConversationPointer: true)
        }
        text += report.findings.isEmpty ? "]" : "\n]"
        text += ",\"summary\":\(JSONWriter.summary(report.summary)),\n\"partial\":{"
        text += "\"format\":\(PartialReport.formatVersion)"
        text += ",\"rules\":" + JSONWriter.array(report.rules.map(JSONWriter.quoted))
        text += ",\"redacted\":\(report.redacted)"
        text += ",\n\"totals\":" + totals(report.summary)
        text += ",\n\"findingItems\":" + JSONWriter.array(report.findingItems.map(String.init))
        let files = report.summary.fileTotals.map(\.file)
        let fileIndex = Dictionary(files.enumerated().map { ($1, $0) }) { first, _ in first }
        func file(_ name: String) -> String {
            fileIndex[name].map(String.init) ?? JSONWriter.quoted(name)
        }
        text += ",\n\"firstOccurrences\":["
        for (index, occurrence) in report.firstOccurrences.enumerated() {
            let shared = occurrence.findings.first
            text += index == 0 ? "\n" : ",\n"
            text += JSONWriter.array([
                JSONWriter.quoted(occurrence.key), String(occurrence.item), file(occurrence.file),
                String(occurrence.place.line), String(occurrence.place.column),
                JSONWriter.quoted(shared?.conversationPointer ?? ""), JSONWriter.quoted(shared?.conversationId),
                copy(occurrence.copy), occurrence.lastFile.map(file) ?? "null",
                JSONWriter.array(occurrence.findings.map { finding in
                    JSONWriter.array([
                        JSONWriter.quoted(finding.ruleId), String(finding.line), String(finding.column),
                        JSONWriter.quoted(finding.pointer), JSONWriter.quoted(finding.message),
                    ])
                }),
            ])
        }
        text += "]"
        text += ",\n\"repeats\":" + JSONWriter.array(report.repeats.map { repeated in
            JSONWriter.array([
                String(repeated.findingIndex), JSONWriter.quoted(repeated.ruleId), JSONWriter.quoted(repeated.key),
                JSONWriter.quoted(repeated.message), copy(repeated.copy),
            ])
        })
        text += ",\n\"pages\":" + JSONWriter.array(report.pages.map { page in
            JSONWriter.array([
                String(page.totalHits), String(page.conversationCount), JSONWriter.quoted(page.file),
                String(page.position.line), String(page.position.column), JSONWriter.quoted(page.pointer),
            ])
        })
        text += ",\n\"inputErrors\":" + JSONWriter.array(report.inputErrors.map(JSONWriter.quoted))
        return text + "}}\n"
    }

    /// A conversation's completeness as [ended, segments, latest activity or null]; null for
    /// values that do not stand for a conversation.
    private static func copy(_ copy: CopyCompleteness?) -> String {
        guard let copy else { return "null" }
        return JSONWriter.array([String(copy.hasEnded), String(copy.segments), copy.latestActivity.map(String.init) ?? "null"])
    }

    /// Every count of the summary, per file too (the JSON report's summary leaves some out).
    private static func totals(_ summary: Summary) -> String {
        JSONWriter.object([
            ("files", String(summary.files)),
            ("conversations", String(summary.conversations)),
            ("unreadableRecords", String(summary.unreadableRecords)),
            ("skippedRecords", String(summary.skippedRecords)),
            ("suppressedByBaseline", String(summary.suppressedByBaseline)),
            ("findingsBySeverity", JSONWriter.bySeverity(summary.findingsBySeverity)),
            ("findingsByRule", JSONWriter.counts(summary.findingsByRule)),
            ("affectedByRule", JSONWriter.counts(summary.affectedByRule)),
            ("fileTotals", JSONWriter.array(summary.fileTotals.map { totals in
                JSONWriter.object([
                    ("file", JSONWriter.quoted(totals.file)),
                    ("conversations", String(totals.conversations)),
                    ("unreadableRecords", String(totals.unreadableRecords)),
                    ("skippedRecords", String(totals.skippedRecords)),
                    ("shapes", JSONWriter.shapes(totals.shapes)),
                    ("findingsBySeverity", JSONWriter.bySeverity(totals.findingsBySeverity)),
                    ("findingsByRule", JSONWriter.counts(totals.findingsByRule)),
                    ("readError", JSONWriter.quoted(totals.readError)),
                    ("bytes", totals.bytes.map(String.init) ?? "null"),
                ])
            })),
        ])
    }
}

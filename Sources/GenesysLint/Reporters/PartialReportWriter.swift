/// Writes a `PartialReport` as the JSON document `check --partial` produces: the JSON report's
/// members (tool, findings, summary), each finding also naming its conversation's pointer, and
/// a `partial` member with what the merge needs. The digest of unique values is written as
/// arrays rather than objects to keep it small: it has an entry for every conversation.
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
        text += ",\n\"firstOccurrences\":["
        for (index, occurrence) in report.firstOccurrences.enumerated() {
            let finding = occurrence.finding
            text += index == 0 ? "\n" : ",\n"
            text += JSONWriter.array([
                JSONWriter.quoted(occurrence.ruleId), JSONWriter.quoted(occurrence.key), String(occurrence.item),
                fileIndex[finding.file].map(String.init) ?? JSONWriter.quoted(finding.file),
                String(finding.line), String(finding.column), JSONWriter.quoted(finding.pointer),
                JSONWriter.quoted(finding.conversationPointer), JSONWriter.quoted(finding.conversationId),
                JSONWriter.quoted(finding.message), String(occurrence.place.line), String(occurrence.place.column),
            ])
        }
        text += "]"
        text += ",\n\"repeats\":" + JSONWriter.array(report.repeats.map { repeated in
            JSONWriter.array([String(repeated.findingIndex), JSONWriter.quoted(repeated.ruleId), JSONWriter.quoted(repeated.key), JSONWriter.quoted(repeated.message)])
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

    /// Every count of the summary, per file too (the JSON report's summary leaves some out).
    private static func totals(_ summary: Summary) -> String {
        JSONWriter.object([
            ("files", String(summary.files)),
            ("conversations", String(summary.conversations)),
            ("unreadableRecords", String(summary.unreadableRecords)),
            ("suppressedByBaseline", String(summary.suppressedByBaseline)),
            ("findingsBySeverity", JSONWriter.bySeverity(summary.findingsBySeverity)),
            ("findingsByRule", JSONWriter.counts(summary.findingsByRule)),
            ("affectedByRule", JSONWriter.counts(summary.affectedByRule)),
            ("fileTotals", JSONWriter.array(summary.fileTotals.map { totals in
                JSONWriter.object([
                    ("file", JSONWriter.quoted(totals.file)),
                    ("conversations", String(totals.conversations)),
                    ("unreadableRecords", String(totals.unreadableRecords)),
                    ("findingsBySeverity", JSONWriter.bySeverity(totals.findingsBySeverity)),
                    ("findingsByRule", JSONWriter.counts(totals.findingsByRule)),
                    ("readError", JSONWriter.quoted(totals.readError)),
                ])
            })),
        ])
    }
}

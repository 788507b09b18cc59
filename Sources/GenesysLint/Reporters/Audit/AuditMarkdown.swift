/// The audit report as GitHub Flavored Markdown (`--format markdown`), for a pull request, a
/// wiki or an e-mail: the content of the HTML report, with its charts as tables and text bars.
enum AuditMarkdown {
    static func render(_ report: AuditReport) -> String {
        var page = MarkdownPage()
        page.line("# \(report.title)")
        page.line()
        page.line("\(report.tool) · data age judged as of \(report.asOf)")
        page.line()
        page.line("**\(report.failed ? "✗ Failed" : "✓ Passed").** \(e(report.verdict))")
        page.line()
        page.table(report.figures.map { e($0.label) }, alignments: report.figures.map { _ in "---:" }, rows: [
            report.figures.map { "**\(e($0.value))**" },
            report.figures.map { e($0.detail) },
        ])

        page.line("## What was checked")
        page.line()
        page.table(["", ""], alignments: ["---", "---"], rows: report.checked.map { ["**\(e($0.label))**", e($0.value)] })
        if !report.files.isEmpty {
            page.line("### Files")
            page.line()
            page.table(["file", "conversations", "unreadable records", "findings"], alignments: ["---", "---:", "---:", "---"], rows: report.files.map { file in
                [e(file.file) + (file.readError.map { "<br>could not be read: \(e($0))" } ?? ""),
                 AuditReport.number(file.conversations), AuditReport.number(file.unreadableRecords), e(AuditReport.severityCounts(file.findings))]
            })
            if report.unlistedFiles > 0 {
                page.line("… and \(AuditReport.count(report.unlistedFiles, "more file")).")
                page.line()
            }
        }

        page.line("## Findings")
        page.line()
        page.line("### By severity")
        page.line()
        page.table(["severity", "findings"], alignments: ["---", "---:"], rows: report.severities.map { [$0.severity.rawValue, AuditReport.number($0.count)] })
        page.line("### By rule")
        page.line()
        if report.rules.isEmpty {
            page.line("No rule found anything.")
            page.line()
        } else {
            let largest = report.rules.map(\.findings).max() ?? 1
            page.table(
                ["rule", "name", "severity", "confidence", "findings", "conversations", "rate", "threshold", ""],
                alignments: ["---", "---", "---", "---", "---:", "---:", "---:", "---", "---"],
                rows: report.rules.map { rule in
                    [rule.id, e(rule.name), rule.severity.rawValue, rule.confidence, AuditReport.number(rule.findings),
                     AuditReport.number(rule.affected), rule.rate, thresholdText(rule), bar(rule.findings, of: largest)]
                }
            )
        }
        if let note = report.quietRulesNote {
            page.line(e(note))
            page.line()
        }
        if let overTime = report.overTime {
            self.overTime(overTime, into: &page)
        }

        page.line("## Queue outcomes against disconnect types")
        page.line()
        page.line(e(AuditReport.outcomeIntroduction))
        page.line()
        matrix(report.matrix, into: &page)
        if report.mediaMatrices.count > 1 || report.mediaMatrices.first.map({ $0.visits != report.matrix.visits }) == true {
            page.line("### By media type")
            page.line()
            for matrix in report.mediaMatrices {
                page.line("#### \(e(matrix.title))")
                page.line()
                self.matrix(matrix, into: &page)
            }
        }
        if !report.queues.isEmpty {
            page.line("### Queues with contradictory visits")
            page.line()
            page.table(["queue", "media", "visits", "abandoned", "contradictory", "rules"], alignments: ["---", "---", "---:", "---:", "---:", "---"], rows: report.queues.map { queue in
                [e(queue.queue), e(queue.mediaTypes), AuditReport.number(queue.visits), AuditReport.number(queue.abandoned),
                 "**⚠ \(AuditReport.number(queue.contradictory))**", queue.rules.joined(separator: ", ")]
            })
        }

        page.line("## Findings over time")
        page.line()
        page.line("Findings of the conversations that started each \(report.timeline.unit) (UTC); \(report.timeline.unit)s without conversations are left out.")
        page.line()
        let buckets = report.timeline.buckets
        if buckets.isEmpty {
            page.line("No conversation has a readable start.")
            page.line()
        } else {
            let largest = buckets.map(\.bucket.totalFindings).max() ?? 1
            page.table([report.timeline.unit, "conversations", "errors", "warnings", "infos", "findings", ""], alignments: ["---", "---:", "---:", "---:", "---:", "---:", "---"], rows: buckets.filter { $0.bucket.conversations > 0 }.map { label, bucket in
                [label, AuditReport.number(bucket.conversations)] + Severity.allCases.reversed().map { AuditReport.number(bucket.findings[$0, default: 0]) }
                    + [AuditReport.number(bucket.totalFindings), bar(bucket.totalFindings, of: largest)]
            })
        }
        for note in report.timelineNotes {
            page.line(e(note))
            page.line()
        }

        page.line("## Conversations with the most findings")
        page.line()
        if report.worst.isEmpty {
            page.line("No conversation has a finding.")
            page.line()
        } else {
            page.line(e(report.worstIntroduction))
            page.line()
            page.table(["#", "conversation", "where", "findings", "rules"], alignments: ["---:", "---", "---", "---", "---"], rows: report.worst.enumerated().map { index, entry in
                ["\(index + 1)", e(entry.conversationId ?? "(no id)"), "\(e(entry.file)):\(entry.line)", e(AuditReport.severityCounts(entry.findingsBySeverity)), entry.rules.joined(separator: ", ")]
            })
        }

        if !report.rules.isEmpty {
            page.line("## What the rules found, and what to do")
            page.line()
            for rule in report.rules {
                page.line("### \(rule.id) \(e(rule.name))")
                page.line()
                page.line(e("\(rule.severity.rawValue) · \(rule.detailLine)"))
                page.line()
                if let documentation = rule.documentation {
                    page.line("- **What it checks.** \(e(documentation.whatItChecks))")
                    page.line("- **Why it matters.** \(e(documentation.whyItMatters))")
                    page.line("- **What to do.** \(e(documentation.whatToDo))")
                }
                if let location = rule.exampleLocation, let message = rule.exampleMessage {
                    page.line("- **First finding.** \(e(location)): \(e(message))")
                }
                page.line()
            }
        }
        page.line("---")
        page.line()
        page.line("Made by \(report.tool) (\(GenesysLintVersion.informationURI)). `genesys-lint explain RULE` explains any rule.")
        return page.text
    }

    /// Each rule's rate run by run as a text sparkline, this run's rate, the median before it
    /// and the drift verdict.
    private static func overTime(_ overTime: AuditReport.OverTime, into page: inout MarkdownPage) {
        page.line("## Over time")
        page.line()
        page.line(e(overTime.introduction))
        page.line()
        page.line(e(overTime.headline))
        page.line()
        guard overTime.shownRuns > 0 else { return }
        if overTime.rows.isEmpty {
            page.line("No rule found anything in these runs.")
            page.line()
            return
        }
        if let first = overTime.runDates.first, let last = overTime.runDates.last {
            page.line("Runs from \(e(first)) to \(e(last)) (this run); the bars scale to each rule's highest rate, a gap is a run that checked nothing.")
            page.line()
        }
        page.table(["rule", "name", "rate, run by run", "this run", "median before", "drift"], alignments: ["---", "---", "---", "---:", "---:", "---"], rows: overTime.rows.map { row in
            // One scale for every run; this run's bar comes after the mark.
            let bars = Sparkline.text(row.rates)
            return [row.id, e(row.name), "`\(bars.dropLast()) ◆\(bars.suffix(1))`", row.thisRun, row.median, driftText(row.verdict)]
        })
    }

    private static func driftText(_ verdict: DriftVerdict?) -> String {
        guard let verdict else { return "–" }
        switch verdict.outcome {
        case .drifted: return "**⚠ drifted**: \(e(verdict.explanation))"
        case .steady: return "steady"
        case .tooFewConversations, .tooFewRuns: return e(verdict.explanation)
        }
    }

    private static func matrix(_ matrix: AuditReport.Matrix, into page: inout MarkdownPage) {
        guard !matrix.rows.isEmpty else {
            page.line("No queue visits.")
            page.line()
            return
        }
        page.line("\(AuditReport.count(matrix.visits, "queue visit")), \(AuditReport.number(matrix.contradictory)) contradictory\(matrix.contradictory > 0 ? " (marked **⚠**)" : "").")
        page.line()
        var rows = matrix.rows.enumerated().map { index, label in
            [e(label)] + matrix.cells[index].map(cellText) + [AuditReport.number(matrix.cells[index].reduce(0) { $0 + $1.visits })]
        }
        rows.append(["total"] + matrix.columns.indices.map { column in AuditReport.number(matrix.cells.reduce(0) { $0 + $1[column].visits }) } + [AuditReport.number(matrix.visits)])
        page.table(["disconnect type ＼ outcome"] + matrix.columns.map(e) + ["total"], alignments: ["---"] + matrix.columns.map { _ in "---:" } + ["---:"], rows: rows)
        for (row, column, cell) in matrix.contradictoryCells {
            page.line("- ⚠ \(e(row)) × \(e(column)): \(AuditReport.number(cell.contradictory)) of \(AuditReport.count(cell.visits, "visit")) contradictory (\(cell.rules.joined(separator: ", ")))")
        }
        if !matrix.contradictoryCells.isEmpty { page.line() }
    }

    private static func cellText(_ cell: AuditAggregate.OutcomeMatrix.Cell) -> String {
        if cell.contradictory > 0 { return "**\(AuditReport.number(cell.visits)) ⚠ \(AuditReport.number(cell.contradictory))**" }
        return cell.visits == 0 ? "·" : AuditReport.number(cell.visits)
    }

    private static func thresholdText(_ rule: AuditReport.RuleRow) -> String {
        guard let threshold = rule.threshold else { return "–" }
        switch rule.crossed {
        case true?: return "\(e(threshold)): **crossed**"
        case false?: return "\(e(threshold)): not crossed"
        case nil: return e(threshold)
        }
    }

    /// A text bar of up to 20 blocks.
    private static func bar(_ value: Int, of largest: Int) -> String {
        guard value > 0, largest > 0 else { return "" }
        return String(repeating: "█", count: max(1, Int((20 * Double(value) / Double(largest)).rounded())))
    }

    private static func e(_ text: String) -> String {
        AuditEscaping.markdown(text)
    }
}

/// Markdown text, line by line.
private struct MarkdownPage {
    var text = ""

    mutating func line(_ content: String = "") {
        text += content + "\n"
    }

    /// A table followed by a blank line. Cells must be escaped already.
    mutating func table(_ header: [String], alignments: [String], rows: [[String]]) {
        guard !rows.isEmpty else { return }
        line("| " + header.joined(separator: " | ") + " |")
        line("| " + alignments.joined(separator: " | ") + " |")
        for row in rows {
            line("| " + row.joined(separator: " | ") + " |")
        }
        line()
    }
}

/// The audit report as one self-contained web page (`--format html`): inline CSS and inline SVG
/// charts, no script and nothing fetched; it reads on a screen, on a phone and on paper.
enum AuditHTML {
    static func render(_ report: AuditReport) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="\(e(report.tool))">
        <title>\(e(report.title)) · \(report.failed ? "failed" : "passed")</title>
        <style>
        \(stylesheet)\(report.overTime == nil ? "" : "\n" + overTimeStylesheet)
        </style>
        </head>
        <body>
        \(SVGChart.definitions)
        <div class="page">
        <header class="masthead">
        <p class="kicker">Genesys Cloud analytics · conversation-detail export</p>
        <h1>\(e(report.title))</h1>
        <p class="meta">\(e(report.tool)) · data age judged as of \(e(report.asOf))</p>
        <p class="verdict \(report.failed ? "failed" : "passed")"><strong>\(report.failed ? "✗ Failed" : "✓ Passed")</strong> <span>\(e(report.verdict))</span></p>
        </header>
        <nav class="toc" aria-label="Contents"><ol>
        <li><a href="#checked">What was checked</a></li>
        <li><a href="#findings">Findings</a></li>\(report.overTime == nil ? "" : "\n<li><a href=\"#over-time\">Over time</a></li>")
        <li><a href="#outcomes">Queue outcomes</a></li>
        <li><a href="#timeline">\(report.overTime == nil ? "Over time" : "Findings over time")</a></li>
        <li><a href="#worst">Worst conversations</a></li>
        <li><a href="#rules">What to do</a></li>
        </ol></nav>
        <main>
        <section class="figures" aria-label="Key figures">

        """
        for figure in report.figures {
            html += "<div class=\"figure\"><p class=\"figure-label\">\(e(figure.label))</p><p class=\"figure-value\">\(e(figure.value))</p><p class=\"figure-detail\">\(e(figure.detail))</p></div>\n"
        }
        html += "</section>\n"
        html += checked(report)
        html += findings(report)
        if let overTime = report.overTime {
            html += self.overTime(overTime)
        }
        html += outcomes(report)
        html += timeline(report)
        html += worst(report)
        html += explanations(report)
        html += """
        </main>
        <footer>Made by \(e(report.tool)) · <a href="\(e(GenesysLintVersion.informationURI))">\(e(GenesysLintVersion.informationURI))</a> · <code>genesys-lint explain RULE</code> explains any rule.</footer>
        </div>
        </body>
        </html>

        """
        return html
    }

    // MARK: Sections

    private static func checked(_ report: AuditReport) -> String {
        var html = "<section id=\"checked\">\n<h2>What was checked</h2>\n"
        // Two tables side by side on a wide screen, one after the other on a narrow one.
        let half = (report.checked.count + 1) / 2
        html += "<div class=\"facts-grid\">\n"
        for part in [report.checked.prefix(half), report.checked.dropFirst(half)] {
            html += table(class: "facts", header: nil, rows: part.map { fact in
                ["<th scope=\"row\">\(e(fact.label))</th>", "<td>\(e(fact.value))</td>"]
            })
        }
        html += "</div>\n"
        if !report.files.isEmpty {
            html += "<h3>Files</h3>\n"
            html += table(header: [("file", false), ("conversations", true), ("unreadable records", true), ("findings", false)], rows: report.files.map { file in
                let name = "<td class=\"path\">\(e(file.file))" + (file.readError.map { "<br><span class=\"flag\">could not be read: \(e($0))</span>" } ?? "") + "</td>"
                return [name, number(file.conversations), number(file.unreadableRecords), "<td>\(e(AuditReport.severityCounts(file.findings)))</td>"]
            })
            if report.unlistedFiles > 0 {
                html += "<p>… and \(e(AuditReport.count(report.unlistedFiles, "more file"))).</p>\n"
            }
        }
        return html + "</section>\n"
    }

    private static func findings(_ report: AuditReport) -> String {
        var html = "<section id=\"findings\">\n<h2>Findings</h2>\n<h3>By severity</h3>\n"
        html += table(class: "narrow", header: [("severity", false), ("findings", true)], rows: report.severities.map { severity, count in
            ["<td>\(badge(severity))</td>", number(count)]
        })
        html += "<h3>By rule</h3>\n"
        guard !report.rules.isEmpty else {
            return html + "<p>No rule found anything.</p>\n</section>\n"
        }
        let bars = report.rules.sorted { ($1.findings, $0.id) < ($0.findings, $1.id) }.map { rule in
            SVGChart.Bar(label: "\(rule.id) \(rule.name)", value: rule.findings, severity: rule.severity,
                         tooltip: "\(rule.id) \(rule.name): \(AuditReport.count(rule.findings, "finding")) (\(rule.severity.rawValue)) in \(AuditReport.count(rule.affected, "conversation"))")
        }
        let description = "Horizontal bars, one per rule that fired, longest first: " + bars.map { "\($0.label) \($0.value) (\($0.severity.rawValue))" }.joined(separator: "; ") + "."
        html += "<figure class=\"chart-figure\">\n"
        html += SVGChart.horizontalBars(id: "chart-rules", title: "Findings by rule", description: description, bars: bars, axis: "Findings")
        html += "\n<figcaption>Findings by rule; the fill shows the rule's severity (solid: error, striped: warning, dotted: info).</figcaption>\n</figure>\n"
        html += table(header: [("rule", false), ("name", false), ("severity", false), ("confidence", false), ("findings", true), ("conversations", true), ("rate", true), ("threshold", false)], rows: report.rules.map { rule in
            ["<td><a href=\"#rule-\(e(rule.id))\">\(e(rule.id))</a></td>", "<td>\(e(rule.name))</td>", "<td>\(badge(rule.severity))</td>", "<td>\(e(rule.confidence))</td>",
             number(rule.findings), number(rule.affected), "<td class=\"num\">\(e(rule.rate))</td>", "<td>\(threshold(rule))</td>"]
        })
        if let note = report.quietRulesNote {
            html += "<p class=\"muted\">\(e(note))</p>\n"
        }
        return html + "</section>\n"
    }

    private static func outcomes(_ report: AuditReport) -> String {
        var html = "<section id=\"outcomes\">\n<h2>Queue outcomes against disconnect types</h2>\n<p>\(e(AuditReport.outcomeIntroduction))</p>\n"
        html += matrixFigure(report.matrix, id: "chart-matrix", compact: false)
        let multiples = report.mediaMatrices
        if multiples.count > 1 || multiples.first.map({ $0.visits != report.matrix.visits }) == true {
            html += "<h3>By media type</h3>\n<div class=\"multiples\">\n"
            for (index, matrix) in multiples.enumerated() {
                html += matrixFigure(matrix, id: "chart-matrix-\(index + 1)", compact: true)
            }
            html += "</div>\n"
        }
        if !report.queues.isEmpty {
            html += "<h3>Queues with contradictory visits</h3>\n"
            html += table(header: [("queue", false), ("media", false), ("visits", true), ("abandoned", true), ("contradictory", true), ("rules", false)], rows: report.queues.map { queue in
                ["<td class=\"id\">\(e(queue.queue))</td>", "<td>\(e(queue.mediaTypes))</td>", number(queue.visits), number(queue.abandoned),
                 "<td class=\"num flag\">⚠ \(e(AuditReport.number(queue.contradictory)))</td>", "<td>\(e(queue.rules.joined(separator: ", ")))</td>"]
            })
        }
        return html + "</section>\n"
    }

    private static func matrixFigure(_ matrix: AuditReport.Matrix, id: String, compact: Bool) -> String {
        let flagged = matrix.contradictoryCells
        var description = "A table of \(AuditReport.count(matrix.visits, "queue visit")) by disconnect type (rows: \(matrix.rows.joined(separator: ", "))) and outcome (columns: \(matrix.columns.joined(separator: ", "))). "
        description += flagged.isEmpty ? "No contradictory visits."
            : "Contradictory: " + flagged.map { "\($0.row) × \($0.column): \($0.cell.contradictory) of \($0.cell.visits) (\($0.cell.rules.joined(separator: ", ")))" }.joined(separator: "; ") + "."
        let title = compact ? "\(matrix.title): queue visits by disconnect type and outcome" : "Queue visits by disconnect type and outcome"
        var html = "<figure class=\"chart-figure\(compact ? " multiple" : "")\">\n"
        if compact {
            html += "<h4>\(e(matrix.title)) <span class=\"muted\">· \(e(AuditReport.count(matrix.visits, "visit")))\(matrix.contradictory > 0 ? ", <span class=\"flag\">⚠ \(e(AuditReport.number(matrix.contradictory)))</span>" : "")</span></h4>\n"
        }
        html += SVGChart.matrix(id: id, title: title, description: description, matrix: matrix, compact: compact)
        if !compact {
            html += "\n<figcaption>\(e(AuditReport.count(matrix.visits, "queue visit"))), \(e(AuditReport.number(matrix.contradictory))) contradictory. Cells are shaded by count; <span class=\"flag\">⚠</span> red hatched cells hold contradictory visits (the count after ⚠).</figcaption>\n"
            if !flagged.isEmpty {
                html += "<ul class=\"flags\">\n"
                for (row, column, cell) in flagged {
                    html += "<li><span class=\"flag\">⚠</span> <strong>\(e(row)) × \(e(column))</strong>: \(e(AuditReport.number(cell.contradictory))) of \(e(AuditReport.count(cell.visits, "visit"))) contradictory (\(e(cell.rules.joined(separator: ", "))))</li>\n"
                }
                html += "</ul>\n"
            }
        }
        return html + "\n</figure>\n"
    }

    private static func timeline(_ report: AuditReport) -> String {
        let series = report.timeline
        var html = "<section id=\"timeline\">\n<h2>Findings over time</h2>\n<p>Findings of the conversations that started each \(series.unit) (UTC), stacked by severity.</p>\n"
        let columns = series.buckets.map { label, bucket in
            SVGChart.Column(label: series.granularity == .hour ? String(label.suffix(5)) : label, note: "\(AuditReport.number(bucket.conversations)) conv.", findings: bucket.findings)
        }
        let description = "Columns, one per \(series.unit): " + series.buckets.map { "\($0.label): \(AuditReport.severityCounts($0.bucket.findings)) in \(AuditReport.count($0.bucket.conversations, "conversation"))" }.joined(separator: "; ") + "."
        html += "<figure class=\"chart-figure\">\n"
        html += SVGChart.stackedColumns(id: "chart-timeline", title: "Findings per \(series.unit) of conversation start", description: description, columns: columns,
                                        xAxis: series.axisTitle, yAxis: "Findings")
        html += "\n</figure>\n"
        for note in report.timelineNotes {
            html += "<p class=\"muted\">\(e(note))</p>\n"
        }
        if !series.buckets.isEmpty {
            html += "<details><summary>The numbers</summary>\n"
            html += table(header: [(series.unit, false), ("conversations", true), ("errors", true), ("warnings", true), ("infos", true), ("findings", true)], rows: series.buckets.filter { $0.bucket.conversations > 0 }.map { label, bucket in
                ["<td>\(e(label))</td>", number(bucket.conversations)] + Severity.allCases.reversed().map { number(bucket.findings[$0, default: 0]) } + [number(bucket.totalFindings)]
            })
            html += "</details>\n"
        }
        return html + "</section>\n"
    }

    /// Each rule's rate run by run from the history, a small chart per rule, with this run's
    /// rate, the median before it and the drift verdict.
    private static func overTime(_ overTime: AuditReport.OverTime) -> String {
        var html = "<section id=\"over-time\">\n<h2>Over time</h2>\n<p>\(e(overTime.introduction))</p>\n"
        html += "<p class=\"muted\">\(e(overTime.headline))</p>\n"
        guard overTime.shownRuns > 0 else { return html + "</section>\n" }
        guard !overTime.rows.isEmpty else { return html + "<p>No rule found anything in these runs.</p>\n</section>\n" }
        html += table(class: "data trends", header: [("rule", false), ("rate, run by run", false), ("this run", true), ("median before", true), ("drift", false)], rows: overTime.rows.enumerated().map { index, row in
            let runs = zip(overTime.runDates, row.rates).map { date, rate in "\(date): \(rate.map(Summary.percent) ?? "no conversations")" }
            let description = "\(row.id)'s rate in each run, oldest first: " + runs.joined(separator: "; ") + " (this run). Median before this run: \(row.median)."
            let chart = SVGChart.sparkline(
                id: "chart-trend-\(index + 1)", title: "\(row.id) \(row.name): rate over the last \(AuditReport.count(row.rates.count, "run"))", description: description,
                rates: row.rates, median: row.medianValue, drifted: row.verdict?.drifted == true
            )
            let name = row.foundNow ? "<a href=\"#rule-\(e(row.id))\">\(e(row.id))</a>" : e(row.id)
            return ["<th scope=\"row\">\(name) <span class=\"muted\">\(e(row.name))</span></th>", "<td class=\"trend-cell\">\(chart)</td>",
                    "<td class=\"num\">\(e(row.thisRun))</td>", "<td class=\"num\">\(e(row.median))</td>", "<td>\(drift(row.verdict))</td>"]
        })
        html += "<p class=\"muted\">◆ this run (red when the rule drifted); dashed line: the median rate before it. Each chart runs from 0 to the rule's highest rate.</p>\n"
        return html + "</section>\n"
    }

    private static func drift(_ verdict: DriftVerdict?) -> String {
        guard let verdict else { return "–" }
        switch verdict.outcome {
        case .drifted: return "<strong class=\"flag\">⚠ drifted</strong>: \(e(verdict.explanation))"
        case .steady: return "steady <span class=\"muted\">(p = \(e(DriftVerdict.probability(verdict.pValue ?? 1))))</span>"
        case .tooFewConversations, .tooFewRuns: return "<span class=\"muted\">\(e(verdict.explanation))</span>"
        }
    }

    private static func worst(_ report: AuditReport) -> String {
        var html = "<section id=\"worst\">\n<h2>Conversations with the most findings</h2>\n"
        guard !report.worst.isEmpty else {
            return html + "<p>No conversation has a finding.</p>\n</section>\n"
        }
        html += "<p>\(e(report.worstIntroduction))</p>\n"
        html += table(header: [("#", true), ("conversation", false), ("where", false), ("findings", false), ("rules", false)], rows: report.worst.enumerated().map { index, entry in
            [number(index + 1), "<td class=\"id mono\">\(e(entry.conversationId ?? "(no id)"))</td>", "<td class=\"path mono\">\(e(entry.file)):\(entry.line)</td>",
             "<td>\(severityList(entry.findingsBySeverity))</td>", "<td>\(entry.rules.map { "<a href=\"#rule-\(e($0))\">\(e($0))</a>" }.joined(separator: ", "))</td>"]
        })
        return html + "</section>\n"
    }

    private static func explanations(_ report: AuditReport) -> String {
        var html = "<section id=\"rules\">\n<h2>What the rules found, and what to do</h2>\n"
        guard !report.rules.isEmpty else {
            return html + "<p>No rule found anything.</p>\n</section>\n"
        }
        for rule in report.rules {
            html += "<article class=\"rule\" id=\"rule-\(e(rule.id))\">\n<h3><span class=\"rule-id\">\(e(rule.id))</span> \(e(rule.name))</h3>\n"
            html += "<p class=\"rule-meta\">\(badge(rule.severity)) \(e(rule.detailLine))</p>\n<dl>\n"
            if let documentation = rule.documentation {
                html += "<dt>What it checks</dt><dd>\(e(documentation.whatItChecks))</dd>\n"
                html += "<dt>Why it matters</dt><dd>\(e(documentation.whyItMatters))</dd>\n"
                html += "<dt>What to do</dt><dd>\(e(documentation.whatToDo))</dd>\n"
            }
            if let location = rule.exampleLocation, let message = rule.exampleMessage {
                html += "<dt>First finding</dt><dd><span class=\"path mono\">\(e(location))</span>: \(e(message))</dd>\n"
            }
            html += "</dl>\n</article>\n"
        }
        return html + "</section>\n"
    }

    // MARK: Pieces

    /// A table in a horizontally scrolling box. Cells come as whole `<td>`/`<th>` elements.
    private static func table(class className: String = "data", header: [(String, Bool)]?, rows: [[String]]) -> String {
        var html = "<div class=\"table-wrap\"><table class=\"\(className)\">\n"
        if let header {
            html += "<thead><tr>" + header.map { "<th scope=\"col\"\($0.1 ? " class=\"num\"" : "")>\(e($0.0))</th>" }.joined() + "</tr></thead>\n"
        }
        html += "<tbody>\n"
        for row in rows {
            html += "<tr>" + row.joined() + "</tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    private static func number(_ value: Int) -> String {
        "<td class=\"num\">\(e(AuditReport.number(value)))</td>"
    }

    private static func badge(_ severity: Severity) -> String {
        "<span class=\"sev sev-\(severity.rawValue)\">\(severity.rawValue)</span>"
    }

    private static func severityList(_ counts: [Severity: Int]) -> String {
        Severity.allCases.reversed().compactMap { severity in
            let count = counts[severity, default: 0]
            return count > 0 ? "\(badge(severity)) \(e(AuditReport.number(count)))" : nil
        }.joined(separator: " ")
    }

    private static func threshold(_ rule: AuditReport.RuleRow) -> String {
        guard let threshold = rule.threshold else { return "–" }
        switch rule.crossed {
        case true?: return "\(e(threshold)): <strong class=\"flag\">crossed</strong>"
        case false?: return "\(e(threshold)): not crossed"
        case nil: return e(threshold)
        }
    }

    private static func e(_ text: String) -> String {
        AuditEscaping.html(text)
    }

    /// Added to `stylesheet` when the report has an "Over time" section.
    static let overTimeStylesheet = """
    table.trends th[scope=row] { font-weight: 600; white-space: nowrap; }
    td.trend-cell { width: 240px; min-width: 180px; }
    td.trend-cell svg.chart { max-width: 220px; }
    svg.chart .median { stroke: #8c95a5; stroke-width: 1; stroke-dasharray: 4 3; }
    svg.chart .trend { fill: none; stroke: var(--accent); stroke-width: 1.5; }
    svg.chart circle.run { fill: var(--accent); }
    svg.chart .this-run { fill: var(--ink); }
    svg.chart .this-run.drifted { fill: var(--error); }
    """

    static let stylesheet = """
    :root { --ink: #1c2330; --muted: #5a6376; --line: #d8dde6; --panel: #f5f7fa; --accent: #1f4e8c;
      --error: #b42318; --warning: #b25408; --info: #2e6bc6; --ok: #1d7a3e; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; color: var(--ink); background: #fff;
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
    .page { max-width: 1080px; margin: 0 auto; padding: 32px 28px 48px; }
    svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
    .masthead { border-bottom: 3px solid var(--accent); padding-bottom: 18px; }
    .kicker { margin: 0 0 4px; font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
    h1 { margin: 0 0 4px; font-size: 30px; line-height: 1.2; }
    h2 { margin: 44px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); font-size: 21px; line-height: 1.3; }
    h3 { margin: 26px 0 8px; font-size: 16px; }
    h4 { margin: 0 0 6px; font-size: 14px; }
    a { color: var(--accent); }
    .meta { margin: 0 0 14px; color: var(--muted); }
    .muted { color: var(--muted); }
    .verdict { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: baseline; margin: 0; padding: 12px 16px;
      border-left: 6px solid; border-radius: 4px; }
    .verdict strong { font-size: 18px; letter-spacing: .03em; white-space: nowrap; }
    .verdict.failed { background: #fdf0ef; border-color: var(--error); }
    .verdict.failed strong { color: var(--error); }
    .verdict.passed { background: #ecf6ef; border-color: var(--ok); }
    .verdict.passed strong { color: var(--ok); }
    .toc ol { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 14px 0 0; padding: 0; list-style: none; font-size: 14px; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(175px, 1fr)); gap: 12px; margin: 24px 0 0; }
    .figure { padding: 12px 14px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
    .figure p { margin: 0; }
    .figure-label { font-size: 12px; letter-spacing: .04em; text-transform: uppercase; color: var(--muted); }
    .figure-value { font-size: 28px; font-weight: 700; line-height: 1.3; font-variant-numeric: tabular-nums; }
    .figure-detail { font-size: 13px; color: var(--muted); }
    .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 8px 0 16px; }
    table { width: 100%; border-collapse: collapse; font-size: 14px; }
    table.narrow { width: auto; min-width: 260px; }
    th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
    thead th { background: var(--panel); border-bottom: 2px solid var(--line); font-weight: 600; white-space: nowrap; }
    .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .facts-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 0 32px; }
    .facts-grid .table-wrap { margin: 0; }
    table.facts th { width: 11em; color: var(--muted); font-weight: 600; }
    .mono, code { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
    .id, .path { overflow-wrap: anywhere; }
    td.path { min-width: 16em; }
    td.id { min-width: 12em; }
    .sev { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; line-height: 1.6; }
    .sev-error { background: var(--error); }
    .sev-warning { background: var(--warning); }
    .sev-info { background: var(--info); }
    .flag { color: var(--error); font-weight: 700; }
    figure { margin: 12px 0 18px; }
    .chart-figure { break-inside: avoid; page-break-inside: avoid; }
    figcaption { margin-top: 6px; font-size: 13px; color: var(--muted); }
    svg.chart { display: block; width: 100%; height: auto; }
    svg.chart text { font-size: 12px; fill: var(--ink); }
    svg.chart .tick { font-size: 11px; fill: var(--muted); }
    svg.chart .note { font-size: 10px; fill: var(--muted); }
    svg.chart .axis-title { font-size: 12px; font-weight: 600; fill: var(--muted); }
    svg.chart .value { font-size: 11px; font-weight: 700; }
    svg.chart .header { font-weight: 600; }
    svg.chart .total { font-weight: 600; fill: var(--muted); }
    svg.chart .count { font-size: 13px; font-weight: 600; }
    svg.chart .count.light { fill: #fff; }
    svg.chart .count.flagged { fill: var(--error); font-weight: 700; }
    svg.chart .muted { fill: #a0a8b6; }
    svg.chart .grid { stroke: #e7eaf0; stroke-width: 1; }
    svg.chart .axis { stroke: #8c95a5; stroke-width: 1; }
    svg.chart rect.empty { fill: #f7f8fa; stroke: #eceef2; }
    svg.chart rect.contradictory { stroke: var(--error); stroke-width: 2.5; }
    .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 14px; }
    .multiples .chart-figure { margin: 0; padding: 10px 12px; border: 1px solid var(--line); border-radius: 6px; }
    ul.flags { margin: 8px 0 0; padding-left: 20px; font-size: 14px; }
    details { margin: 4px 0 12px; }
    summary { color: var(--accent); font-size: 14px; cursor: pointer; }
    .rule { margin: 14px 0; padding: 14px 18px; border: 1px solid var(--line); border-radius: 6px; break-inside: avoid; page-break-inside: avoid; }
    .rule h3 { margin: 0 0 4px; }
    .rule-id { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; color: var(--accent); }
    .rule-meta { margin: 0; font-size: 13px; color: var(--muted); }
    .rule dl { margin: 8px 0 0; }
    .rule dt { margin-top: 8px; font-weight: 600; }
    .rule dd { margin: 2px 0 0; }
    footer { margin-top: 48px; padding-top: 12px; border-top: 1px solid var(--line); font-size: 13px; color: var(--muted); }
    @media (max-width: 640px) {
      body { font-size: 14px; }
      .page { padding: 18px 14px 32px; }
      h1 { font-size: 24px; }
      h2 { font-size: 19px; margin-top: 34px; }
      .figures { grid-template-columns: repeat(2, 1fr); gap: 8px; }
      .figure-value { font-size: 22px; }
      table { font-size: 13px; }
      th, td { padding: 6px 7px; }
      table.facts th { width: auto; }
      .multiples, .facts-grid { grid-template-columns: 1fr; }
      .chart-figure { overflow-x: auto; -webkit-overflow-scrolling: touch; }
      svg.chart.wide { min-width: 600px; }
    }
    @media print {
      @page { margin: 14mm; }
      body { font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .page { max-width: none; padding: 0; }
      .toc { display: none; }
      a { color: inherit; text-decoration: none; }
      h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
      tr, .figure, .verdict { break-inside: avoid; page-break-inside: avoid; }
      .figures { grid-template-columns: repeat(5, 1fr); }
      .table-wrap { overflow: visible; }
      table { font-size: 8.5pt; }
      th, td { padding: 4px 6px; }
      thead th { white-space: normal; }
      td.path { min-width: 0; }
    }
    """
}

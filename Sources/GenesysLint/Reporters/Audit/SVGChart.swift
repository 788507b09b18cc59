/// The charts of the HTML audit report as inline SVG, drawn by hand from numbers: no script,
/// no external resource, every text escaped. Each chart has a `viewBox` and scales to the
/// width it is given (never wider than drawn), a `<title>` and a `<desc>` that says what it
/// shows in words, and marks that do not rely on colour alone (patterns, symbols, labels).
enum SVGChart {
    /// Average advance of a character of the report's sans-serif font, in ems (an estimate:
    /// SVG text cannot be measured without a script, so labels are sized generously).
    private static let characterWidth = 0.6

    /// Patterns every chart refers to, in one hidden SVG at the start of the body (ids are
    /// shared by the whole document, so they are defined once).
    static let definitions = """
    <svg class="defs" width="0" height="0" aria-hidden="true" focusable="false">
    <defs>
    <pattern id="gl-sev-error" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#b42318"/></pattern>
    <pattern id="gl-sev-warning" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#c4610a"/><rect width="2" height="6" fill="#f7c98f"/></pattern>
    <pattern id="gl-sev-info" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#2e6bc6"/><circle cx="3" cy="3" r="1.2" fill="#cfe0fa"/></pattern>
    <pattern id="gl-contradiction" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="7" height="7" fill="#fdecea"/><rect width="2.2" height="7" fill="#f5b8b2"/></pattern>
    </defs>
    </svg>
    """

    static func fill(_ severity: Severity) -> String {
        "url(#gl-sev-\(severity.rawValue))"
    }

    // MARK: Columns stacked by severity

    struct Column {
        let label: String
        /// A second, smaller line under the label.
        let note: String
        let findings: [Severity: Int]
    }

    /// Vertical columns, one per `columns` element, each stacked by severity (errors at the bottom).
    static func stackedColumns(id: String, title: String, description: String, columns: [Column], xAxis: String, yAxis: String) -> String {
        let width = 760.0, height = 320.0
        let left = 64.0, right = 16.0, top = 44.0, bottom = 74.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var svg = open(id: id, title: title, description: description, width: width, height: height)
        svg += legend(x: left, y: 16)
        guard !columns.isEmpty else {
            svg += text("No dated conversations to show.", x: width / 2, y: top + plotHeight / 2, anchor: "middle", className: "muted")
            return svg + "</svg>"
        }
        let totals = columns.map { $0.findings.values.reduce(0, +) }
        let scale = Scale(maximum: totals.max() ?? 0)
        let y = { (value: Int) in top + plotHeight - plotHeight * Double(value) / Double(scale.top) }
        svg += yTicks(scale, x: left, width: plotWidth, y: y)
        svg += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\"/>\n"
        let slot = plotWidth / Double(columns.count)
        let barWidth = min(56, slot * 0.66)
        let labelWidth = Double(columns.map(\.label.count).max() ?? 0) * 11 * characterWidth + 10
        let labelEvery = max(1, Int((labelWidth / slot).rounded(.up)))
        for (index, column) in columns.enumerated() {
            let center = left + slot * (Double(index) + 0.5)
            var base = 0
            var tooltip = "\(column.label): \(AuditReport.severityCounts(column.findings))"
            if !column.note.isEmpty { tooltip += " (\(column.note))" }
            svg += "<g><title>\(escape(tooltip))</title>"
            for severity in Severity.allCases.reversed() {
                let value = column.findings[severity, default: 0]
                guard value > 0 else { continue }
                svg += "<rect x=\"\(f(center - barWidth / 2))\" y=\"\(f(y(base + value)))\" width=\"\(f(barWidth))\" height=\"\(f(y(base) - y(base + value)))\" fill=\"\(fill(severity))\"/>"
                base += value
            }
            svg += "</g>\n"
            if totals[index] > 0, slot >= 16 {
                svg += text(AuditReport.number(totals[index]), x: center, y: y(totals[index]) - 5, anchor: "middle", className: "value")
            }
            if index % labelEvery == 0 {
                svg += text(column.label, x: center, y: top + plotHeight + 17, anchor: "middle", className: "tick")
                if !column.note.isEmpty, slot * Double(labelEvery) >= Double(column.note.count) * 10 * characterWidth + 6 {
                    svg += text(column.note, x: center, y: top + plotHeight + 31, anchor: "middle", className: "note")
                }
            }
        }
        svg += text(xAxis, x: left + plotWidth / 2, y: height - 10, anchor: "middle", className: "axis-title")
        svg += "<text class=\"axis-title\" transform=\"translate(16 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yAxis))</text>\n"
        return svg + "</svg>"
    }

    // MARK: Horizontal bars

    struct Bar {
        let label: String
        let value: Int
        let severity: Severity
        let tooltip: String
    }

    static func horizontalBars(id: String, title: String, description: String, bars: [Bar], axis: String) -> String {
        let width = 760.0, rowHeight = 26.0, top = 34.0, bottom = 46.0
        let fontSize = 12.0
        let labelWidth = min(330, Double(bars.map(\.label.count).max() ?? 0) * fontSize * characterWidth + 12)
        let left = labelWidth + 8, plotWidth = width - left - 56
        let height = top + rowHeight * Double(max(1, bars.count)) + bottom
        var svg = open(id: id, title: title, description: description, width: width, height: height)
        svg += legend(x: left, y: 14)
        let scale = Scale(maximum: bars.map(\.value).max() ?? 0)
        let x = { (value: Int) in left + plotWidth * Double(value) / Double(scale.top) }
        let plotBottom = top + rowHeight * Double(max(1, bars.count))
        for tick in scale.ticks {
            svg += "<line class=\"grid\" x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(plotBottom))\"/>"
            svg += text(AuditReport.number(tick), x: x(tick), y: plotBottom + 15, anchor: "middle", className: "tick")
        }
        svg += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(plotBottom))\"/>\n"
        for (index, bar) in bars.enumerated() {
            let rowTop = top + rowHeight * Double(index)
            let label = fit(bar.label, width: labelWidth - 8, fontSize: fontSize)
            svg += "<g><title>\(escape(bar.tooltip))</title>"
            svg += text(label, x: labelWidth, y: rowTop + rowHeight / 2 + 4, anchor: "end", className: "label")
            svg += "<rect x=\"\(f(left))\" y=\"\(f(rowTop + 5))\" width=\"\(f(max(1, x(bar.value) - left)))\" height=\"\(f(rowHeight - 10))\" fill=\"\(fill(bar.severity))\"/>"
            svg += text(AuditReport.number(bar.value), x: x(bar.value) + 6, y: rowTop + rowHeight / 2 + 4, anchor: "start", className: "value")
            svg += "</g>\n"
        }
        if bars.isEmpty {
            svg += text("No findings.", x: left + 8, y: top + rowHeight / 2 + 4, anchor: "start", className: "muted")
        }
        svg += text(axis, x: left + plotWidth / 2, y: height - 8, anchor: "middle", className: "axis-title")
        return svg + "</svg>"
    }

    // MARK: Outcome matrix

    /// Queue visits by disconnect type (rows) and outcome (columns): a count per cell, shaded by
    /// count; contradictory cells hatched in red, outlined, and marked ⚠ with their count.
    /// `compact` draws a small multiple (smaller cells, no totals).
    static func matrix(id: String, title: String, description: String, matrix: AuditReport.Matrix, compact: Bool) -> String {
        let cellWidth = compact ? 80.0 : 104.0, cellHeight = compact ? 30.0 : 40.0
        let fontSize = compact ? 11.0 : 12.0
        let columns = matrix.columns + (compact ? [] : ["total"])
        // Small multiples leave the axis titles to the full matrix above them.
        let rowTitle = compact ? "" : "Disconnect type ↓"
        let longestRow = Double(matrix.rows.map(\.count).max() ?? 0) * fontSize * characterWidth + 14
        let rowLabelWidth = max(Double(rowTitle.count) * fontSize * characterWidth + 16, min(compact ? 130 : 210, max(64, longestRow)))
        let headerHeight = compact ? 34.0 : 46.0, axisHeight = compact ? 0.0 : 22.0
        let top = axisHeight + headerHeight
        let rowCount = matrix.rows.count + (compact ? 0 : 1)
        let width = rowLabelWidth + cellWidth * Double(columns.count) + 4
        let height = top + cellHeight * Double(max(1, rowCount)) + 6
        var svg = open(id: id, title: title, description: description, width: width, height: height)
        if !compact {
            svg += text("Outcome of the queue visit →", x: rowLabelWidth + 2, y: 14, anchor: "start", className: "axis-title")
            svg += text(rowTitle, x: 2, y: top - 8, anchor: "start", className: "axis-title")
        }
        for (index, column) in columns.enumerated() {
            let center = rowLabelWidth + cellWidth * (Double(index) + 0.5)
            let words = column.split(separator: " ").map(String.init)
            let lines = words.count > 1 ? [words.dropLast().joined(separator: " "), words.last ?? ""] : [column]
            for (line, word) in lines.enumerated() {
                let y = top - 8 - Double(lines.count - 1 - line) * (fontSize + 2)
                svg += text(fit(word, width: cellWidth - 4, fontSize: fontSize), x: center, y: y, anchor: "middle", className: index < matrix.columns.count ? "header" : "header total")
            }
        }
        if matrix.rows.isEmpty {
            svg += text("No queue visits.", x: rowLabelWidth + 8, y: top + cellHeight / 2 + 4, anchor: "start", className: "muted")
            return svg + "</svg>"
        }
        let largest = max(1, matrix.cells.flatMap { $0.map(\.visits) }.max() ?? 1)
        var columnTotals = Array(repeating: 0, count: matrix.columns.count)
        for (row, label) in matrix.rows.enumerated() {
            let rowTop = top + cellHeight * Double(row)
            svg += "<g><title>\(escape(label))</title>"
            svg += text(fit(label, width: rowLabelWidth - 10, fontSize: fontSize), x: rowLabelWidth - 8, y: rowTop + cellHeight / 2 + 4, anchor: "end", className: "label")
            svg += "</g>\n"
            var rowTotal = 0
            for (column, cell) in matrix.cells[row].enumerated() {
                rowTotal += cell.visits
                columnTotals[column] += cell.visits
                let x = rowLabelWidth + cellWidth * Double(column)
                svg += self.cell(cell, row: label, column: matrix.columns[column], x: x, y: rowTop, width: cellWidth, height: cellHeight, largest: largest, compact: compact)
            }
            if !compact {
                svg += totalCell(rowTotal, x: rowLabelWidth + cellWidth * Double(matrix.columns.count), y: rowTop, width: cellWidth, height: cellHeight)
            }
        }
        if !compact {
            let rowTop = top + cellHeight * Double(matrix.rows.count)
            svg += text("total", x: rowLabelWidth - 8, y: rowTop + cellHeight / 2 + 4, anchor: "end", className: "label total")
            for (column, total) in (columnTotals + [matrix.visits]).enumerated() {
                svg += totalCell(total, x: rowLabelWidth + cellWidth * Double(column), y: rowTop, width: cellWidth, height: cellHeight)
            }
        }
        return svg + "</svg>"
    }

    private static func cell(_ cell: AuditAggregate.OutcomeMatrix.Cell, row: String, column: String, x: Double, y: Double, width: Double, height: Double, largest: Int, compact: Bool) -> String {
        let inset = 1.5
        let box = "x=\"\(f(x + inset))\" y=\"\(f(y + inset))\" width=\"\(f(width - 2 * inset))\" height=\"\(f(height - 2 * inset))\" rx=\"3\""
        var tooltip = "\(row) × \(column): \(AuditReport.count(cell.visits, "visit"))"
        if cell.contradictory > 0 {
            tooltip += ", \(AuditReport.number(cell.contradictory)) contradictory (\(cell.rules.joined(separator: ", ")))"
        }
        var svg = "<g><title>\(escape(tooltip))</title>"
        let center = x + width / 2
        if cell.contradictory > 0 {
            svg += "<rect class=\"contradictory\" \(box) fill=\"url(#gl-contradiction)\"/>"
            if compact {
                svg += text("\(AuditReport.number(cell.visits)) ⚠\(AuditReport.number(cell.contradictory))", x: center, y: y + height / 2 + 4, anchor: "middle", className: "count flagged")
            } else {
                svg += text(AuditReport.number(cell.visits), x: center, y: y + height / 2 - 3, anchor: "middle", className: "count")
                svg += text("⚠ \(AuditReport.number(cell.contradictory))", x: center, y: y + height / 2 + 12, anchor: "middle", className: "count flagged")
            }
        } else if cell.visits == 0 {
            svg += "<rect class=\"empty\" \(box)/>"
            svg += text("·", x: center, y: y + height / 2 + 4, anchor: "middle", className: "count muted")
        } else {
            // Shade by count: light for few visits, deep blue for the largest cell.
            let share = Double(cell.visits) / Double(largest)
            let shade = (red: 232 - 180 * share, green: 240 - 140 * share, blue: 250 - 70 * share)
            svg += "<rect \(box) fill=\"rgb(\(Int(shade.red)),\(Int(shade.green)),\(Int(shade.blue)))\"/>"
            svg += text(AuditReport.number(cell.visits), x: center, y: y + height / 2 + 4, anchor: "middle", className: share > 0.55 ? "count light" : "count")
        }
        return svg + "</g>\n"
    }

    private static func totalCell(_ total: Int, x: Double, y: Double, width: Double, height: Double) -> String {
        text(AuditReport.number(total), x: x + width / 2, y: y + height / 2 + 4, anchor: "middle", className: "count total")
    }

    // MARK: Sparkline of a rate, run by run

    /// A rule's rate in each run shown, oldest first, this run last and marked with a diamond
    /// (red when the rule drifted); the median before this run as a dashed line. The scale runs
    /// from 0 to the highest rate shown; a run without a rate (no conversations) leaves a gap.
    static func sparkline(id: String, title: String, description: String, rates: [Double?], median: Double?, drifted: Bool) -> String {
        let width = 220.0, height = 44.0, inset = 6.0
        var svg = open(id: id, title: title, description: description, width: width, height: height)
        let largest = max(rates.compactMap { $0 }.max() ?? 0, median ?? 0)
        let x = { (index: Int) in rates.count > 1 ? inset + (width - 2 * inset) * Double(index) / Double(rates.count - 1) : width / 2 }
        let y = { (rate: Double) in height - inset - (largest > 0 ? (height - 2 * inset) * rate / largest : 0) }
        svg += "<line class=\"axis\" x1=\"\(f(inset))\" y1=\"\(f(height - inset))\" x2=\"\(f(width - inset))\" y2=\"\(f(height - inset))\"/>"
        if let median {
            svg += "<line class=\"median\" x1=\"\(f(inset))\" y1=\"\(f(y(median)))\" x2=\"\(f(width - inset))\" y2=\"\(f(y(median)))\"/>"
        }
        // The line, broken where a run has no rate.
        var segment: [String] = []
        func closeSegment() {
            if segment.count > 1 { svg += "<polyline class=\"trend\" points=\"\(segment.joined(separator: " "))\"/>" }
            segment = []
        }
        for (index, rate) in rates.enumerated() {
            guard let rate else {
                closeSegment()
                continue
            }
            segment.append("\(f(x(index))),\(f(y(rate)))")
        }
        closeSegment()
        for (index, rate) in rates.enumerated() {
            guard let rate else { continue }
            if index == rates.count - 1 {
                let cx = x(index), cy = y(rate), r = 5.0
                svg += "<path class=\"this-run\(drifted ? " drifted" : "")\" d=\"M\(f(cx)) \(f(cy - r))L\(f(cx + r)) \(f(cy))L\(f(cx)) \(f(cy + r))L\(f(cx - r)) \(f(cy))Z\"/>"
            } else {
                svg += "<circle class=\"run\" cx=\"\(f(x(index)))\" cy=\"\(f(y(rate)))\" r=\"2\"/>"
            }
        }
        return svg + "\n</svg>"
    }

    // MARK: Pieces

    /// The opening tag with its accessible name and description.
    private static func open(id: String, title: String, description: String, width: Double, height: Double) -> String {
        // A wide chart keeps a legible size on a phone and scrolls instead of shrinking further.
        """
        <svg id="\(id)" class="chart\(width >= 600 ? " wide" : "")" viewBox="0 0 \(f(width)) \(f(height))" width="\(f(width))" height="\(f(height))" style="max-width:\(f(width))px" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
        <title id="\(id)-title">\(escape(title))</title>
        <desc id="\(id)-desc">\(escape(description))</desc>

        """
    }

    private static func legend(x: Double, y: Double) -> String {
        var svg = "<g class=\"legend\">"
        var position = x
        for severity in Severity.allCases.reversed() {
            svg += "<rect x=\"\(f(position))\" y=\"\(f(y - 9))\" width=\"12\" height=\"12\" fill=\"\(fill(severity))\"/>"
            svg += text(severity.rawValue, x: position + 17, y: y + 1, anchor: "start", className: "tick")
            position += 17 + Double(severity.rawValue.count) * 11 * characterWidth + 18
        }
        return svg + "</g>\n"
    }

    private static func yTicks(_ scale: Scale, x: Double, width: Double, y: (Int) -> Double) -> String {
        var svg = ""
        for tick in scale.ticks {
            svg += "<line class=\"grid\" x1=\"\(f(x))\" y1=\"\(f(y(tick)))\" x2=\"\(f(x + width))\" y2=\"\(f(y(tick)))\"/>"
            svg += text(AuditReport.number(tick), x: x - 8, y: y(tick) + 4, anchor: "end", className: "tick")
        }
        return svg + "\n"
    }

    private static func text(_ content: String, x: Double, y: Double, anchor: String, className: String) -> String {
        "<text class=\"\(className)\" x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(escape(content))</text>"
    }

    /// `text` cut with an ellipsis to fit `width` (the full text is in the element's title).
    static func fit(_ text: String, width: Double, fontSize: Double) -> String {
        let fits = max(1, Int(width / (fontSize * characterWidth)))
        return text.count <= fits ? text : String(text.prefix(max(1, fits - 1))) + "…"
    }

    private static func escape(_ text: String) -> String {
        AuditEscaping.html(text)
    }

    /// A coordinate with at most one decimal.
    static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// An axis from 0 to a round number at or above the largest value, with 2 to 5 ticks.
    struct Scale: Equatable {
        let top: Int
        let step: Int

        init(maximum: Int) {
            let maximum = Swift.max(1, maximum)
            var magnitude = 1
            while magnitude * 10 <= maximum { magnitude *= 10 }
            let base = Swift.max(1, magnitude / 10)
            let candidates = [1, 2, 5, 10, 20, 50, 100].map { $0 * base }
            let step = candidates.first { maximum.divided(roundingUpBy: $0) <= 5 } ?? magnitude * 10
            self.step = Swift.max(1, step)
            top = maximum.divided(roundingUpBy: self.step) * self.step
        }

        var ticks: [Int] { Array(stride(from: 0, through: top, by: step)) }
    }
}

private extension Int {
    func divided(roundingUpBy divisor: Int) -> Int {
        (self + divisor - 1) / divisor
    }
}

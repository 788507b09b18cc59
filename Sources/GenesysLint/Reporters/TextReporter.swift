/// `--format text`: compiler-style lines (`file:line:column: severity[RULE]: message (pointer)`)
/// that editors and terminals make clickable, then a summary.
public struct TextReporter: Reporter {
    private let colored: Bool
    /// Rule names by id, for the summary table.
    private var ruleNames: [String: String] = [:]

    public init(colored: Bool) {
        self.colored = colored
    }

    public mutating func start(_ context: ReportContext, into output: inout some TextOutputStream) {
        ruleNames = Dictionary(context.rules.map { ($0.rule.id, $0.rule.name) }) { first, _ in first }
    }

    public mutating func add(_ finding: Finding, into output: inout some TextOutputStream) {
        let location = paint("\(Self.printable(finding.file)):\(finding.line):\(finding.column):", .bold)
        let severity = paint("\(finding.severity.rawValue)[\(finding.ruleId)]:", Self.style(of: finding.severity))
        let pointer = paint("(\(finding.pointer.isEmpty ? "/" : Self.printable(finding.pointer)))", .dim)
        output.write("\(location) \(severity) \(Self.printable(finding.message)) \(pointer)\n")
    }

    public mutating func finish(_ summary: Summary, into output: inout some TextOutputStream) {
        var checked = "Checked \(Self.count(summary.files, "file")), \(Self.count(summary.conversations, "conversation"))"
        var notes: [String] = []
        if summary.unreadableRecords > 0 {
            notes.append("\(Self.count(summary.unreadableRecords, "record")) could not be read")
        }
        if summary.skippedRecords > 0 {
            notes.append("\(Self.count(summary.skippedRecords, "record")) of other streams skipped")
        }
        if !notes.isEmpty {
            checked += " (\(notes.joined(separator: "; ")))"
        }
        let baselineNote = (summary.suppressedByBaseline > 0
            ? "\(Self.count(summary.suppressedByBaseline, "finding")) listed in the baseline not shown.\n" : "") + Self.shapesNote(summary)
        guard summary.totalFindings > 0 else {
            output.write("\(checked): \(paint("no findings", .green)).\n\(baselineNote)")
            return
        }
        let parts = Severity.allCases.reversed().compactMap { severity -> String? in
            let count = summary.findingsBySeverity[severity, default: 0]
            return count > 0 ? paint(Self.count(count, severity.rawValue), Self.style(of: severity)) : nil
        }
        output.write("\n\(checked).\nFound \(Self.count(summary.totalFindings, "finding")): \(parts.joined(separator: ", ")).\n\(baselineNote)")
        let rows = summary.findingsByRule.keys.sorted().map { id in
            var threshold = ""
            if let verdict = summary.thresholdVerdicts[id] {
                threshold = "fail if \(verdict.threshold): " + (verdict.crossed ? "crossed" : "not crossed")
            }
            return [id, ruleNames[id] ?? "", String(summary.findingsByRule[id, default: 0]), String(summary.affectedByRule[id, default: 0]), summary.rateText(of: id), threshold]
        }
        let header = ["rule", "name", "findings", "conversations", "rate", rows.contains { !$0[5].isEmpty } ? "threshold" : ""]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        let numeric: Set<Int> = [2, 3, 4]
        for row in [header] + rows {
            let cells = row.indices.map { column in
                numeric.contains(column) ? row[column].padding(left: widths[column]) : row[column].padding(to: widths[column])
            }
            output.write("  " + cells.joined(separator: "  ").trailingSpacesRemoved + "\n")
        }
    }

    /// Which shapes each input was read in, when any was not the API's own JSON (at most
    /// `shownShapeInputs` inputs named).
    static func shapesNote(_ summary: Summary) -> String {
        guard summary.fileTotals.contains(where: { !$0.shapes.subtracting([.api]).isEmpty }) else { return "" }
        let named = summary.fileTotals.filter { !$0.shapes.isEmpty }
        var lines = named.prefix(shownShapeInputs).map { totals in
            "  \(printable(totals.file)): \(totals.shapes.sorted().map(\.described).joined(separator: ", "))\n"
        }
        if named.count > shownShapeInputs {
            lines.append("  and \(count(named.count - shownShapeInputs, "more input")) (the JSON report lists every input)\n")
        }
        return "Read as:\n" + lines.joined()
    }

    static let shownShapeInputs = 10

    /// Control characters from the data shown as escapes, so a value cannot break a line or
    /// send escape sequences to the user's terminal.
    static func printable(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            // C0, DEL and C1: U+009B alone starts an escape sequence on some terminals.
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where isControl(scalar): result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func count(_ value: Int, _ noun: String) -> String {
        // "info" has no plural in findings summaries; everything else takes an s.
        value == 1 || noun == "info" ? "\(value) \(noun)" : "\(value) \(noun)s"
    }

    private enum Style: String {
        case bold = "1", dim = "2", red = "1;31", yellow = "1;33", blue = "1;34", green = "32"
    }

    private static func style(of severity: Severity) -> Style {
        switch severity {
        case .error: .red
        case .warning: .yellow
        case .info: .blue
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        colored ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func padding(left width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    var trailingSpacesRemoved: String {
        String(reversed().drop { $0 == " " }.reversed())
    }
}

/// Writes JSON text. Output only: reading JSON is jansson's job.
enum JSONWriter {
    /// `text` as a quoted JSON string.
    static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    static func quoted(_ text: String?) -> String {
        text.map { quoted($0) } ?? "null"
    }

    /// A finite number as JSON (rates: at most six decimals, no exponent).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        let millionths = Int64((value * 1_000_000).rounded())
        if millionths % 1_000_000 == 0 { return String(millionths / 1_000_000) }
        let sign = millionths < 0 ? "-" : ""
        let magnitude = abs(millionths)
        var fraction = String(magnitude % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(magnitude / 1_000_000).\(fraction)"
    }

    /// A finding as the JSON and NDJSON reports write it; partial reports add where its
    /// conversation is.
    static func finding(_ finding: Finding, withConversationPointer: Bool = false) -> String {
        var members = [
            ("ruleId", quoted(finding.ruleId)),
            ("severity", quoted(finding.severity.rawValue)),
            ("message", quoted(finding.message)),
            ("file", quoted(finding.file)),
            ("line", String(finding.line)),
            ("column", String(finding.column)),
            ("pointer", quoted(finding.pointer)),
            ("conversationId", quoted(finding.conversationId)),
        ]
        if withConversationPointer { members.append(("conversationPointer", quoted(finding.conversationPointer))) }
        return object(members)
    }

    /// The summary object of the JSON report.
    static func summary(_ summary: Summary) -> String {
        let byRule = object(summary.findingsByRule.sorted { $0.key < $1.key }.map { id, count in
            var members = [
                ("findings", String(count)),
                ("conversations", String(summary.affectedByRule[id, default: 0])),
                ("rate", summary.rate(of: id).map { number($0) } ?? "null"),
            ]
            if let verdict = summary.thresholdVerdicts[id] {
                members += [("threshold", quoted(verdict.threshold.text)), ("thresholdCrossed", String(verdict.crossed))]
            }
            return (id, object(members))
        })
        return object([
            ("files", String(summary.files)),
            ("conversations", String(summary.conversations)),
            ("unreadableRecords", String(summary.unreadableRecords)),
            ("skippedRecords", String(summary.skippedRecords)),
            ("findings", bySeverity(summary.findingsBySeverity)),
            ("rules", byRule),
            ("suppressedByBaseline", String(summary.suppressedByBaseline)),
            ("failed", String(summary.failed)),
            ("inputs", array(summary.fileTotals.map { totals in
                object([
                    ("file", quoted(totals.file)),
                    ("shapes", shapes(totals.shapes)),
                    ("conversations", String(totals.conversations)),
                    ("unreadableRecords", String(totals.unreadableRecords)),
                    ("skippedRecords", String(totals.skippedRecords)),
                ])
            })),
        ])
    }

    /// The shapes an input was read in, in a fixed order.
    static func shapes(_ shapes: Set<ExportShape>) -> String {
        array(shapes.sorted().map { quoted($0.rawValue) })
    }

    /// Counts per severity, every severity named.
    static func bySeverity(_ counts: [Severity: Int]) -> String {
        object(["error", "warning", "info"].map { name in (name, String(counts[Severity(rawValue: name) ?? .info, default: 0])) })
    }

    /// Counts keyed by text, in key order.
    static func counts(_ counts: [String: Int]) -> String {
        object(counts.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) })
    }

    /// An array from elements that are already JSON text.
    static func array(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ",") + "]"
    }

    /// The tool object every JSON document of this project starts with.
    static var tool: String {
        object([("name", quoted("genesys-lint")), ("version", quoted(GenesysLintVersion.current))])
    }

    /// An object from ordered key/value pairs whose values are already JSON text.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}

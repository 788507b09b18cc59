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

    /// A finding as the JSON and NDJSON reports write it.
    static func finding(_ finding: Finding) -> String {
        object([
            ("ruleId", quoted(finding.ruleId)),
            ("severity", quoted(finding.severity.rawValue)),
            ("message", quoted(finding.message)),
            ("file", quoted(finding.file)),
            ("line", String(finding.line)),
            ("column", String(finding.column)),
            ("pointer", quoted(finding.pointer)),
            ("conversationId", quoted(finding.conversationId)),
        ])
    }

    /// An object from ordered key/value pairs whose values are already JSON text.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }
}

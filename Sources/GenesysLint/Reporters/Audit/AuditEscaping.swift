/// Text from the data (messages, file names, ids, media types, queue ids, disconnect types) as
/// HTML, SVG and Markdown must carry it: as text, never as markup.
enum AuditEscaping {
    /// For HTML text and attribute values, and for SVG inside HTML.
    static func html(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// For Markdown text and table cells (GitHub Flavored Markdown): punctuation that starts
    /// emphasis, code, links, HTML or a cell boundary is backslash-escaped, angle brackets and
    /// ampersands become entities, and a line break becomes `<br>` so a cell stays one line.
    static func markdown(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var previousWasReturn = false
        for character in text.unicodeScalars {
            defer { previousWasReturn = character == "\r" }
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!":
                result += "\\"
                result.unicodeScalars.append(character)
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\r": result += "<br>"
            case "\n": if !previousWasReturn { result += "<br>" }
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

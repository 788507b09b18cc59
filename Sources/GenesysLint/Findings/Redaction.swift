/// Masks personal data (phone numbers, addresses, names, free text) quoted in messages, so
/// reports can be shared: enough is kept to tell values apart, not to contact anyone.
///
/// `tel:+15551234567` → `tel:+1555•••••67`, `jane.doe@example.com` → `j•••@example.com`,
/// `Jane Doe` → `J••• D•••`. Ids are not personal data and are never masked.
public enum Redaction {
    static let mask: Character = "•"

    public static func redact(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var (scheme, rest) = split(scheme: text)
        if let at = rest.lastIndex(of: "@") {
            // An e-mail or SIP address: the mailbox is personal, the domain is the provider's.
            let mailbox = rest[..<at]
            let domain = rest[rest.index(after: at)...]
            rest = (mailbox.first.map { String($0) } ?? "") + String(repeating: mask, count: 3) + "@" + domain
            return scheme + rest
        }
        if isPhoneLike(rest) {
            return scheme + maskMiddle(rest)
        }
        let words = rest.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count <= 4, rest.count <= 60 else {
            return "[\(rest.count) characters redacted]"
        }
        return scheme + words.map { word in (word.first.map { String($0) } ?? "") + String(repeating: mask, count: 3) }.joined(separator: " ")
    }

    /// The value with every string in it masked.
    static func redact(_ value: Value) -> Value {
        switch value {
        case .string(let text): .string(redact(text))
        case .list(let items): .list(items.map(redact))
        default: value
        }
    }

    /// `tel:`, `sip:`, `mailto:` and the like are kept: they say what kind of address it is.
    private static func split(scheme text: String) -> (String, String) {
        guard let colon = text.firstIndex(of: ":") else { return ("", text) }
        let scheme = text[..<colon]
        guard (1...10).contains(scheme.count), scheme.allSatisfy({ $0.isASCII && $0.isLetter }) else { return ("", text) }
        return (String(text[...colon]), String(text[text.index(after: colon)...]))
    }

    private static func isPhoneLike(_ text: String) -> Bool {
        let digits = text.filter { $0.isASCII && $0.isNumber }.count
        return digits >= 3 && text.allSatisfy { ($0.isASCII && $0.isNumber) || "+-(). ".contains($0) }
    }

    /// Keeps the country and area prefix and the last two digits of a long number.
    private static func maskMiddle(_ text: String) -> String {
        let characters = Array(text)
        let kept = characters.count >= 10 ? (5, 2) : characters.count >= 6 ? (2, 2) : (0, 0)
        return characters.enumerated().map { index, character in
            index < kept.0 || index >= characters.count - kept.1 ? character : mask
        }.reduce(into: "") { $0.append($1) }
    }
}

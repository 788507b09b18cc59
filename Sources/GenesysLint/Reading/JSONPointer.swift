/// RFC 6901 JSON pointers.
public enum JSONPointer {
    /// Whether `pointer` names `ancestor` itself or a value inside it ("" holds everything).
    public static func isWithin(_ pointer: String, _ ancestor: String) -> Bool {
        guard pointer.hasPrefix(ancestor) else { return false }
        let rest = pointer.utf8.dropFirst(ancestor.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "/")
    }

    /// Appends one reference token, escaping `~` and `/`.
    public static func appending(_ token: String, to pointer: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return pointer + "/" + token }
        return pointer + "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The unescaped reference tokens of a pointer ("" has none).
    public static func tokens(of pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { token in
            // Escapes are rare; Foundation's replacing is slow enough to show in profiles.
            guard token.utf8.contains(UInt8(ascii: "~")) else { return String(token) }
            return token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}

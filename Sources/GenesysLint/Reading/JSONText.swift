import GenesysJSON

/// Small conversions between JSON text and Swift values that the reader needs outside a
/// full parse.
enum JSONText {
    /// The text of a quoted JSON string (quotes included), with escapes decoded.
    static func decodeString(_ quoted: [UInt8]) -> String? {
        guard case .success(let document) = JSONDocument.parse(quoted) else { return nil }
        return document.withRoot { $0.string }
    }
}

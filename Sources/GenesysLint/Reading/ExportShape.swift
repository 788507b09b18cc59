/// How a pipeline wrote the records of an export: the analytics API's own JSON, the Python SDK's
/// `to_dict()` spelling of it, or the messages of a Singer tap or an Airbyte source wrapped
/// around either. Read from the content, record by record, never from a file's name.
public enum ExportShape: String, Sendable, CaseIterable, Comparable {
    /// Singer messages: RECORD messages carry the records, SCHEMA, STATE and ACTIVATE_VERSION
    /// messages are skipped.
    case singer
    /// Airbyte messages: a RECORD message's `record.data` is the record; the other messages
    /// (LOG, STATE, TRACE…) are skipped.
    case airbyte
    /// The analytics API's JSON: camelCase keys, absent members left out.
    case api
    /// The Python SDK's `to_dict()`: snake_case keys, every attribute present with `null` where
    /// unset, timestamps as Python writes them (`2024-04-05 12:27:53.386000+00:00`).
    case pythonSDK

    /// For a person: "analytics API JSON", "Python SDK records"…
    public var described: String {
        switch self {
        case .api: "analytics API JSON"
        case .pythonSDK: "Python SDK records (to_dict)"
        case .singer: "Singer messages"
        case .airbyte: "Airbyte messages"
        }
    }

    /// Whether the shape spells the records' keys (rather than wrapping the records).
    var isSpelling: Bool { self == .api || self == .pythonSDK }

    public static func < (lhs: ExportShape, rhs: ExportShape) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

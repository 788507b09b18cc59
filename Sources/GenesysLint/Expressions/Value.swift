/// A value an expression computes. Timestamps are numbers (milliseconds since 1970), so they
/// compare and subtract like numbers.
public enum Value: Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([Value])
    /// A JSON object read from a raw field: present, and equal to any other object (rules can
    /// test that it exists, not what it holds).
    case object

    init(_ integer: Int64?) {
        self = integer.map { .number(Double($0)) } ?? .null
    }

    init(_ text: String?) {
        self = text.map { .string($0) } ?? .null
    }

    /// "a number", "text"…, for messages about values of the wrong kind.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "text"
        case .list: "a list"
        case .object: "an object"
        }
    }

    /// A key that tells values of different kinds apart (the text "1" is not the number 1).
    var identityKey: String {
        "\(kindName):\(description)"
    }

    /// The text of a string value, nil for any other.
    var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Only `true` fires a rule; `null`, numbers and text never do.
    var isTrue: Bool {
        if case .bool(true) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): Self.format(value)
        case .string(let value): value
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object: "{…}"
        }
    }

    /// Integers without a trailing ".0"; everything else as Swift prints it.
    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}

/// A value an expression computes. Timestamps are numbers (milliseconds since 1970), so they
/// compare and subtract like numbers.
public enum Value: Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([Value])
    /// A JSON object read from a raw field: present, but not comparable to anything.
    case object

    init(_ integer: Int64?) {
        self = integer.map { .number(Double($0)) } ?? .null
    }

    init(_ text: String?) {
        self = text.map { .string($0) } ?? .null
    }

    /// Only `true` fires a rule; `null`, numbers and text never do.
    var isTrue: Bool { self == .bool(true) }

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

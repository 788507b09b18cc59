/// A finding's message with `{expression}` placeholders, compiled when the rule loads.
public struct MessageTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        /// `personal`: the value may quote personal data, and is masked when redacting.
        case expression(Expression, personal: Bool)
        /// The reader's own description of the problem (reader rules only).
        case detail
    }

    let parts: [Part]

    /// Parses `text`; `compile` resolves each placeholder (nil for `{detail}` in reader rules).
    static func parse(_ text: String, compile: (String, Int) throws(ExpressionError) -> Part) throws(ExpressionError) -> MessageTemplate {
        if let characters = ASCIICharacter.characters(of: text) {
            return try parse(characters, compile: compile)
        }
        return try parse(Array(text), compile: compile)
    }

    /// Offsets count Characters (see `ExpressionTextUnit`).
    private static func parse<Unit: ExpressionTextUnit>(_ characters: [Unit], compile: (String, Int) throws(ExpressionError) -> Part) throws(ExpressionError) -> MessageTemplate {
        var parts: [Part] = []
        var literal: [Unit] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "{" || character == "}", index + 1 < characters.count, characters[index + 1] == character {
                literal.append(character)
                index += 2
                continue
            }
            if character == "}" {
                throw ExpressionError("unmatched '}' in the message; write '}}' for a literal brace", at: index)
            }
            guard character == "{" else {
                literal.append(character)
                index += 1
                continue
            }
            guard let close = characters[index...].firstIndex(of: "}") else {
                throw ExpressionError("'{' without a closing '}' in the message; write '{{' for a literal brace", at: index)
            }
            if !literal.isEmpty {
                parts.append(.text(Unit.string(literal[...])))
                literal = []
            }
            let inner = Unit.string(characters[(index + 1)..<close])
            do {
                parts.append(try compile(inner, index + 1))
            } catch {
                throw ExpressionError(error.message, at: index + 1 + error.offset)
            }
            index = close + 1
        }
        if !literal.isEmpty { parts.append(.text(Unit.string(literal[...]))) }
        return MessageTemplate(parts: parts)
    }

    /// The `{expression}` placeholders, in the order of the message.
    var placeholders: [Expression] {
        parts.compactMap { if case .expression(let expression, _) = $0 { expression } else { nil } }
    }

    /// The message for one finding.
    func render(evaluate: (Expression) -> Value, detail: String = "", redact: Bool = false) -> String {
        var values: [Value] = []
        for part in parts {
            if case .expression(let expression, _) = part { values.append(evaluate(expression)) }
        }
        return text(with: values, detail: detail, redact: redact)
    }

    /// The message with the values of its placeholders given, in the order of `placeholders`:
    /// a message can be written after the conversation it quotes is gone.
    func text(with values: [Value], detail: String = "", redact: Bool = false) -> String {
        var message = ""
        var placeholder = 0
        for part in parts {
            switch part {
            case .text(let text):
                message += text
            case .detail:
                message += detail
            case .expression(let expression, let personal):
                var value = placeholder < values.count ? values[placeholder] : .null
                placeholder += 1
                if personal, redact { value = Redaction.redact(value) }
                if expression.isTimestamp, case .number(let milliseconds) = value {
                    message += Timestamp.format(milliseconds: Int64(milliseconds))
                } else {
                    message += value.description
                }
            }
        }
        return message
    }
}

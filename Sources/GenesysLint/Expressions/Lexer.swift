/// Tokens of the rule expression language.
struct Token: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case string(String)
        case number(Double)
        case symbol(String)
        case end
    }

    let kind: Kind
    /// Offset of the token's first character in the expression, in characters.
    let offset: Int
}

/// Splits an expression into tokens; the only failure is a character that starts no token.
struct Lexer {
    static let symbols = ["==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",", "."]

    static func tokenize(_ text: String) throws(ExpressionError) -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            let start = index
            if character.isLetter || character == "_" {
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                    index += 1
                }
                tokens.append(Token(kind: .identifier(String(characters[start..<index])), offset: start))
            } else if character.isASCII, character.isNumber {
                while index < characters.count, characters[index].isASCII,
                      characters[index].isNumber || characters[index] == "." || characters[index] == "e" || characters[index] == "E"
                      || ((characters[index] == "-" || characters[index] == "+") && (characters[index - 1] == "e" || characters[index - 1] == "E")) {
                    index += 1
                }
                guard let number = Double(String(characters[start..<index])) else {
                    throw ExpressionError("'\(String(characters[start..<index]))' is not a number", at: start)
                }
                tokens.append(Token(kind: .number(number), offset: start))
            } else if character == "'" || character == "\"" {
                index += 1
                var value = ""
                var closed = false
                while index < characters.count {
                    let next = characters[index]
                    index += 1
                    if next == character {
                        closed = true
                        break
                    }
                    if next == "\\", index < characters.count {
                        let escaped = characters[index]
                        index += 1
                        switch escaped {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        default: value.append(escaped)
                        }
                    } else {
                        value.append(next)
                    }
                }
                guard closed else { throw ExpressionError("text starting here has no closing \(character)", at: start) }
                tokens.append(Token(kind: .string(value), offset: start))
            } else if let symbol = symbols.first(where: { matches($0, characters, at: index) }) {
                index += symbol.count
                tokens.append(Token(kind: .symbol(symbol), offset: start))
            } else {
                let hint = character == "=" ? "; compare with '=='" : character == "&" || character == "|" ? "; write 'and' / 'or'" : character == "!" ? "; write 'not'" : ""
                throw ExpressionError("unexpected character '\(character)'\(hint)", at: start)
            }
        }
        tokens.append(Token(kind: .end, offset: characters.count))
        return tokens
    }

    private static func matches(_ symbol: String, _ characters: [Character], at index: Int) -> Bool {
        let symbolCharacters = Array(symbol)
        guard index + symbolCharacters.count <= characters.count else { return false }
        return Array(characters[index..<(index + symbolCharacters.count)]) == symbolCharacters
    }
}

/// A mistake in an expression, at a character offset inside it.
public struct ExpressionError: Error, Equatable, Sendable {
    public let message: String
    public let offset: Int

    init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}

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
        if let characters = ASCIICharacter.characters(of: text) {
            return try tokenize(characters)
        }
        return try tokenize(Array(text))
    }

    private static func tokenize<Unit: ExpressionTextUnit>(_ characters: [Unit]) throws(ExpressionError) -> [Token] {
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
                tokens.append(Token(kind: .identifier(Unit.string(characters[start..<index])), offset: start))
            } else if character.isASCII, character.isNumber {
                while index < characters.count, characters[index].isASCII,
                      characters[index].isNumber || characters[index] == "." || characters[index] == "e" || characters[index] == "E"
                      || ((characters[index] == "-" || characters[index] == "+") && (characters[index - 1] == "e" || characters[index - 1] == "E")) {
                    index += 1
                }
                let text = Unit.string(characters[start..<index])
                guard let number = Double(text) else {
                    throw ExpressionError("'\(text)' is not a number", at: start)
                }
                tokens.append(Token(kind: .number(number), offset: start))
            } else if character == "'" || character == "\"" {
                index += 1
                var value: [Unit] = []
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
                guard closed else { throw ExpressionError("text starting here has no closing \(Unit.string([character][...]))", at: start) }
                tokens.append(Token(kind: .string(Unit.string(value[...])), offset: start))
            } else if let symbol = symbols.first(where: { matches($0, characters, at: index) }) {
                index += symbol.utf8.count
                tokens.append(Token(kind: .symbol(symbol), offset: start))
            } else {
                let hint = character == "=" ? "; compare with '=='" : character == "&" || character == "|" ? "; write 'and' / 'or'" : character == "!" ? "; write 'not'" : ""
                throw ExpressionError("unexpected character '\(Unit.string([character][...]))'\(hint)", at: start)
            }
        }
        tokens.append(Token(kind: .end, offset: characters.count))
        return tokens
    }

    /// Whether `symbol` (ASCII) is spelt out at `index`.
    private static func matches<Unit: ExpressionTextUnit>(_ symbol: String, _ characters: [Unit], at index: Int) -> Bool {
        var position = index
        for scalar in symbol.unicodeScalars {
            guard position < characters.count, characters[position] == Unit(scalar) else { return false }
            position += 1
        }
        return true
    }
}

/// One character of expression or message text, as the lexer and the message parser read it.
///
/// Offsets in errors count Characters. Most texts (every built-in rule's) are ASCII without
/// carriage returns, where every byte is a Character of its own: those are read byte by byte
/// as `ASCIICharacter`s, which costs far less than splitting text into Characters. Any other
/// text is read as `Character`s. One generic algorithm serves both, and an ASCII byte answers
/// each question exactly as the Character it is would, so both read the same language with
/// the same offsets.
protocol ExpressionTextUnit: Equatable, ExpressibleByUnicodeScalarLiteral {
    /// The unit of an ASCII scalar.
    init(_ scalar: Unicode.Scalar)
    var isWhitespace: Bool { get }
    var isLetter: Bool { get }
    var isNumber: Bool { get }
    var isASCII: Bool { get }
    /// The text of a run of units.
    static func string(_ units: ArraySlice<Self>) -> String
}

extension Character: ExpressionTextUnit {
    static func string(_ units: ArraySlice<Character>) -> String {
        String(units)
    }
}

/// A byte of ASCII text: a whole Character (see `ExpressionTextUnit`).
struct ASCIICharacter: ExpressionTextUnit {
    let byte: UInt8

    init(_ scalar: Unicode.Scalar) {
        byte = UInt8(truncatingIfNeeded: scalar.value)
    }

    init(unicodeScalarLiteral scalar: Unicode.Scalar) {
        self.init(scalar)
    }

    private init(byte: UInt8) {
        self.byte = byte
    }

    /// The bytes of `text` when each is a Character of its own: ASCII, and no carriage return
    /// (which with a following line feed makes one Character of two bytes). Nil otherwise.
    static func characters(of text: String) -> [ASCIICharacter]? {
        var text = text
        return text.withUTF8 { utf8 in
            guard utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) else { return nil }
            return utf8.map(ASCIICharacter.init(byte:))
        }
    }

    // Unicode's White_Space, alphabetic and numeric properties, restricted to ASCII.
    var isWhitespace: Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
    var isLetter: Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    var isNumber: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    var isASCII: Bool { true }

    static func string(_ units: ArraySlice<ASCIICharacter>) -> String {
        String(unsafeUninitializedCapacity: units.count) { buffer in
            for (offset, unit) in units.enumerated() { buffer[offset] = unit.byte }
            return units.count
        }
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

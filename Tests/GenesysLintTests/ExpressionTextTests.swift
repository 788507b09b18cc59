import Testing
@testable import GenesysLint

/// ASCII text is lexed byte by byte and other text Character by Character (see
/// `ExpressionTextUnit`); both must read the same language, with offsets in Characters.
@Suite("Expression text units")
struct ExpressionTextTests {
    @Test("an ASCII byte answers every question as the Character it is")
    func asciiBytesClassifyAsCharacters() {
        for value in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(value)
            let byte = ASCIICharacter(scalar)
            let character = Character(scalar)
            #expect(byte.isWhitespace == character.isWhitespace, "\(value)")
            #expect(byte.isLetter == character.isLetter, "\(value)")
            #expect(byte.isNumber == character.isNumber, "\(value)")
            #expect(byte.isASCII == character.isASCII, "\(value)")
            #expect(ASCIICharacter.string([byte][...]) == String(character))
        }
    }

    @Test("only ASCII without carriage returns is read byte by byte")
    func byteByByteOnlyWhereBytesAreCharacters() {
        #expect(ASCIICharacter.characters(of: "a == 'b'")?.count == 8)
        #expect(ASCIICharacter.characters(of: "") != nil)
        #expect(ASCIICharacter.characters(of: "a == 'é'") == nil)
        #expect(ASCIICharacter.characters(of: "a\r\n== b") == nil)
    }

    @Test("tokens and their offsets are the same either way")
    func sameTokensEitherWay() throws {
        let ascii = try Lexer.tokenize("segmentType == 'alert' and durationMs >= 1.5e3")
        let unicode = try Lexer.tokenize("segmentType == 'alért' and durationMs >= 1.5e3")
        #expect(ascii.map(\.offset) == unicode.map(\.offset))
        #expect(unicode[2].kind == .string("alért"))
        // "\r\n" is one Character.
        #expect(try Lexer.tokenize("a\r\n== b").map(\.offset) == [0, 2, 5, 6])
        #expect(caught { () throws(ExpressionError) in _ = try Lexer.tokenize("'é' = 1") } == ExpressionError("unexpected character '='; compare with '=='", at: 4))
        #expect(caught { () throws(ExpressionError) in _ = try Lexer.tokenize("'e' = 1") } == ExpressionError("unexpected character '='; compare with '=='", at: 4))
    }

    @Test("message placeholders are found at the same offsets either way")
    func sameMessageOffsetsEitherWay() throws {
        var offsets: [[Int]] = []
        for text in ["value {a} and {b}", "válue {a} and {b}"] {
            var seen: [Int] = []
            _ = try MessageTemplate.parse(text) { _, offset throws(ExpressionError) in
                seen.append(offset)
                return .detail
            }
            offsets.append(seen)
        }
        #expect(offsets == [[7, 15], [7, 15]])
        let error = caught { () throws(ExpressionError) in _ = try MessageTemplate.parse("é {a") { _, _ throws(ExpressionError) in .detail } }
        #expect(error?.offset == 2)
    }
}

import GenesysJSON
import Testing

@Suite("Editing JSON documents (GenesysJSON)")
struct EditableJSONDocumentTests {
    static func document(_ text: String) throws -> EditableJSONDocument {
        try #require(Array(text.utf8).withUnsafeBytes { EditableJSONDocument.parse($0) })
    }

    static func text(_ document: EditableJSONDocument) -> String {
        String(decoding: document.serialized(), as: UTF8.self)
    }

    @Test func replaceInsertRemoveAndCopy() throws {
        let document = try Self.document(#"{"a":[1,2,3],"b":{"c":"x"}}"#)
        #expect(document.replace(at: [.member("b"), .member("c")], with: .string("y\u{0}z")))
        #expect(document.insert(.copy(of: [.member("b")]), at: [.member("a"), .element(0)]))
        #expect(document.remove(at: [.member("a"), .element(3)]))
        #expect(document.insert(.null, at: [.member("d")]))
        #expect(Self.text(document) == #"{"a":[{"c":"y\u0000z"},1,2],"b":{"c":"y\u0000z"},"d":null}"#)
    }

    @Test func reorder() throws {
        let document = try Self.document(#"{"a":[1,2,3],"b":true,"c":false}"#)
        #expect(document.swapElements(inArrayAt: [.member("a")], 0, 2))
        #expect(document.moveMemberToEnd(at: [.member("a")]))
        #expect(Self.text(document) == #"{"b":true,"c":false,"a":[3,2,1]}"#)
    }

    @Test("an edit whose path does not exist or does not fit changes nothing")
    func impossibleEdits() throws {
        let document = try Self.document(#"{"a":[1],"b":"x"}"#)
        #expect(!document.replace(at: [.member("zz"), .member("c")], with: .null))
        #expect(!document.replace(at: [.member("a"), .element(5)], with: .null))
        #expect(!document.insert(.null, at: [.member("a"), .element(3)]))
        #expect(!document.insert(.null, at: [.member("b"), .member("c")]))
        #expect(!document.remove(at: [.member("b"), .element(0)]))
        #expect(!document.swapElements(inArrayAt: [.member("a")], 0, 1))
        #expect(!document.insert(.copy(of: [.member("nothing")]), at: [.member("c")]))
        #expect(Self.text(document) == #"{"a":[1],"b":"x"}"#)
    }

    @Test func serializedStyles() throws {
        let document = try Self.document(#"{"a":["é"]}"#)
        #expect(String(decoding: document.serialized(indent: 2), as: UTF8.self) == "{\n  \"a\": [\n    \"é\"\n  ]\n}")
        #expect(String(decoding: document.serialized(asciiOnly: true), as: UTF8.self) == #"{"a":["\u00E9"]}"#)
    }

    @Test("the first value of a stream is read with the bytes it took")
    func firstValue() throws {
        let parsed = try Array("  [1, 2] {\"next\": 1}".utf8).withUnsafeBytes { try JSONDocument.parseFirstValue($0).get() }
        #expect(parsed.length == 8)
        #expect(parsed.document.withRoot { $0.count } == 2)
    }
}

import Foundation
import GenesysJSON
import Testing
@testable import genesys_lint_fuzz

@Suite("The fuzzer's structure-aware mutator")
struct StructureMutatorTests {
    static let mutator = StructureMutator(vocabulary: .builtIn)

    static let conversation = #"{"conversationId":"c1","conversationStart":"2026-03-02T10:00:00.000Z","conversationEnd":"2026-03-02T10:05:00.000Z","participants":[{"purpose":"customer","sessions":[{"mediaType":"voice","direction":"inbound","segments":[{"segmentType":"interact","segmentStart":"2026-03-02T10:00:00.000Z","segmentEnd":"2026-03-02T10:05:00.000Z","disconnectType":"client"}],"metrics":[{"name":"nConnected","value":1,"emitDate":"2026-03-02T10:00:01.000Z"}]}]},{"purpose":"acd","sessions":[{"mediaType":"voice","segments":[{"segmentType":"alert","segmentStart":"2026-03-02T10:00:00.000Z","segmentEnd":"2026-03-02T10:00:02.000Z"}]}]}]}"#

    static func variations(of text: String, count: Int = 400, maxSize: Int = 1 << 16) -> [[UInt8]] {
        (0..<count).compactMap { mutator.mutate(Array(text.utf8), maxSize: maxSize, seed: UInt32($0)) }
    }

    @Test("every variation of a JSON document is JSON, and a seed always makes the same one")
    func variationsAreJSON() throws {
        let variations = Self.variations(of: Self.conversation)
        #expect(variations.count == 400)
        for variation in variations {
            #expect((try? JSONDocument.parse(variation).get()) != nil, "\(String(decoding: variation, as: UTF8.self))")
        }
        let again = Self.variations(of: Self.conversation)
        #expect(again == variations)
        #expect(Set(variations).count > 300, "most seeds make a different variation")
    }

    @Test("variations swap in the vocabulary's values: deprecated ones, other APIs' spellings, SDK placeholders")
    func variationsUseTheVocabulary() {
        let vocabulary = MutationVocabulary.builtIn
        #expect(!vocabulary.otherAPISpellings.isEmpty && !vocabulary.sdkPlaceholders.isEmpty)
        let texts = Self.variations(of: Self.conversation, count: 3000).map { String(decoding: $0, as: UTF8.self) }
        func quoted(_ value: String) -> String { "\"\(value)\"" }
        #expect(texts.contains { text in vocabulary.otherAPISpellings.contains { text.contains(quoted($0)) } })
        #expect(texts.contains { text in vocabulary.sdkPlaceholders.contains { text.contains(quoted($0)) } })
        let deprecated = vocabulary.enumerations["disconnectType"]?.deprecated ?? []
        #expect(!deprecated.isEmpty && texts.contains { text in deprecated.contains { text.contains(quoted($0)) } })
    }

    @Test("variations drop, repeat and reorder whole participants, and shift timestamps")
    func variationsChangeStructure() throws {
        let counts = try Self.variations(of: Self.conversation, count: 3000).map { variation in
            try JSONDocument.parse(variation).get().withRoot { root in root["participants"]?.count ?? -1 }
        }
        #expect(counts.contains(1) && counts.contains(3))
        let texts = Self.variations(of: Self.conversation, count: 1000).map { String(decoding: $0, as: UTF8.self) }
        #expect(texts.contains { !$0.contains("2026-03-02T10:05:00.000Z") && $0.contains("conversationEnd") })
    }

    @Test("NDJSON stays lines with its broken lines kept as they are, or becomes one envelope of its conversations")
    func linesStayLines() {
        let text = Self.conversation + "\n{\"conversationId\": tru\n" + Self.conversation + "\n"
        let variations = Self.variations(of: text, count: 200)
        #expect(variations.count == 200)
        var reshaped = 0
        for variation in variations {
            // Bytes, not characters: CRLF is one character in Swift.
            let lines = variation.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if lines.contains(where: { $0.starts(with: Array("{\"conversationId\": tru".utf8)) }) { continue }
            #expect((try? JSONDocument.parse(variation).get())?.withRoot { $0["conversations"]?.count } == 2)
            reshaped += 1
        }
        #expect(reshaped > 0 && reshaped < 40)
    }

    @Test("input that is not JSON is left to libFuzzer's byte mutations; no variation is longer than allowed")
    func limits() {
        #expect(Self.mutator.mutate(Array("not json at all".utf8), maxSize: 100, seed: 1) == nil)
        for variation in Self.variations(of: Self.conversation, maxSize: 700) {
            #expect(variation.count <= 700)
        }
    }
}

@Suite("The fuzz target's view of an input")
struct InputDocumentsTests {
    @Test("a line and column is the byte where that character begins; the end of the text is a place")
    func offsets() {
        let marked = InputDocuments(text: [0xEF, 0xBB, 0xBF] + Array("{\"a\":\"é\",\"\"".utf8))
        #expect(marked.offset(line: 1, column: 1) == 3)
        #expect(marked.offset(line: 1, column: 8) == 11)
        #expect(marked.offset(line: 1, column: 11) == 14)
        #expect(marked.offset(line: 1, column: 12) == 15)
        #expect(marked.offset(line: 1, column: 13) == nil)
        let lines = InputDocuments(text: Array("{}\n[1]\n".utf8))
        #expect(lines.offset(line: 2, column: 2) == 4)
        #expect(lines.offset(line: 3, column: 1) == 7)
        #expect(lines.offset(line: 2, column: 5) == nil)
    }

    @Test("NDJSON lines are documents of their own, a broken line none; documents one after another up to the first broken one")
    func documents() {
        let lines = InputDocuments(text: Array("{\"a\":1}\n{\"a\":\n[2]\n".utf8))
        #expect(lines.documents.map(\.range) == [0..<7, 14..<17])
        let documents = InputDocuments(text: Array("{\n\"a\": 1}\n{} [1] {\"b\" 2} [3]".utf8))
        #expect(documents.documents.map(\.range) == [0..<9, 10..<12, 13..<16])
        #expect(InputDocuments(text: Array("2;x".utf8)).documents.isEmpty)
    }

    @Test("a page that repeats \"conversations\" is read member by member where it is a stream: jansson's tree is not what the linter read there")
    func repeatedConversations() throws {
        let page = InputDocuments(text: Array("{\"conversations\": [],\n\"conversations\" : 5, \"x\": \"conversations\"}".utf8))
        let document = try #require(page.documents.first)
        #expect(document.repeatsConversations)
        #expect(!document.isReadAsParsed(at: "/conversations/0") && document.isReadAsParsed(at: "/totalHits"))
        #expect(InputDocuments(text: Array("{\"conversations\": [], \"x\": \"conversations\"}".utf8)).documents.first?.repeatsConversations == false)
    }
}

extension StructureMutatorTests {
    @Test("a variation of the last variation is the same whether its export is reused or read again")
    func reusingTheLastExport() {
        let last = StructureMutator.LastVariation()
        var current = Array(Self.conversation.utf8)
        for seed in 0..<300 as Range<UInt32> {
            let fresh = Self.mutator.mutate(current, maxSize: 1 << 16, seed: seed)
            let reused = Self.mutator.mutate(current, maxSize: 1 << 16, seed: seed, last: last)
            #expect(fresh == reused)
            // Every fifth round starts again, as libFuzzer does after a few mutations.
            current = seed % 5 == 4 ? Array(Self.conversation.utf8) : reused ?? current
        }
    }
}

extension StructureMutatorTests {
    @Test("some variations repeat a member in its object or write a letter of a name as a \\u escape, and still read as JSON")
    func textTouches() throws {
        let texts = Self.variations(of: Self.conversation, count: 2000).map { String(decoding: $0, as: UTF8.self) }
        #expect(texts.contains { $0.contains("\\u00") })
        let repeated = texts.filter { text in
            ["\"conversationId\":", "\"purpose\":", "\"segmentType\":", "\"name\":"].contains { text.components(separatedBy: $0).count > Self.conversation.components(separatedBy: $0).count }
        }
        #expect(!repeated.isEmpty)
    }

    @Test("a crossover puts an element of one input into the collection of the same name in the other")
    func crossOver() throws {
        let donor = #"{"conversationId":"d1","participants":[{"purpose":"agent","participantId":"from-donor","sessions":[]}]}"#
        var received = 0
        for seed in 0..<200 as Range<UInt32> {
            guard let crossed = Self.mutator.crossOver(Array(Self.conversation.utf8), Array(donor.utf8), maxSize: 1 << 16, seed: seed) else { continue }
            let count = try JSONDocument.parse(crossed).get().withRoot { $0["participants"]?.count }
            if count == 3, String(decoding: crossed, as: UTF8.self).contains("from-donor") { received += 1 }
        }
        #expect(received > 50)
        #expect(Self.mutator.crossOver(Array("[1]".utf8), Array(donor.utf8), maxSize: 1 << 16, seed: 1) == nil)
    }
}

@Suite("The fuzz target's promise about fix")
struct FixPromiseTests {
    @Test("a conversation with another API's disconnect type and a day without its leading zero: fixed, checking it finds neither rule, and the promise holds")
    func fixedRulesAreGone() {
        let text = StructureMutatorTests.conversation
            .replacingOccurrences(of: "\"disconnectType\":\"client\"", with: "\"disconnectType\":\"transfer.noanswer\"")
            .replacingOccurrences(of: "\"conversationStart\":\"2026-03-02T10:00:00.000Z\"", with: "\"conversationStart\":\"2026-03-2T10:00:00.000Z\"")
        let bytes = Array(text.utf8)
        let linter = FuzzTarget.linter
        let before = Set(RecordedRun(linter: linter, jobs: 1, inputs: [("in.json", bytes)]).findings.map(\.ruleId))
        #expect(before.isSuperset(of: ["GDQ106", "GDQ007"]), "\(before)")
        let fixed = FixPromise.fixed([("in.json", bytes)], linter: linter)
        #expect(fixed.lines.count == 1 && fixed.result.conversationsChanged == 1)
        let output = Array(fixed.lines.map { $0 + [UInt8(ascii: "\n")] }.joined())
        let after = Set(RecordedRun(linter: linter, jobs: 1, inputs: [("fixed.ndjson", output)]).findings.map(\.ruleId))
        #expect(after.isDisjoint(with: ["GDQ106", "GDQ007"]), "\(after)")
        // Traps if it does not hold.
        FixPromise.check(bytes, linter: linter)
    }
}

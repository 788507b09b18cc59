import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint
@testable import genesys_lint_fuzz

/// Bugs the fuzzer found (Scripts/fuzz; their inputs are in Fuzz/crashers), kept from coming back.
@Suite("Found by fuzzing")
struct FuzzFoundTests {
    @Test("a malformed record copied to --quarantine on one line stays malformed", arguments: [
        "{\"a\": \"x\ny\"}",
        "{\"a\": \"x\\\ny\"}",
        "{\"a\": \"x\ry\"}",
        "{\"value\": 3\n18867}",
        "{\"flag\": true\n false}",
    ])
    func malformedCopyStaysMalformed(text: String) throws {
        let bytes = Array(text.utf8)
        #expect(throws: JSONParseError.self) { try JSONDocument.parse(bytes).get() }
        let line = Array(RecordPiece(text: bytes[...], pointer: "").line)
        #expect(!line.contains(UInt8(ascii: "\n")) && !line.contains(UInt8(ascii: "\r")))
        #expect(throws: JSONParseError.self, "copied as \(String(decoding: line, as: UTF8.self))") { try JSONDocument.parse(line).get() }
    }

    @Test("a valid record written on several lines is still copied with every value unchanged")
    func validCopyUnchanged() throws {
        let text = Array("{\n  \"a\": [1,\n 2.50, true, null],\n  \"b\": \"x y\"\n}".utf8)
        let line = Array(RecordPiece(text: text[...], pointer: "").line)
        #expect(String(decoding: line, as: UTF8.self) == #"{"a":[1,2.50,true,null],"b":"x y"}"#)
    }

    @Test("with a byte-order mark, a place counted again from the start of the text is still on the text's columns", arguments: [
        "{\n  \"totalHits\": 1\n}",
        "{\"totalHits\":1,\"conversations",
    ])
    func byteOrderMarkTakesNoColumn(text: String) {
        let marked = TestSupport.findings(in: "\u{FEFF}" + text)
        let unmarked = TestSupport.findings(in: text)
        #expect(!marked.isEmpty)
        #expect(marked.map { [$0.line, $0.column] } == unmarked.map { [$0.line, $0.column] })
    }

    @Test("a NUL byte ends the text: jansson's skipping of one after a number reads no JSON out of it", arguments: [
        "[1␀]", "[1␀,2]", "{\"a\":1␀}", "1␀", "[1]␀",
    ])
    func nulByteIsNeverSkipped(text: String) {
        // ␀ stands for the NUL byte, which a test's name should not carry.
        let bytes = Array(text.replacingOccurrences(of: "␀", with: "\u{0}").utf8)
        #expect(throws: JSONParseError.self) { try JSONDocument.parse(bytes).get() }
        // Read as a stream, the first value is what comes before the NUL, if anything.
        let first = bytes.withUnsafeBytes { JSONDocument.parseFirstValue($0) }
        if case .success(let value) = first {
            #expect(value.length <= bytes.firstIndex(of: 0) ?? bytes.count)
        }
    }

    @Test("a record with a NUL byte after a number is unreadable, and the NUL is named where it is")
    func nulAfterNumberIsNamed() {
        let found = TestSupport.findings(in: "{\"conversationId\":\"c\",\"participants\":[],\"x\":1\u{0}}\n", select: ["GDQ0"])
        let unreadable = found.filter { $0.ruleId == "GDQ001" }
        #expect(unreadable.count == 1 && unreadable.first?.message.contains("NUL") == true, "\(found)")
        #expect(unreadable.first.map { [$0.line, $0.column] } == [1, 46])
    }

    @Test("an object with a conversations member is a page alone and no conversation inside a page, however the page is written", arguments: [
        #"{"conversations":[{"conversations":-1,"conversationInitiator":"dialer"}]}"#,
        "{\n  \"conversations\": [\n    {\"conversations\": [], \"participants\": []}\n  ]\n}\n",
        #"[{"conversationId":"c","conversations":[]}]"#,
        #"{"type":"RECORD","stream":"conversations","record":{"conversationId":"c","conversationStart":"2026-03-02T10:00:00.000Z","conversations":[]}}"# + "\n",
    ])
    func pageInsidePageIsNoConversation(text: String) {
        let found = TestSupport.findings(in: text)
        #expect(found.map(\.ruleId) == ["GDQ004"], "\(found)")
        #expect(found.first?.message.contains("\"conversations\" member of its own") == true)
    }

    @Test("fix leaves out a page inside a page, so that checking what it wrote reads what it read")
    func fixLeavesOutPageInsidePage() {
        let page = Array(#"{"conversations":[{"conversationId":"c1","participants":[]},{"conversations":[],"participants":[]}]}"#.utf8)
        let fixed = FixPromise.fixed([("page.json", page)], linter: FuzzTarget.linter)
        #expect(fixed.lines.map { String(decoding: $0, as: UTF8.self) } == [#"{"conversationId":"c1","participants":[]}"#])
        #expect(fixed.result.uncarried.unreadableRecords == 1)
        FixPromise.check(page, linter: FuzzTarget.linter)
    }

    @Test("findings after a jobs page's dataAvailabilityDate stay after the page's last record when a merge adds repeats to it")
    func lateFindingsKeepTheirPlaceInAMerge() throws {
        // The conversation ends after the page's dataAvailabilityDate (GDQ506, reported once
        // the page has been read, at conversationEnd); the second share repeats it (GDQ508, at
        // conversationId, after conversationEnd: the merge adds it).
        let page = Array(#"{"conversations":[{"conversationEnd":"2026-03-03T12:00:00.000Z","conversationId":"c1","conversationStart":"2026-03-02T10:00:00.000Z","participants":[]}],"dataAvailabilityDate":"2026-03-03T00:00:00.000Z"}"#.utf8)
        let shares = [(name: "a.json", bytes: page), (name: "b.json", bytes: page)]
        let linter = Linter(catalog: TestSupport.catalog, configuration: Configuration())
        var single: [Finding] = []
        _ = LintRun(linter: linter, jobs: 1).run(texts: shares) { single.append($0) }
        let parts = try shares.map { share in
            var run = LintRun(linter: linter, jobs: 1)
            run.keepsPartial = true
            let partial = try #require(run.run(text: share.bytes, named: share.name) { _ in }.partial)
            return try PartialReportReader.read(Array(PartialReportWriter.document(partial).utf8), path: share.name)
        }
        var merged: [Finding] = []
        var sink = FindingClosureSink { merged.append($0) }
        _ = PartialMerge(linter: linter).run(parts, into: &sink)
        #expect(single.contains { $0.ruleId == "GDQ506" } && single.contains { $0.ruleId == "GDQ508" })
        #expect(merged.map(\.ruleId) == single.map(\.ruleId))
        #expect(merged == single)
    }
}

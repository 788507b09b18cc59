import Foundation
import Testing
@testable import GenesysLint

/// `check --partial` over shares of an export, then `merge`, must report exactly what one run
/// over the whole export reports.
@Suite(.tags(.endToEnd)) struct PartialMergeTests {
    static let asOf = "2026-03-04T00:00:00Z"

    /// Shares cut from the bundled examples so that every whole-run check crosses them:
    /// conversation ids repeated across shares (GDQ508), within one after that (GDQ501), and
    /// query pages whose `totalHits` only add up over several shares.
    static func writeShares(in directory: URL) throws -> [String] {
        let lines = try String(contentsOfFile: TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let page = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestSupport.path("Examples/exports/clean/query-response-2026-03-02.json")))) as? [String: Any]
        let conversations = try #require(page?["conversations"] as? [Any])
        func queryPage(_ slice: ArraySlice<Any>, totalHits: Int) throws -> String {
            let data = try JSONSerialization.data(withJSONObject: ["conversations": Array(slice), "totalHits": totalHits], options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
        let half = conversations.count / 2
        let shares: [(String, String)] = [
            ("a.ndjson", lines[0..<7].joined(separator: "\n") + "\n"),
            ("b.ndjson", (Array(lines[7..<14]) + [lines[2]]).joined(separator: "\n") + "\n"),
            ("c-page-1.json", try queryPage(conversations[..<half], totalHits: conversations.count)),
            ("d-page-2.json", try queryPage(conversations[half...], totalHits: conversations.count)),
            ("e.ndjson", (Array(lines[14...]) + [lines[2], lines[9], lines[9], lines[2]]).joined(separator: "\n") + "\n"),
            ("f-lonely-page.json", try queryPage(conversations[..<1], totalHits: 999)),
        ]
        return try shares.map { name, text in
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
    }

    @Test func mergingThePartialReportsOfSharesGivesTheReportOfOneRun() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let shares = try Self.writeShares(in: directory)
            var partials: [String] = []
            for (index, share) in shares.enumerated() {
                let partial = directory.appendingPathComponent("part-\(index).json").path
                // Alternate the job count: a partial report does not depend on it.
                let run = try CLI.run(["check", "--as-of", Self.asOf, "--format", "json=\(partial)", "--partial", "--jobs", index % 2 == 0 ? "1" : "3", share])
                #expect(run.exitCode == 0, "a partial run leaves the verdict to the merge: \(run.stderr)")
                partials.append(partial)
            }
            for format in ["json", "text", "sarif", "junit", "github", "ndjson"] {
                let single = try CLI.run(["check", "--as-of", Self.asOf, "--format", format, "--color", "never"] + shares)
                let merged = try CLI.run(["merge", "--format", format, "--color", "never"] + partials)
                #expect(merged.stdout == single.stdout, "merge --format \(format) differs from one run")
                #expect(merged.exitCode == single.exitCode)
                #expect(single.exitCode == 1)
            }
            let single = try CLI.run(["check", "--as-of", Self.asOf, "--format", "json"] + shares)
            // The duplicates only a whole run sees, and the page total only the shares together make.
            #expect(single.stdout.contains("first seen at \(shares[0]):3:"))
            #expect(single.stdout.components(separatedBy: "\"ruleId\":\"GDQ501\"").count - 1 == 1)
            #expect(single.stdout.components(separatedBy: "\"ruleId\":\"GDQ508\"").count - 1 == 4)
            // The repeat within the last share names the first copy, in the first share.
            #expect(single.stdout.contains("was already seen earlier in this file (first seen at \(shares[0]):3:1); the two copies are equally complete"))
            #expect(single.stdout.components(separatedBy: "\"GDQ507\"").count - 1 == 2)
        }
    }

    @Test func thresholdsAndTheVerdictAreSettledOnTheMergedTotals() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let shares = try Self.writeShares(in: directory)
            let config = directory.appendingPathComponent("config.json")
            try #"{"thresholds": {"GDQ501": {"failIf": "> 10%"}}, "failOn": "never"}"#.write(to: config, atomically: true, encoding: .utf8)
            var partials: [String] = []
            for (index, share) in shares.enumerated() {
                let partial = directory.appendingPathComponent("part-\(index).json").path
                _ = try CLI.run(["check", "--config", config.path, "--as-of", Self.asOf, "--format", "json", "-o", partial, "--partial", share])
                partials.append(partial)
            }
            let single = try CLI.run(["check", "--config", config.path, "--as-of", Self.asOf, "--format", "json"] + shares)
            let merged = try CLI.run(["merge", "--config", config.path, "--format", "json"] + partials)
            #expect(merged.stdout == single.stdout)
            #expect(merged.stdout.contains("\"threshold\":\"> 10%\""))
            #expect(merged.exitCode == 0)
        }
    }

    @Test func aPartialReportReadsBackAsItWasWritten() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let shares = try Self.writeShares(in: directory)
            var configuration = Configuration()
            configuration.asOf = Timestamp.milliseconds(from: Self.asOf)
            var run = LintRun(linter: Linter(catalog: TestSupport.catalog, configuration: configuration), jobs: 2)
            run.keepsPartial = true
            let result = run.run(shares.map(Input.file)) { _ in }
            let report = try #require(result.partial)
            #expect(!report.firstOccurrences.isEmpty)
            #expect(!report.repeats.isEmpty)
            // Conversations carry their completeness, and ids seen again in a later file say which.
            #expect(report.firstOccurrences.allSatisfy { $0.copy != nil && $0.findings.map(\.ruleId) == ["GDQ501", "GDQ508"] })
            #expect(report.firstOccurrences.contains { $0.lastFile != nil })
            #expect(report.repeats.allSatisfy { $0.copy != nil })
            #expect(report.pages.count == 3)
            #expect(report.findings.count == report.findingItems.count)
            let text = PartialReportWriter.document(report)
            let read = try PartialReportReader.read(Array(text.utf8), path: "part.json")
            #expect(read == report)
            var unmasked = report
            unmasked.redacted = false
            #expect(try PartialReportReader.read(Array(PartialReportWriter.document(unmasked).utf8), path: "part.json") == unmasked)
        }
    }

    @Test(arguments: [
        ("{\"conversations\": [", "not JSON"),
        ("{\"tool\": {}, \"findings\": [], \"summary\": {}}", "has no \"partial\" member"),
        ("{\"findings\": [], \"partial\": {\"format\": 99}}", "partial report format 99"),
        // Format 2 had no shapes per input nor skipped records.
        ("{\"findings\": [], \"partial\": {\"format\": 2}}", "partial report format 2, but this genesys-lint reads format 3; make every partial report with the same version"),
        ("{\"findings\": [], \"partial\": {\"format\": 3, \"rules\": [], \"redacted\": true, \"totals\": {\"files\": \"one\"}}}", "files is not a whole number"),
    ])
    func aFileThatIsNotAPartialReportIsRefusedWithTheReason(text: String, reason: String) {
        let error = caught { () throws(PartialReportError) in _ = try PartialReportReader.read(Array(text.utf8), path: "part.json") }
        #expect(error?.description.hasPrefix("part.json: ") == true)
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func partialReportsMadeWithOtherRulesAreNotMerged() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let shares = try Self.writeShares(in: directory)
            let partial = directory.appendingPathComponent("part.json").path
            _ = try CLI.run(["check", "--select", "GDQ2", "--format", "json=\(partial)", "--partial", shares[0]])
            let merged = try CLI.run(["merge", partial])
            #expect(merged.exitCode == 2)
            #expect(merged.stderr.contains("\(partial) was made with other rules than this merge"))
            #expect(merged.stderr.contains("--select"))
            let agreeing = try CLI.run(["merge", "--select", "GDQ2", partial])
            #expect(agreeing.exitCode != 2, "\(agreeing.stderr)")
        }
    }

    @Test(arguments: [
        (["check", "--partial", "--format", "sarif", "Examples/exports"], "--partial writes one JSON partial report"),
        (["check", "--partial", "--format", "json", "--format", "json=x.json", "Examples/exports"], "--partial writes one JSON partial report"),
        (["merge", "--format", "html", "part.json"], "merge cannot draw the html audit report"),
        (["merge"], "name the partial reports to merge"),
        (["merge", "no-such-partial.json"], "no-such-partial.json: cannot be read"),
    ])
    func misuseIsExplained(arguments: [String], message: String) throws {
        let run = try CLI.run(arguments)
        #expect(run.exitCode == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func theLedgerTellsValuesApartExactlyAndRemembersTheFirstPlace() {
        var ledger = UniquenessLedger()
        func first(_ group: Int, _ key: String, _ file: String, _ line: Int, _ column: Int) -> String? {
            ledger.sight(group: group, key: key, file: file, place: TextPosition(line: line, column: column), copy: nil)?.firstPlace
        }
        let lower = "string:0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5b"
        #expect(first(0, lower, "a.json", 3, 7) == nil)
        // The same UUID in capitals, another key group, or as a number are other values.
        #expect(first(0, lower.uppercased(), "a.json", 9, 1) == nil)
        #expect(first(1, lower, "b.json", 1, 1) == nil)
        #expect(first(0, "number:12", "b.json", 2, 2) == nil)
        #expect(first(0, "string:not-a-uuid", "b.json", 4, 4) == nil)
        #expect(first(0, lower, "c.json", 5, 5) == "a.json:3:7")
        #expect(first(0, lower.uppercased(), "c.json", 6, 6) == "a.json:9:1")
        #expect(first(0, "string:not-a-uuid", "c.json", 7, 7) == "b.json:4:4")
    }

    @Test func theLedgerRemembersManyUUIDsAcrossItsTables() {
        var ledger = UniquenessLedger()
        func first(_ group: Int, _ key: String, _ file: String, _ line: Int) -> String? {
            ledger.sight(group: group, key: key, file: file, place: TextPosition(line: line, column: 1), copy: nil)?.firstPlace
        }
        let keys = (0..<5_000).map { Value.string(UUIDBits(high: UInt64($0) &* 0x9E37_79B9_7F4A_7C15, low: UInt64($0)).text).identityKey }
        for (index, key) in keys.enumerated() {
            #expect(first(2, key, "a.json", index + 1) == nil)
        }
        for (index, key) in keys.enumerated().reversed() {
            #expect(first(2, key, "b.json", 1) == "a.json:\(index + 1):1")
        }
        #expect(first(3, keys[0], "b.json", 2) == nil)
        #expect(ledger.keysKeptAsText == 0)
        // The same UUID in capitals, or as the text of another kind of value, is another value.
        let text = Value.string("0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5b")
        let capitals = Value.string("0B7E2C1A-3F4D-4E5F-8A9B-0C1D2E3F4A5B")
        #expect(first(2, text.identityKey, "c.json", 1) == nil)
        #expect(first(2, capitals.identityKey, "c.json", 2) == nil)
        #expect(first(2, Value.list([text]).identityKey, "c.json", 3) == nil)
        #expect(first(2, text.identityKey, "d.json", 1) == "c.json:1:1")
        #expect(first(2, capitals.identityKey, "d.json", 1) == "c.json:2:1")
        #expect(ledger.keysKeptAsText == 2)
        // Its first place, last file and the first copy's completeness, beside a 16-byte key.
        #expect(UniquenessLedger.bytesPerEntry == 32)
    }
}

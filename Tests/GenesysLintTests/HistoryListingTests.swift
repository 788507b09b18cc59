import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

/// Two runs: the first before the split by media type was recorded.
private let listedRuns: [StoredRun] = [
    StoredRun(id: 1, record: RunRecord(
        startedAt: 1_772_344_800_000, toolVersion: "0.0.9", rulesHash: "0123456789abcdef", command: .check,
        inputs: [.init(name: "exports/day-1.ndjson", bytes: 1024)], conversations: 1000,
        rules: ["GDQ201": .init(findings: 2, conversations: 2), "GDQ301": .zero, "GDQ501": .init(findings: 1, conversations: 1)]
    )),
    StoredRun(id: 2, record: RunRecord(
        startedAt: 1_772_431_200_000, rulesHash: "0123456789abcdef", command: .merge,
        inputs: [.init(name: "<stdin>", bytes: 2048)], dataStart: 1_772_323_200_000, dataEnd: 1_772_409_599_000, conversations: 800, failed: true,
        rules: ["GDQ201": .init(findings: 30, conversations: 24), "GDQ301": .zero, "GDQ501": .zero],
        media: ["voice": .init(conversations: 600, rules: ["GDQ201": .init(findings: 30, conversations: 24)]), "message": .init(conversations: 200)],
        drift: ["GDQ201": .init(.drifted, baselineRate: 0.002), "GDQ501": .init(.notJudged)]
    )),
]

@Suite("Run history: the listing of `genesys-lint history`")
struct HistoryListingTests {
    @Test("text: a block per rule with findings, its sparkline, and a row per run")
    func text() {
        let text = HistoryListing(file: "h.sqlite", runs: listedRuns).render(.text)
        #expect(text == """
            h.sqlite: 2 runs, 2026-03-01 06:00 UTC to 2026-03-02 06:00 UTC.

            GDQ201  ▁█
              run  started               rules     conversations  findings  affected  rate  drift
                1  2026-03-01 06:00 UTC  01234567          1,000         2         2  0.2%
                2  2026-03-02 06:00 UTC  01234567            800        30        24    3%  drifted (median 0.2%)

            GDQ501  █▁
              run  started               rules     conversations  findings  affected  rate  drift
                1  2026-03-01 06:00 UTC  01234567          1,000         1         1  0.1%
                2  2026-03-02 06:00 UTC  01234567            800         0         0    0%  not judged

            """)
    }

    @Test("--media: counts among that media type's conversations; runs without the split are left out and said to be")
    func media() {
        let listing = HistoryListing(file: "h.sqlite", runs: listedRuns, media: "voice")
        #expect(listing.runs.map(\.id) == [2])
        #expect(listing.runs.first?.record.conversations == 600)
        #expect(listing.runs.first?.record.rate(of: "GDQ201") == 0.04)
        #expect(listing.runs.first?.record.rules["GDQ301"] == .zero)
        #expect(listing.render(.text).contains("1 run recorded before runs were split by media type is left out."))
    }

    @Test("--rule: the rules named, with zeros, even without findings")
    func selectors() {
        #expect(HistoryListing(file: "h.sqlite", runs: listedRuns, selectors: ["GDQ3"]).ruleIds == ["GDQ301"])
        #expect(HistoryListing(file: "h.sqlite", runs: listedRuns, selectors: ["GDQ2", "GDQ501"]).ruleIds == ["GDQ201", "GDQ501"])
        #expect(HistoryListing(file: "h.sqlite", runs: listedRuns).ruleIds == ["GDQ201", "GDQ501"])
    }

    @Test("json: runs oldest first, each with startedAt, conversations and per rule findings, conversations and rate")
    func json() throws {
        let text = HistoryListing(file: "h.sqlite", runs: listedRuns, selectors: ["GDQ201"]).render(.json)
        let document = try JSONDocument.parse(text).get()
        document.withRoot { root in
            let runs = root["runs"]
            #expect(runs?.count == 2)
            #expect(runs?[0]?["startedAt"]?.string == "2026-03-01T06:00:00.000Z")
            #expect(runs?[1]?["conversations"]?.integer == 800)
            #expect(runs?[1]?["rules"]?["GDQ201"]?["findings"]?.integer == 30)
            #expect(runs?[1]?["rules"]?["GDQ201"]?["conversations"]?.integer == 24)
            #expect(runs?[1]?["rules"]?["GDQ201"]?["rate"]?.number == 0.03)
            #expect(runs?[1]?["rules"]?["GDQ201"]?["drift"]?["verdict"]?.string == "drifted")
            #expect(runs?[1]?["dataStart"]?.string == "2026-03-01T00:00:00.000Z")
            #expect(runs?[0]?["dataStart"]?.isNull == true)
            #expect(runs?[1]?["inputs"]?[0]?["bytes"]?.integer == 2048)
        }
    }

    @Test("csv: a row per run and rule, with a header, for a spreadsheet")
    func csv() {
        let text = HistoryListing(file: "h.sqlite", runs: listedRuns, selectors: ["GDQ201"]).render(.csv)
        #expect(text == """
            run,startedAt,rulesHash,toolVersion,command,media,conversations,ruleId,findings,affectedConversations,rate,drift\r
            1,2026-03-01T06:00:00.000Z,0123456789abcdef,0.0.9,check,,1000,GDQ201,2,2,0.002,\r
            2,2026-03-02T06:00:00.000Z,0123456789abcdef,0.1.0,merge,,800,GDQ201,30,24,0.03,drifted\r

            """)
        #expect(HistoryListing.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }
}

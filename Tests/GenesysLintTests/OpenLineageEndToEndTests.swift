import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

// `--format openlineage` from real runs of the built genesys-lint, `check` and `merge`: each
// event valid against the OpenLineage schemas, and saying what the run's other reports say.

@Suite("OpenLineage event, end to end", .tags(.endToEnd))
struct OpenLineageEndToEndTests {
    static let runId = "6a1d3c2e-7f4b-4c8a-9e5d-0b1a2c3d4e5f"
    static let cleanFile = "Examples/exports/clean/query-response-2026-03-02.json"
    static let problemsFile = "Examples/exports/problems/jobs-results-2026-03-03.ndjson"
    /// Past the 48-hour reprocessing window of every example conversation, so the clean export is clean.
    static let asOf = "2026-03-10T00:00:00Z"

    /// Runs `genesys-lint arguments` with an OpenLineage event written to a file, and returns
    /// the run with the event's text, checked against the schemas.
    private static func runWithEvent(_ arguments: [String], stdin: Data? = nil, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> (run: CLIResult, event: String) {
        let file = directory.appendingPathComponent("lineage-\(UUID().uuidString).json")
        let run = try CLI.run(arguments + ["--format", "openlineage=\(file.path)"], stdin: stdin, sourceLocation: sourceLocation)
        let event = try String(contentsOf: file, encoding: .utf8)
        let violations = try Python.openLineageViolations(event, sourceLocation: sourceLocation)
        #expect(violations.isEmpty, "\(violations)", sourceLocation: sourceLocation)
        return (run, event)
    }

    private static func fileSize(_ path: String) throws -> Int64? {
        (try FileManager.default.attributesOfItem(atPath: TestSupport.path(path))[.size] as? NSNumber)?.int64Value
    }

    @Test("check on the examples: FAIL, an input per file with its conversations and bytes, failing assertions where the findings are")
    func checkExamples() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let report = directory.appendingPathComponent("report.json").path
            let (run, text) = try Self.runWithEvent(
                ["check", "--no-config", "--as-of", Self.asOf, "--format", "json=\(report)", "--openlineage-run-id", Self.runId, "Examples/exports"],
                in: directory
            )
            #expect(run.exitCode == 1, "\(run)")
            let event = try LineageEvent.parse(text)
            #expect(event.eventType == "FAIL")
            #expect(event.hasFailingGate)
            #expect(event.runId == Self.runId)
            #expect(event.job == "genesys-lint/check")
            #expect(event.inputs.map(\.name) == [Self.cleanFile, Self.problemsFile])
            #expect(event.inputs.map(\.namespace) == ["file", "file"])
            #expect(event.inputs.map(\.bytes) == [try Self.fileSize(Self.cleanFile), try Self.fileSize(Self.problemsFile)])

            // What the JSON report of the same run says.
            let json = try JSONDocument.parse(try String(contentsOfFile: report, encoding: .utf8)).get()
            let (conversations, findingRules) = json.withRoot { root in
                let byFile = Dictionary(grouping: root["findings"]?.elements.compactMap { finding in
                    finding["file"]?.string.flatMap { file in finding["ruleId"]?.string.map { (file, $0) } }
                } ?? [], by: \.0).mapValues { Set($0.map(\.1)) }
                return (root["summary"]?["conversations"]?.integer, byFile)
            }
            #expect(event.inputs.compactMap(\.rowCount).reduce(0, +) == conversations)
            let ruleCount = try #require(event.inputs.first).assertions.count
            #expect(ruleCount > 100)
            for input in event.inputs {
                #expect(input.assertions.count == ruleCount)
                #expect(Set(input.assertions.filter { !$0.success }.map(\.name)) == findingRules[input.name, default: []], "\(input.name)")
            }
            #expect(event.input(Self.cleanFile)?.assertions.allSatisfy(\.success) == true)
        }
    }

    @Test("check of a clean export: COMPLETE, every assertion holds; fail-on never makes every failure a warning")
    func complete() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let (clean, cleanText) = try Self.runWithEvent(["check", "--no-config", "--as-of", Self.asOf, Self.cleanFile], in: directory)
            #expect(clean.exitCode == 0, "\(clean)")
            let event = try LineageEvent.parse(cleanText)
            #expect(event.eventType == "COMPLETE")
            #expect(event.inputs.first?.rowCount == 30)
            #expect(event.inputs.first?.assertions.allSatisfy(\.success) == true)
            #expect(OpenLineageSettings.runId(from: event.runId) == event.runId)

            let (lenient, lenientText) = try Self.runWithEvent(["check", "--no-config", "--fail-on", "never", Self.problemsFile], in: directory)
            #expect(lenient.exitCode == 0, "\(lenient)")
            let lenientEvent = try LineageEvent.parse(lenientText)
            #expect(lenientEvent.eventType == "COMPLETE")
            #expect(lenientEvent.inputs.first?.assertions.contains { !$0.success } == true)
            #expect(lenientEvent.inputs.first?.assertions.allSatisfy { $0.severity == "warn" } == true)
            // A new run, a new id.
            #expect(lenientEvent.runId != event.runId)
        }
    }

    @Test("names from .genesys-lint.json, the command line winning; standard input and gzip; --clean and --quarantine as outputs")
    func names() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let config = directory.appendingPathComponent("lint.json")
            try """
            {"openlineage": {"namespace": "acme", "job": "nightly", "runId": "\(Self.runId.uppercased())",
                             "datasetNamespace": "s3://landing", "datasetNamePrefix": "genesys", "stdinDatasetName": "genesys/stream.ndjson"}}
            """.write(to: config, atomically: true, encoding: .utf8)
            let gzipped = directory.appendingPathComponent("day.ndjson.gz")
            try Gzip.compressFile(TestSupport.path(Self.problemsFile), to: gzipped)
            let clean = directory.appendingPathComponent("clean.ndjson").path
            let (run, text) = try Self.runWithEvent(
                ["check", "--config", config.path, "--openlineage-job", "hourly", "--clean", clean, "-", gzipped.path],
                stdin: try Data(contentsOf: URL(fileURLWithPath: TestSupport.path(Self.cleanFile))), in: directory
            )
            #expect(run.exitCode == 1, "\(run)")
            let event = try LineageEvent.parse(text)
            #expect(event.job == "acme/hourly")
            #expect(event.runId == Self.runId)
            #expect(event.inputs.map(\.namespace) == ["s3://landing", "s3://landing"])
            #expect(event.inputs.map(\.name) == ["genesys/stream.ndjson", gzipped.path])
            // Bytes as stored: compressed, for gzip.
            let gzipSize = (try FileManager.default.attributesOfItem(atPath: gzipped.path)[.size] as? NSNumber)?.int64Value
            #expect(event.inputs.map(\.bytes) == [try Self.fileSize(Self.cleanFile), gzipSize])
            #expect(event.outputs == ["s3://landing/\(clean)"])
        }
    }

    @Test("merge of partial reports: the event of one run over the whole export, but for its time")
    func merge() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let shares = try PartialMergeTests.writeShares(in: directory)
            var partials: [String] = []
            for (index, share) in shares.enumerated() {
                let partial = directory.appendingPathComponent("part-\(index).json").path
                let run = try CLI.run(["check", "--no-config", "--as-of", PartialMergeTests.asOf, "--format", "json=\(partial)", "--partial", share])
                #expect(run.exitCode == 0, "\(run)")
                partials.append(partial)
            }
            let names = ["--openlineage-run-id", Self.runId, "--openlineage-job", "exports"]
            let (single, singleEvent) = try Self.runWithEvent(["check", "--no-config", "--as-of", PartialMergeTests.asOf] + names + shares, in: directory)
            let (merged, mergedEvent) = try Self.runWithEvent(["merge", "--no-config"] + names + partials, in: directory)
            #expect(single.exitCode == 1)
            #expect(merged.exitCode == single.exitCode)
            let timeless = { (text: String) in text.replacing(/"eventTime":"[^"]*"/, with: "") }
            #expect(timeless(mergedEvent) == timeless(singleEvent))
            #expect(try LineageEvent.parse(mergedEvent).inputs.map(\.name) == shares)

            let (_, defaultNamed) = try Self.runWithEvent(["merge", "--no-config"] + partials, in: directory)
            #expect(try LineageEvent.parse(defaultNamed).job == "genesys-lint/merge")
        }
    }

    @Test("mistakes in the names are usage errors that say what to do")
    func mistakes() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let cases: [([String], String)] = [
                (["check", "--openlineage-job", "nightly", Self.cleanFile], "--openlineage-job names things in the OpenLineage event; add --format openlineage=lineage.json"),
                (["check", "--format", "openlineage", "--openlineage-run-id", "run-42", Self.cleanFile], "--openlineage-run-id takes a UUID such as"),
                (["merge", "--format", "openlineage", "--openlineage-namespace", "", "part.json"], "--openlineage-namespace must not be empty"),
            ]
            for (arguments, message) in cases {
                let run = try CLI.run(arguments)
                #expect(run.exitCode == 2, "\(run)")
                #expect(run.stderr.contains(message), "\(run)")
            }
            let config = directory.appendingPathComponent("lint.json")
            for (text, message) in [
                (#"{"openlineage": {"datasetNamspace": "x"}}"#, #"unknown key "datasetNamspace" in "openlineage"; did you mean "datasetNamespace"?"#),
                (#"{"openlineage": {"runId": "tuesday"}}"#, #""runId" must be a UUID such as"#),
                (#"{"openlineage": {"namespace": ""}}"#, #""namespace" in "openlineage" must not be empty"#),
                (#"{"openLineage": {}}"#, #"did you mean "openlineage"?"#),
            ] {
                try text.write(to: config, atomically: true, encoding: .utf8)
                let run = try CLI.run(["check", "--config", config.path, Self.cleanFile])
                #expect(run.exitCode == 2, "\(run)")
                #expect(run.stderr.contains(message), "\(run)")
            }
        }
    }
}

import Foundation
import GenesysJSON
import Testing
@testable import GenesysLint

/// One assertion of an event's input, as read back.
struct LineageAssertion: Equatable, CustomStringConvertible {
    var assertion: String
    var name: String
    var success: Bool
    var severity: String
    var expected: String
    var actual: String

    var description: String { "\(name) success=\(success) severity=\(severity) expected=\(expected) actual=\(actual)" }
}

/// One input dataset of an event, as read back.
struct LineageInput: Equatable {
    var namespace: String
    var name: String
    var rowCount: Int64?
    var bytes: Int64?
    var assertions: [LineageAssertion]
}

/// An OpenLineage run event as read back with jansson.
struct LineageEvent {
    var eventType: String
    var eventTime: String
    var runId: String
    /// The job as `namespace/name`.
    var job: String
    var inputs: [LineageInput]
    /// Each output as `namespace/name`.
    var outputs: [String]

    static func parse(_ text: String) throws -> LineageEvent {
        let document = try JSONDocument.parse(text).get()
        return try document.withRoot { root in
            let job = root["job"]
            return LineageEvent(
                eventType: try #require(root["eventType"]?.string), eventTime: try #require(root["eventTime"]?.string),
                runId: try #require(root["run"]?["runId"]?.string),
                job: Self.qualifiedName(job),
                inputs: try #require(root["inputs"]).elements.map(Self.input),
                outputs: (root["outputs"]?.elements.map { Self.qualifiedName($0) }) ?? []
            )
        }
    }

    private static func qualifiedName(_ value: JSONValue?) -> String {
        let namespace = value?["namespace"]?.string ?? ""
        let name = value?["name"]?.string ?? ""
        return namespace + "/" + name
    }

    private static func input(_ value: JSONValue) -> LineageInput {
        let facets = value["inputFacets"]
        let metrics = facets?["dataQualityMetrics"]
        let assertions = facets?["dataQualityAssertions"]?["assertions"]?.elements.map(Self.assertion) ?? []
        return LineageInput(
            namespace: value["namespace"]?.string ?? "", name: value["name"]?.string ?? "",
            rowCount: metrics?["rowCount"]?.integer, bytes: metrics?["bytes"]?.integer, assertions: assertions
        )
    }

    private static func assertion(_ value: JSONValue) -> LineageAssertion {
        func text(_ key: String) -> String { value[key]?.string ?? "" }
        return LineageAssertion(
            assertion: text("assertion"), name: text("name"), success: value["success"]?.bool ?? false,
            severity: text("severity"), expected: text("expected"), actual: text("actual")
        )
    }

    /// Whether some input has an assertion that fails and whose failure fails the run: what
    /// `FAIL` must mean when every input could be read.
    var hasFailingGate: Bool {
        inputs.contains { $0.assertions.contains { !$0.success && $0.severity == "error" } }
    }

    func input(_ name: String) -> LineageInput? {
        inputs.first { $0.name == name }
    }
}

@Suite("OpenLineage event")
struct OpenLineageReporterTests {
    private static func render(context: ReportContext = ReporterFixture.context, summary: Summary = ReporterFixture.summary) -> String {
        var reporter = OpenLineageReporter(clock: { ReporterFixture.runEnd })
        var output = CollectedText()
        reporter.start(context, into: &output)
        for finding in ReporterFixture.findings {
            reporter.add(finding, into: &output)
        }
        reporter.finish(summary, into: &output)
        return output.text
    }

    @Test("openlineage: golden file, valid against the OpenLineage 2-0-2 schemas")
    func golden() throws {
        let output = Self.render()
        try Golden.check(output, against: "openlineage-event.json")
        let violations = try Python.openLineageViolations(output)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("the run: its time, id, job, and FAIL when the run fails")
    func run() throws {
        let event = try LineageEvent.parse(Self.render())
        #expect(event.eventType == "FAIL")
        #expect(event.eventTime == "2026-03-04T01:00:00.123Z")
        #expect(event.runId == ReporterFixture.runId)
        #expect(event.job == "genesys-lint/check")
        #expect(event.outputs == ["file/load/clean.ndjson"])
        #expect(event.hasFailingGate)
    }

    @Test("an input per input, with its conversations and bytes, and an assertion per rule in force")
    func inputs() throws {
        let event = try LineageEvent.parse(Self.render())
        #expect(event.inputs.map(\.name) == ["exports/day1.ndjson", "stdin"])
        #expect(event.inputs.map(\.namespace) == ["file", "file"])
        #expect(event.inputs.map(\.rowCount) == [48, 1])
        #expect(event.inputs.map(\.bytes) == [181_234, nil])
        let ruleIds = ReporterFixture.context.rules.map(\.rule.id)
        for input in event.inputs {
            #expect(input.assertions.map(\.name) == ruleIds)
        }
        let day = try #require(event.input("exports/day1.ndjson"))
        let stdin = try #require(event.input("stdin"))
        // An error finding: the assertion fails, and its failure fails the run.
        #expect(day.assertions[2] == LineageAssertion(assertion: "GDQ301 spam-disconnect-on-non-email", name: "GDQ301", success: false, severity: "error", expected: "0", actual: "1"))
        // A warning within its threshold (over the whole run): it holds, and would only warn.
        #expect(day.assertions[1] == LineageAssertion(assertion: "GDQ201 abandoned-client-disconnect", name: "GDQ201", success: true, severity: "warn", expected: "<= 5%", actual: "2.04%"))
        #expect(day.assertions[0].success && day.assertions[3].success)
        #expect(stdin.assertions.map(\.success) == [false, true, true, true])
    }

    @Test("FAIL exactly when an assertion whose failure fails the run does not hold")
    func gate() throws {
        // The fixture's run without its error findings: warnings only, within the threshold.
        var warningsOnly = Summary()
        warningsOnly.conversations = 10
        warningsOnly.fileTotals = [FileTotals(file: "a.json")]
        warningsOnly.fileTotals[0].conversations = 10
        warningsOnly.count(ReporterFixture.findings[1].moved(to: "a.json"))
        var context = ReporterFixture.context
        let cases: [(failOn: FailLevel, crossed: Bool, eventType: String)] = [
            (.error, false, "COMPLETE"), (.error, true, "COMPLETE"),
            (.warning, false, "COMPLETE"), (.warning, true, "FAIL"),
            (.never, true, "COMPLETE"),
        ]
        for (failOn, crossed, eventType) in cases {
            context.failOn = failOn
            var summary = warningsOnly
            summary.thresholdVerdicts["GDQ201"] = ThresholdVerdict(threshold: ReporterFixture.threshold, affected: 1, crossed: crossed)
            summary.failed = failOn.isFailure(.warning) && crossed
            let event = try LineageEvent.parse(Self.render(context: context, summary: summary))
            #expect(event.eventType == eventType, "fail on \(failOn), threshold crossed: \(crossed)")
            #expect(event.hasFailingGate == (eventType == "FAIL"), "fail on \(failOn), threshold crossed: \(crossed)")
            let assertion = try #require(event.input("a.json")?.assertions[1])
            #expect(assertion.success == !crossed)
            #expect(assertion.severity == (failOn.isFailure(.warning) ? "error" : "warn"))
        }
    }

    @Test("an input that could not be read makes the event FAIL, findings or not")
    func unreadableInput() throws {
        var summary = Summary()
        summary.files = 1
        summary.fileTotals = [FileTotals(file: "missing.json")]
        summary.fileTotals[0].readError = "missing.json: no such file"
        let output = Self.render(summary: summary)
        let event = try LineageEvent.parse(output)
        #expect(event.eventType == "FAIL")
        #expect(event.input("missing.json")?.rowCount == 0)
        let violations = try Python.openLineageViolations(output)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("job, run and dataset names follow the settings")
    func names() throws {
        var context = ReporterFixture.context
        context.openLineage = OpenLineageRun(
            OpenLineageSettings(jobNamespace: "acme-pipelines", jobName: "nightly-exports", runId: ReporterFixture.runId,
                                datasetNamespace: "s3://acme-landing", datasetNamePrefix: "genesys/", stdinDatasetName: "genesys/today.ndjson"),
            command: "merge"
        )
        let event = try LineageEvent.parse(Self.render(context: context))
        #expect(event.job == "acme-pipelines/nightly-exports")
        #expect(event.inputs.map(\.namespace) == ["s3://acme-landing", "s3://acme-landing"])
        #expect(event.inputs.map(\.name) == ["genesys/exports/day1.ndjson", "genesys/today.ndjson"])

        let defaults = OpenLineageRun(command: "merge")
        #expect(defaults.jobName == "merge")
        #expect(OpenLineageSettings.runId(from: defaults.runId) == defaults.runId)
        #expect(OpenLineageRun().runId != defaults.runId)
        #expect(defaults.datasetName(of: "./exports/a.json") == "exports/a.json")
        #expect(defaults.datasetName(of: "/srv/exports/a.json") == "/srv/exports/a.json")
        #expect(defaults.datasetName(of: "<stdin>") == "stdin")
        let prefixed = OpenLineageRun(OpenLineageSettings(datasetNamePrefix: "/srv/repo"))
        #expect(prefixed.datasetName(of: "exports/a.json") == "/srv/repo/exports/a.json")
        #expect(prefixed.datasetName(of: "/tmp/a.json") == "/tmp/a.json")
        #expect(OpenLineageSettings.runId(from: "3F1C9A52-8D47-4B6E-9E21-5A0B7C3D2E18") == ReporterFixture.runId)
        #expect(OpenLineageSettings.runId(from: "run-42") == nil)
    }

    @Test("thresholds read as what passes: > becomes <=, >= becomes <")
    func passingCondition() throws {
        #expect(try #require(Threshold("> 0.5%")).passingCondition == "<= 0.5%")
        #expect(try #require(Threshold(">=10")).passingCondition == "< 10")
    }

    @Test("the schema check finds what is wrong: it is not satisfied by anything")
    func schemaCheckBites() throws {
        let valid = Self.render()
        let broken = [
            valid.replacingOccurrences(of: ",\"columnMetrics\":{}", with: ""),
            valid.replacingOccurrences(of: ReporterFixture.runId, with: "run-42"),
            valid.replacingOccurrences(of: "\"FAIL\"", with: "\"FAILED\""),
            valid.replacingOccurrences(of: "\"success\":true", with: "\"success\":\"yes\""),
            valid.replacingOccurrences(of: "\"_producer\":\"https://", with: "\"_producer\":\""),
        ]
        for text in broken {
            #expect(text != valid)
            #expect(try !Python.openLineageViolations(text).isEmpty, "\(text.prefix(200))")
        }
    }
}

extension Finding {
    /// The same finding in another file.
    func moved(to file: String) -> Finding {
        var finding = self
        finding.file = file
        return finding
    }
}

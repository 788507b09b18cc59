import Foundation

/// `--format openlineage`: one OpenLineage run event (spec 2-0-2) that tells a lineage service
/// (Marquez, DataHub, OpenMetadata, …) that the job ran, how it ended and what it found. Each
/// input is an input dataset with two facets: `dataQualityMetrics` (conversations checked as
/// `rowCount`, bytes read as stored) and `dataQualityAssertions`, one assertion per rule in force.
///
/// An assertion says whether the rule's check holds for that input, whatever its severity, as
/// the facet defines `success`: its rule found nothing there, or, for a rule with a threshold,
/// the threshold (judged over the whole run) was not crossed or the rule found nothing there.
/// Its `severity` says what a failure does: `error` when the rule is at or above the fail level,
/// so that its failure fails the run, `warn` otherwise. The event is `FAIL` when the run's exit
/// code is not 0 (findings that fail it, or an input that could not be read), else `COMPLETE`.
///
/// The event is written when the run ends, on one line, so that an event log holds one per line.
public struct OpenLineageReporter: Reporter {
    static let schemaURL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
    static let assertionsSchemaURL = "https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet"
    static let metricsSchemaURL = "https://openlineage.io/spec/facets/1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet"
    /// The spec asks for a URI naming the producer, such as its source at a version.
    static let producer = "\(GenesysLintVersion.informationURI)/tree/\(GenesysLintVersion.current)"

    private var context = ReportContext(rules: [])
    /// The time of the event, in milliseconds since 1970.
    private let clock: @Sendable () -> Int64

    /// - Parameter clock: when the run ends (tests fix it).
    public init(clock: @escaping @Sendable () -> Int64 = OpenLineageReporter.now) {
        self.clock = clock
    }

    public static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    public mutating func start(_ context: ReportContext, into output: inout some TextOutputStream) {
        self.context = context
    }

    /// The summary has every count the event needs, per input.
    public mutating func add(_ finding: Finding, into output: inout some TextOutputStream) {}

    public mutating func finish(_ summary: Summary, into output: inout some TextOutputStream) {
        let lineage = context.openLineage
        let unreadable = summary.fileTotals.contains { $0.readError != nil }
        let passed = ExitStatus(summary, inputErrors: unreadable) == .passed
        let head = [
            ("eventTime", JSONWriter.quoted(Timestamp.format(milliseconds: clock()))),
            ("producer", JSONWriter.quoted(Self.producer)),
            ("schemaURL", JSONWriter.quoted(Self.schemaURL)),
            ("eventType", JSONWriter.quoted(passed ? "COMPLETE" : "FAIL")),
            ("run", JSONWriter.object([("runId", JSONWriter.quoted(lineage.runId))])),
            ("job", JSONWriter.object([("namespace", JSONWriter.quoted(lineage.jobNamespace)), ("name", JSONWriter.quoted(lineage.jobName))])),
        ].map { "\(JSONWriter.quoted($0.0)):\($0.1)" }
        // The inputs are written one by one: a run over many files makes a long event.
        output.write("{\(head.joined(separator: ",")),\"inputs\":[")
        for (index, totals) in summary.fileTotals.enumerated() {
            if index > 0 { output.write(",") }
            output.write(inputDataset(totals, summary: summary))
        }
        let outputs = lineage.outputs.map { dataset($0, facets: nil) }
        output.write("],\"outputs\":\(JSONWriter.array(outputs))}\n")
    }

    /// A dataset in the run's dataset namespace, with facets when given.
    private func dataset(_ file: String, facets: (key: String, value: String)?) -> String {
        let lineage = context.openLineage
        var members = [("namespace", JSONWriter.quoted(lineage.datasetNamespace)), ("name", JSONWriter.quoted(lineage.datasetName(of: file)))]
        if let facets { members.append(facets) }
        return JSONWriter.object(members)
    }

    private func inputDataset(_ totals: FileTotals, summary: Summary) -> String {
        var metrics = [("rowCount", String(totals.conversations))]
        if let bytes = totals.bytes { metrics.append(("bytes", String(bytes))) }
        // The facet requires per-column metrics; an export has no columns to measure.
        metrics.append(("columnMetrics", "{}"))
        let assertions = context.rules.map { assertion($0, in: totals, summary: summary) }
        let facets = JSONWriter.object([
            ("dataQualityMetrics", Self.facet(Self.metricsSchemaURL, metrics)),
            ("dataQualityAssertions", Self.facet(Self.assertionsSchemaURL, [("assertions", JSONWriter.array(assertions))])),
        ])
        return dataset(totals.file, facets: ("inputFacets", facets))
    }

    /// Whether one rule's check holds for one input; see the type's documentation.
    private func assertion(_ active: Linter.ActiveRule, in totals: FileTotals, summary: Summary) -> String {
        let id = active.rule.id
        let findings = totals.findingsByRule[id, default: 0]
        let success: Bool
        let expected: String
        let actual: String
        if let verdict = summary.thresholdVerdicts[id] {
            success = findings == 0 || !verdict.crossed
            expected = verdict.threshold.passingCondition
            actual = switch verdict.threshold.limit {
            case .count: String(verdict.affected)
            case .rate: summary.rateText(of: id)
            }
        } else {
            success = findings == 0
            expected = "0"
            actual = String(findings)
        }
        return JSONWriter.object([
            ("assertion", JSONWriter.quoted("\(id) \(active.rule.name)")),
            ("name", JSONWriter.quoted(id)),
            ("success", String(success)),
            ("severity", JSONWriter.quoted(context.failOn.isFailure(active.severity) ? "error" : "warn")),
            ("expected", JSONWriter.quoted(expected)),
            ("actual", JSONWriter.quoted(actual)),
        ])
    }

    /// A facet: who made it and its schema, then its own members.
    private static func facet(_ schemaURL: String, _ members: [(String, String)]) -> String {
        JSONWriter.object([("_producer", JSONWriter.quoted(producer)), ("_schemaURL", JSONWriter.quoted(schemaURL))] + members)
    }
}

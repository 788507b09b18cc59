/// `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other viewers of static
/// analysis results. One run: the tool with every rule in force, each finding as a result as
/// it comes, then the invocation and the run's totals (per rule: findings, conversations
/// affected, rate, threshold) as the run's properties.
public struct SARIFReporter: Reporter {
    static let schema = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
    /// The key of the finding's fingerprint in `partialFingerprints`.
    static let fingerprintKey = "genesysLintFinding/v1"

    private var context = ReportContext(rules: [])
    /// Index of each rule in `tool.driver.rules`, for `ruleIndex`.
    private var ruleIndices: [String: Int] = [:]
    private var wroteResult = false

    public init() {}

    public mutating func start(_ context: ReportContext, into output: inout some TextOutputStream) {
        self.context = context
        for (index, active) in context.rules.enumerated() where ruleIndices[active.rule.id] == nil {
            ruleIndices[active.rule.id] = index
        }
        let driver = [
            ("name", JSONWriter.quoted("genesys-lint")),
            ("version", JSONWriter.quoted(GenesysLintVersion.current)),
            ("semanticVersion", JSONWriter.quoted(GenesysLintVersion.current)),
            ("informationUri", JSONWriter.quoted(GenesysLintVersion.informationURI)),
        ].map { "\(JSONWriter.quoted($0.0)):\($0.1)" }.joined(separator: ",")
        let rules = context.rules.map(Self.descriptor).joined(separator: ",\n")
        output.write("{\"$schema\":\(JSONWriter.quoted(Self.schema)),\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\(driver),\"rules\":[")
        output.write(rules.isEmpty ? "]}}," : "\n\(rules)\n]}},")
        output.write("\"columnKind\":\"unicodeCodePoints\",\"results\":[")
    }

    public mutating func add(_ finding: Finding, into output: inout some TextOutputStream) {
        output.write(wroteResult ? ",\n" : "\n")
        wroteResult = true
        var members = [("ruleId", JSONWriter.quoted(finding.ruleId))]
        if let index = ruleIndices[finding.ruleId] { members.append(("ruleIndex", String(index))) }
        members += [
            ("level", JSONWriter.quoted(Self.level(finding.severity))),
            ("message", JSONWriter.object([("text", JSONWriter.quoted(finding.message))])),
            ("locations", "[\(Self.location(of: finding))]"),
            ("partialFingerprints", JSONWriter.object([(Self.fingerprintKey, JSONWriter.quoted(Baseline.Key(finding).fingerprint))])),
        ]
        output.write(JSONWriter.object(members))
    }

    public mutating func finish(_ summary: Summary, into output: inout some TextOutputStream) {
        let unreadable = summary.fileTotals.filter { $0.readError != nil }
        var invocation = [
            ("executionSuccessful", unreadable.isEmpty ? "true" : "false"),
            ("exitCode", String(ExitStatus(summary, inputErrors: !unreadable.isEmpty).rawValue)),
        ]
        if !unreadable.isEmpty {
            let notifications = unreadable.map { totals in
                JSONWriter.object([
                    ("level", JSONWriter.quoted("error")),
                    ("message", JSONWriter.object([("text", JSONWriter.quoted(totals.readError ?? ""))])),
                    ("locations", "[" + JSONWriter.object([("physicalLocation", JSONWriter.object([("artifactLocation", Self.artifactLocation(totals.file))]))]) + "]"),
                ])
            }
            invocation.append(("toolExecutionNotifications", "[" + notifications.joined(separator: ",") + "]"))
        }
        output.write("\(wroteResult ? "\n" : "")],\"invocations\":[\(JSONWriter.object(invocation))],")
        output.write("\"properties\":\(runProperties(summary))}]}\n")
    }

    /// The rule as a SARIF reporting descriptor, at the severity this run gives it.
    private static func descriptor(_ active: Linter.ActiveRule) -> String {
        let rule = active.rule
        let docs = rule.documentation
        let helpText = "Why it matters: \(docs.whyItMatters)\n\nWhat to do: \(docs.whatToDo)\n\n`genesys-lint explain \(rule.id)` says more, with examples."
        let helpMarkdown = "**Why it matters**\n\n\(docs.whyItMatters)\n\n**What to do**\n\n\(docs.whatToDo)\n\n`genesys-lint explain \(rule.id)` says more, with examples."
        let tags = ["data-quality", rule.category, rule.confidence.rawValue].reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return JSONWriter.object([
            ("id", JSONWriter.quoted(rule.id)),
            ("name", JSONWriter.quoted(rule.name)),
            ("shortDescription", JSONWriter.object([("text", JSONWriter.quoted(RuleDocumentation.firstSentence(of: docs.whatItChecks)))])),
            ("fullDescription", JSONWriter.object([("text", JSONWriter.quoted(docs.whatItChecks))])),
            ("help", JSONWriter.object([("text", JSONWriter.quoted(helpText)), ("markdown", JSONWriter.quoted(helpMarkdown))])),
            ("defaultConfiguration", JSONWriter.object([("level", JSONWriter.quoted(level(active.severity)))])),
            ("properties", JSONWriter.object([
                ("category", JSONWriter.quoted(rule.category)),
                ("confidence", JSONWriter.quoted(rule.confidence.rawValue)),
                // GitHub code scanning ranks and filters alerts by these two.
                ("precision", JSONWriter.quoted(precision(rule.confidence))),
                ("problem.severity", JSONWriter.quoted(active.severity == .info ? "recommendation" : active.severity.rawValue)),
                ("tags", "[" + tags.map { JSONWriter.quoted($0) }.joined(separator: ",") + "]"),
            ])),
        ])
    }

    /// Where the finding is: the file, line and column, and the JSON pointer with its conversation.
    private static func location(of finding: Finding) -> String {
        var region: [(String, String)] = []
        if finding.line >= 1 {
            region.append(("startLine", String(finding.line)))
            if finding.column >= 1 { region.append(("startColumn", String(finding.column))) }
        }
        var physical = [("artifactLocation", artifactLocation(finding.file))]
        if !region.isEmpty { physical.append(("region", JSONWriter.object(region))) }
        var logical = [("fullyQualifiedName", JSONWriter.quoted(finding.pointer)), ("kind", JSONWriter.quoted("value"))]
        if let id = finding.conversationId {
            logical.append(("properties", JSONWriter.object([("conversationId", JSONWriter.quoted(id))])))
        }
        return JSONWriter.object([("physicalLocation", JSONWriter.object(physical)), ("logicalLocations", "[\(JSONWriter.object(logical))]")])
    }

    /// An input as a SARIF artifact location: a relative path as a relative reference from
    /// `%SRCROOT%` (the directory the check ran in, the repository root in CI), an absolute
    /// one as a `file:` URI, standard input as `stdin`.
    static func artifactLocation(_ file: String) -> String {
        if file == "<stdin>" { return JSONWriter.object([("uri", JSONWriter.quoted("stdin"))]) }
        if file.hasPrefix("/") { return JSONWriter.object([("uri", JSONWriter.quoted("file://" + percentEncoded(file)))]) }
        var path = Substring(file)
        while path.hasPrefix("./") { path = path.dropFirst(2).drop(while: { $0 == "/" }) }
        return JSONWriter.object([("uri", JSONWriter.quoted(percentEncoded(String(path)))), ("uriBaseId", JSONWriter.quoted("%SRCROOT%"))])
    }

    /// The path with every byte but unreserved characters and `/` percent-encoded (RFC 3986),
    /// so spaces, `%`, `#`, `?`, a `:` that would read as a scheme and non-ASCII names survive.
    static func percentEncoded(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }

    /// The run's totals: inputs, conversations, findings by severity, and for each rule that
    /// fired or has a threshold its findings, conversations affected, rate and threshold verdict.
    private func runProperties(_ summary: Summary) -> String {
        let bySeverity = JSONWriter.object(Severity.allCases.reversed().map { ($0.rawValue, String(summary.findingsBySeverity[$0, default: 0])) })
        let ids = Set(summary.findingsByRule.keys).union(summary.thresholdVerdicts.keys).sorted()
        let rules = JSONWriter.object(ids.map { id in
            var members = [
                ("findings", String(summary.findingsByRule[id, default: 0])),
                ("affectedConversations", String(summary.affectedByRule[id, default: 0])),
                ("rate", JSONWriter.quoted(summary.rateText(of: id))),
            ]
            if let verdict = summary.thresholdVerdicts[id] {
                members.append(("threshold", JSONWriter.quoted(verdict.threshold.text)))
                members.append(("thresholdCrossed", verdict.crossed ? "true" : "false"))
            }
            return (id, JSONWriter.object(members))
        })
        var members = [
            ("files", String(summary.files)),
            ("conversations", String(summary.conversations)),
            ("unreadableRecords", String(summary.unreadableRecords)),
            ("findings", bySeverity),
            ("rules", rules),
            ("failOn", JSONWriter.quoted(context.failOn.rawValue)),
            ("failed", summary.failed ? "true" : "false"),
            ("redacted", context.redacted ? "true" : "false"),
        ]
        if let baseline = context.baselinePath {
            members.append(("baseline", JSONWriter.quoted(baseline)))
            members.append(("suppressedByBaseline", String(summary.suppressedByBaseline)))
        }
        return JSONWriter.object(members)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    private static func precision(_ confidence: Rule.Confidence) -> String {
        switch confidence {
        case .documented: "very-high"
        case .suspicious: "high"
        case .heuristic: "medium"
        }
    }
}

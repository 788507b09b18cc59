import Foundation
import GenesysJSON
import Testing

/// One finding of a `--format json` report.
struct ReportedFinding: Equatable, CustomStringConvertible {
    var ruleId: String
    var severity: String
    var message: String
    var file: String
    var line: Int
    var column: Int
    var pointer: String
    var conversationId: String?

    var description: String { "\(file):\(line):\(column): \(severity)[\(ruleId)] \(pointer)" }
}

/// A whole `--format json` report, read with jansson.
struct ParsedReport {
    var toolName: String
    var findings: [ReportedFinding]
    var files: Int
    var conversations: Int
    var unreadableRecords: Int
    var errors: Int
    var warnings: Int
    var infos: Int
    var rules: [String: Int]
    var skippedRecords: Int
    /// Each input as the summary lists it: its name and the shapes it was read in.
    var inputs: [(file: String, shapes: [String], conversations: Int, skippedRecords: Int)]

    static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedReport {
        let document: JSONDocument
        switch JSONDocument.parse(text) {
        case .success(let parsed): document = parsed
        case .failure(let error):
            Issue.record("the report is not JSON: \(error.message) at byte \(error.position)\n\(text.prefix(2000))", sourceLocation: sourceLocation)
            throw error
        }
        let report: ParsedReport? = document.withRoot { root in
            func int(_ value: JSONValue?) -> Int? { value?.integer.map { Int($0) } }
            guard let findingsArray = root["findings"], findingsArray.kind == .array,
                  let summary = root["summary"], let bySeverity = summary["findings"],
                  let files = int(summary["files"]), let conversations = int(summary["conversations"]),
                  let unreadable = int(summary["unreadableRecords"]), let skipped = int(summary["skippedRecords"]),
                  let inputsArray = summary["inputs"], inputsArray.kind == .array,
                  let errors = int(bySeverity["error"]), let warnings = int(bySeverity["warning"]), let infos = int(bySeverity["info"]),
                  let rulesObject = summary["rules"], rulesObject.kind == .object
            else { return nil }
            var findings: [ReportedFinding] = []
            for element in findingsArray.elements {
                guard let ruleId = element["ruleId"]?.string, let severity = element["severity"]?.string,
                      let message = element["message"]?.string, let file = element["file"]?.string,
                      let line = int(element["line"]), let column = int(element["column"]),
                      let pointer = element["pointer"]?.string, let conversationId = element["conversationId"],
                      conversationId.kind == .string || conversationId.isNull
                else { return nil }
                findings.append(ReportedFinding(ruleId: ruleId, severity: severity, message: message, file: file, line: line,
                                                column: column, pointer: pointer, conversationId: conversationId.string))
            }
            var rules: [String: Int] = [:]
            var rulesValid = true
            rulesObject.forEachMember { key, value in
                if let count = int(value["findings"]) { rules[key] = count } else { rulesValid = false }
            }
            guard rulesValid else { return nil }
            var inputs: [(file: String, shapes: [String], conversations: Int, skippedRecords: Int)] = []
            for input in inputsArray.elements {
                guard let file = input["file"]?.string, let shapes = input["shapes"], shapes.kind == .array,
                      let conversations = int(input["conversations"]), let skipped = int(input["skippedRecords"])
                else { return nil }
                inputs.append((file, shapes.elements.compactMap(\.string), conversations, skipped))
            }
            return ParsedReport(toolName: root["tool"]?["name"]?.string ?? "", findings: findings, files: files,
                                conversations: conversations, unreadableRecords: unreadable, errors: errors,
                                warnings: warnings, infos: infos, rules: rules, skippedRecords: skipped, inputs: inputs)
        }
        return try #require(report, "the JSON report does not have the documented shape:\n\(text.prefix(2000))", sourceLocation: sourceLocation)
    }
}

import Foundation
import GenesysJSON

/// Why a partial report cannot be merged.
public struct PartialReportError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public var description: String {
        "\(path): \(problem)"
    }
}

/// Reads the partial reports that `check --partial` writes (see `PartialReportWriter`).
public enum PartialReportReader {
    public static func read(path: String) throws(PartialReportError) -> PartialReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PartialReportError(path: path, problem: "cannot be read; check that it exists and is readable")
        }
        return try read([UInt8](data), path: path)
    }

    public static func read(_ bytes: [UInt8], path: String) throws(PartialReportError) -> PartialReport {
        let document: JSONDocument
        switch JSONDocument.parse(bytes) {
        case .success(let parsed): document = parsed
        case .failure(let error):
            let position = TextPosition.start.advanced(over: bytes[..<min(error.position, bytes.count)])
            throw PartialReportError(path: path, problem: "line \(position.line), column \(position.column): not JSON (\(error.message)); was it written by check --partial, and written whole?")
        }
        do throws(Problem) {
            return try document.withRoot { root throws(Problem) in try decode(root) }
        } catch {
            throw PartialReportError(path: path, problem: error.text)
        }
    }

    private struct Problem: Error {
        let text: String
    }

    private static func decode(_ root: JSONValue) throws(Problem) -> PartialReport {
        guard let partial = root["partial"], partial.kind == .object else {
            throw Problem(text: "not a partial report (it has no \"partial\" member); write partial reports with check --format json --partial")
        }
        let version = try integer(partial, "format")
        guard version == PartialReport.formatVersion else {
            throw Problem(text: "partial report format \(version), but this genesys-lint reads format \(PartialReport.formatVersion); make every partial report with the same version of genesys-lint as the merge")
        }
        var report = PartialReport()
        report.rules = try array(partial, "rules").map { value throws(Problem) in try string(value, "rules[]") }
        let severities = Dictionary(report.rules.compactMap { entry -> (String, Severity)? in
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let severity = Severity(rawValue: parts[1]) else { return nil }
            return (parts[0], severity)
        }) { first, _ in first }
        guard let redacted = try member(partial, "redacted").bool else { throw Problem(text: "\"redacted\" is not true or false") }
        report.redacted = redacted
        report.summary = try summary(member(partial, "totals"))
        report.findings = try array(root, "findings").map { value throws(Problem) in try finding(value) }
        report.findingItems = try array(partial, "findingItems").map { value throws(Problem) in try wholeNumber(value, "findingItems[]") }
        guard report.findingItems.count == report.findings.count else {
            throw Problem(text: "\"findingItems\" has \(report.findingItems.count) entries for \(report.findings.count) findings; the file was altered or cut short")
        }
        let files = report.summary.fileTotals.map(\.file)
        /// A file named by its number in the totals, or by its name.
        func file(_ value: JSONValue) throws(Problem) -> String {
            guard let index = value.integer else { return try string(value, "file") }
            guard files.indices.contains(Int(index)) else { throw Problem(text: "a first occurrence names file \(index) of \(files.count)") }
            return files[Int(index)]
        }
        report.firstOccurrences = try array(partial, "firstOccurrences").map { entry throws(Problem) in
            let fields = try tuple(entry, "firstOccurrences[]", count: 10)
            let occurrenceFile = try file(fields[2])
            let conversationPointer = try string(fields[5], "conversation pointer")
            let conversationId = fields[6].string
            let findings = try tuple(fields[9], "a first occurrence's findings").map { value throws(Problem) in
                let parts = try tuple(value, "a first occurrence's findings", count: 5)
                let ruleId = try string(parts[0], "rule id")
                guard let severity = severities[ruleId] else { throw Problem(text: "a first occurrence is of rule \(ruleId), which \"rules\" does not list") }
                return Finding(
                    ruleId: ruleId, severity: severity, message: try string(parts[4], "message"), file: occurrenceFile,
                    line: try wholeNumber(parts[1], "line"), column: try wholeNumber(parts[2], "column"),
                    pointer: try string(parts[3], "pointer"), conversationId: conversationId, conversationPointer: conversationPointer
                )
            }
            guard !findings.isEmpty else { throw Problem(text: "a first occurrence has no findings; the file was altered") }
            return .init(
                key: try string(fields[0], "key"), item: try wholeNumber(fields[1], "item"),
                place: TextPosition(line: try wholeNumber(fields[3], "line"), column: try wholeNumber(fields[4], "column")),
                copy: try copy(fields[7]), lastFile: fields[8].isNull ? nil : try file(fields[8]), findings: findings
            )
        }
        report.repeats = try array(partial, "repeats").map { entry throws(Problem) in
            let fields = try tuple(entry, "repeats[]", count: 5)
            let index = try wholeNumber(fields[0], "finding index")
            guard report.findings.indices.contains(index) else { throw Problem(text: "a repeat names finding \(index) of \(report.findings.count)") }
            return .init(
                findingIndex: index, ruleId: try string(fields[1], "rule id"), key: try string(fields[2], "key"),
                message: try string(fields[3], "message"), copy: try copy(fields[4])
            )
        }
        report.pages = try array(partial, "pages").map { entry throws(Problem) in
            let fields = try tuple(entry, "pages[]", count: 6)
            return TotalHitsPage(
                totalHits: Int64(try wholeNumber(fields[0], "totalHits")), conversationCount: try wholeNumber(fields[1], "conversation count"),
                file: try string(fields[2], "file"), position: TextPosition(line: try wholeNumber(fields[3], "line"), column: try wholeNumber(fields[4], "column")),
                pointer: try string(fields[5], "pointer")
            )
        }
        report.inputErrors = try array(partial, "inputErrors").map { value throws(Problem) in try string(value, "inputErrors[]") }
        return report
    }

    /// A conversation's completeness, written [ended, segments, latest activity or null], or null.
    private static func copy(_ value: JSONValue) throws(Problem) -> CopyCompleteness? {
        guard !value.isNull else { return nil }
        let fields = try tuple(value, "a copy's completeness", count: 3)
        guard let ended = fields[0].bool else { throw Problem(text: "a copy's completeness does not say true or false for ended") }
        return CopyCompleteness(
            hasEnded: ended, segments: try wholeNumber(fields[1], "segments"),
            latestActivity: fields[2].isNull ? nil : Int64(try wholeNumber(fields[2], "latest activity"))
        )
    }

    private static func finding(_ value: JSONValue) throws(Problem) -> Finding {
        let severityName = try string(member(value, "severity"), "severity")
        guard let severity = Severity(rawValue: severityName) else { throw Problem(text: "a finding has severity \"\(severityName)\"") }
        return Finding(
            ruleId: try string(member(value, "ruleId"), "ruleId"), severity: severity,
            message: try string(member(value, "message"), "message"), file: try string(member(value, "file"), "file"),
            line: try integer(value, "line"), column: try integer(value, "column"),
            pointer: try string(member(value, "pointer"), "pointer"), conversationId: value["conversationId"]?.string,
            conversationPointer: try string(member(value, "conversationPointer"), "conversationPointer")
        )
    }

    private static func summary(_ value: JSONValue) throws(Problem) -> Summary {
        var summary = Summary()
        summary.files = try integer(value, "files")
        summary.conversations = try integer(value, "conversations")
        summary.unreadableRecords = try integer(value, "unreadableRecords")
        summary.skippedRecords = try integer(value, "skippedRecords")
        summary.suppressedByBaseline = try integer(value, "suppressedByBaseline")
        summary.findingsBySeverity = try bySeverity(member(value, "findingsBySeverity"))
        summary.findingsByRule = try counts(member(value, "findingsByRule"))
        summary.affectedByRule = try counts(member(value, "affectedByRule"))
        summary.fileTotals = try array(value, "fileTotals").map { entry throws(Problem) in
            var totals = FileTotals(file: try string(member(entry, "file"), "file"))
            totals.conversations = try integer(entry, "conversations")
            totals.unreadableRecords = try integer(entry, "unreadableRecords")
            totals.skippedRecords = try integer(entry, "skippedRecords")
            totals.shapes = try Set(array(entry, "shapes").map { shape throws(Problem) in
                guard let name = shape.string, let known = ExportShape(rawValue: name) else {
                    throw Problem(text: "\"shapes\" lists \(shape.kind.phrase), not one of \(ExportShape.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return known
            })
            totals.findingsBySeverity = try bySeverity(member(entry, "findingsBySeverity"))
            totals.findingsByRule = try counts(member(entry, "findingsByRule"))
            totals.readError = entry["readError"]?.string
            // Partial reports written before bytes were counted do not have them.
            totals.bytes = entry["bytes"]?.integer.map { Int($0) }
            return totals
        }
        return summary
    }

    private static func bySeverity(_ value: JSONValue) throws(Problem) -> [Severity: Int] {
        var result: [Severity: Int] = [:]
        for severity in Severity.allCases {
            let count = try integer(value, severity.rawValue)
            if count > 0 { result[severity] = count }
        }
        return result
    }

    private static func counts(_ value: JSONValue) throws(Problem) -> [String: Int] {
        var result: [String: Int] = [:]
        var bad: String?
        value.forEachMember { key, count in
            if let count = count.integer { result[key] = Int(count) } else { bad = key }
        }
        if let bad { throw Problem(text: "the count of \(bad) is not a whole number") }
        return result
    }

    // MARK: Typed access, each failure naming what was expected

    private static func member(_ object: JSONValue, _ key: String) throws(Problem) -> JSONValue {
        guard let value = object[key] else { throw Problem(text: "\"\(key)\" is missing; the file was altered or cut short") }
        return value
    }

    private static func array(_ object: JSONValue, _ key: String) throws(Problem) -> [JSONValue] {
        let value = try member(object, key)
        guard value.kind == .array else { throw Problem(text: "\"\(key)\" is not an array") }
        return Array(value.elements)
    }

    private static func tuple(_ value: JSONValue, _ name: String, count: Int) throws(Problem) -> [JSONValue] {
        guard value.kind == .array, value.count == count else { throw Problem(text: "an entry of \(name) is not an array of \(count) values") }
        return Array(value.elements)
    }

    /// An array of any length.
    private static func tuple(_ value: JSONValue, _ name: String) throws(Problem) -> [JSONValue] {
        guard value.kind == .array else { throw Problem(text: "\(name) is not an array") }
        return Array(value.elements)
    }

    private static func integer(_ object: JSONValue, _ key: String) throws(Problem) -> Int {
        try wholeNumber(member(object, key), key)
    }

    private static func wholeNumber(_ value: JSONValue, _ name: String) throws(Problem) -> Int {
        guard let number = value.integer, let exact = Int(exactly: number) else { throw Problem(text: "\(name) is not a whole number") }
        return exact
    }

    private static func string(_ value: JSONValue, _ name: String) throws(Problem) -> String {
        guard let text = value.string else { throw Problem(text: "\(name) is not text") }
        return text
    }
}

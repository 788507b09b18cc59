import Foundation
import GenesysJSON
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// End-to-end tests: they run the built `genesys-lint` executable as a subprocess, in the
// package root, and look only at what a user sees: exit code, standard output, standard error
// and the files written.
//
// Golden files live in Tests/GenesysLintTests/Golden/. After an intended change of the output,
// regenerate them with
//
//     GENESYS_LINT_UPDATE_GOLDEN=1 swift test --filter EndToEnd
//
// and review the diff before committing it.

// MARK: - Running the executable

/// How one run of `genesys-lint` ended, and what it printed.
struct CLIResult: CustomStringConvertible {
    typealias Termination = Subprocess.Result.Termination

    var arguments: [String]
    var termination: Termination
    var stdoutData: Data
    var stderrData: Data

    init(arguments: [String], _ result: Subprocess.Result) {
        self.arguments = arguments
        termination = result.termination
        stdoutData = result.stdoutData
        stderrData = result.stderrData
    }

    /// The exit status, or -1 when the process did not exit by itself.
    var exitCode: Int32 {
        if case .exit(let code) = termination { code } else { -1 }
    }

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }

    /// The non-empty lines of standard error.
    var stderrLines: [String] {
        stderr.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    var description: String {
        let shown = stdout.count > 3000 ? String(stdout.prefix(3000)) + "\n[… \(stdout.count) characters]" : stdout
        return "genesys-lint \(arguments.joined(separator: " ")) → \(termination)\n--- stdout\n\(Self.visible(shown))\n--- stderr\n\(Self.visible(stderr))"
    }

    /// `text` with control characters other than line breaks and tabs written as `\u{…}`,
    /// so a failure message cannot send escape sequences to the terminal showing it.
    static func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar != "\n", scalar != "\t", scalar.properties.generalCategory == .control {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// Runs the `genesys-lint` executable built with the tests.
enum CLI {
    /// A run that prints more than this is taken to be stuck in a loop.
    static let outputLimit = 32 << 20

    /// The executable: beside the running test binary (whatever the build folder or scratch
    /// path), else `.build/debug/genesys-lint`. `GENESYS_LINT_EXECUTABLE` overrides both.
    static let executable: URL? = locateExecutable()

    private static func locateExecutable() -> URL? {
        let fileManager = FileManager.default
        func isExecutableFile(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fileManager.isExecutableFile(atPath: url.path)
        }
        if let explicit = ProcessInfo.processInfo.environment["GENESYS_LINT_EXECUTABLE"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        let workingDirectory = URL(fileURLWithPath: fileManager.currentDirectoryPath, isDirectory: true)
        var starts: [URL] = []
        if let executableURL = Bundle.main.executableURL {
            starts.append(executableURL.deletingLastPathComponent())
        }
        if let argument0 = ProcessInfo.processInfo.arguments.first, !argument0.isEmpty {
            starts.append(URL(fileURLWithPath: argument0, relativeTo: workingDirectory).deletingLastPathComponent())
        }
        starts.append(Bundle.main.bundleURL)
        for start in starts {
            // Linux: the test binary sits in the products folder itself. macOS: it is inside
            // `X.xctest/Contents/MacOS/`, three levels below.
            var directory = start.standardizedFileURL.resolvingSymlinksInPath()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("genesys-lint")
                if isExecutableFile(candidate) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        let fallback = TestSupport.packageRoot.appendingPathComponent(".build/debug/genesys-lint")
        return isExecutableFile(fallback) ? fallback : nil
    }

    /// Runs `genesys-lint arguments` in `cwd` (default: the package root), with `stdin` piped
    /// in (default: empty standard input), as `Subprocess` runs programs; one that prints more
    /// than `outputLimit` bytes is killed.
    static func run(
        _ arguments: [String],
        stdin: Data? = nil,
        cwd: URL = TestSupport.packageRoot,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLIResult {
        try CLIResult(arguments: arguments, subprocess(arguments, cwd: cwd, sourceLocation: sourceLocation).run(stdin: stdin))
    }

    /// `genesys-lint arguments`, ready to start.
    static func subprocess(_ arguments: [String], cwd: URL = TestSupport.packageRoot, sourceLocation: SourceLocation = #_sourceLocation) throws -> Subprocess {
        let executable = try #require(
            Self.executable,
            "genesys-lint was found neither beside the test binary nor at .build/debug/genesys-lint; build it (swift build) or set GENESYS_LINT_EXECUTABLE",
            sourceLocation: sourceLocation
        )
        var subprocess = Subprocess(executable: executable, arguments: arguments, cwd: cwd)
        subprocess.environment.removeValue(forKey: "GENESYS_LINT_UPDATE_GOLDEN")
        subprocess.outputLimit = outputLimit
        return subprocess
    }
}


// MARK: - Reading reports

/// A finding line of the text report: `file:line:column: severity[RULE]: message (pointer)`.
private struct TextFinding: Equatable {
    var file: String
    var line: Int
    var column: Int
    var severity: String
    var ruleId: String

    /// The finding lines of a text report (the summary lines do not match).
    static func parse(_ report: String) throws -> [TextFinding] {
        let pattern = try Regex(#"^(.+):(\d+):(\d+): (error|warning|info)\[([A-Z]+[0-9]+)\]: "#)
        return report.split(separator: "\n").compactMap { line -> TextFinding? in
            guard let match = line.firstMatch(of: pattern),
                  let file = match.output[1].substring, let row = match.output[2].substring.flatMap({ Int($0) }),
                  let column = match.output[3].substring.flatMap({ Int($0) }),
                  let severity = match.output[4].substring, let rule = match.output[5].substring
            else { return nil }
            return TextFinding(file: String(file), line: row, column: column, severity: String(severity), ruleId: String(rule))
        }
    }
}

// MARK: - Fixtures

private let examples = "Examples/exports"
private let problemsFile = "Examples/exports/problems/jobs-results-2026-03-03.ndjson"
private let cleanFile = "Examples/exports/clean/query-response-2026-03-02.json"
private let examplesConfig = "Examples/.genesys-lint.json"

/// A planted problem of Examples/exports/problems/EXPECTED.md and the rule that must report it.
private struct Planted: Hashable, CustomStringConvertible {
    var rule: String
    var line: Int
    var pointer: String
    var description: String { "\(rule) line \(line) \(pointer.isEmpty ? "/" : pointer)" }
}

/// The planted problems of the problems file, as EXPECTED.md lists them.
private let planted: [Planted] = [
    Planted(rule: "GDQ301", line: 2, pointer: "/participants/0/sessions/0/segments/1/disconnectType"),
    Planted(rule: "GDQ002", line: 5, pointer: "/participants/3/sessions/0/metrics/0/value"),
    Planted(rule: "GDQ201", line: 6, pointer: "/participants/2/sessions/0/segments/1/disconnectType"),
    Planted(rule: "GDQ401", line: 8, pointer: "/participants/1/sessions/0/segments/0/segmentEnd"),
    Planted(rule: "GDQ001", line: 10, pointer: ""),
    Planted(rule: "GDQ106", line: 11, pointer: "/participants/3/sessions/0/segments/0/disconnectType"),
    Planted(rule: "GDQ103", line: 13, pointer: "/participants/0/sessions/0/mediaType"),
    Planted(rule: "GDQ103", line: 13, pointer: "/participants/1/sessions/0/mediaType"),
    Planted(rule: "GDQ103", line: 13, pointer: "/participants/2/sessions/0/mediaType"),
    Planted(rule: "GDQ103", line: 13, pointer: "/participants/3/sessions/0/mediaType"),
    Planted(rule: "GDQ102", line: 14, pointer: "/participants/3/sessions/0/segments/2/segmentType"),
    Planted(rule: "GDQ003", line: 16, pointer: "/participants/3/sessions/0/segments/2/segmentStart"),
    Planted(rule: "GDQ402", line: 17, pointer: "/conversationEnd"),
    Planted(rule: "GDQ501", line: 19, pointer: "/conversationId"),
]

/// Every finding the default rules must make on the problems file, in input order, and no other:
/// the planted problems, and the information that the first copy of the duplicate (line 4,
/// exported during the agent's after-call work) was still in progress.
private let reported: [Planted] = (planted + [Planted(rule: "GDQ502", line: 4, pointer: "")]).sorted { $0.line < $1.line }

/// (line, pointer) of every planted problem, read from the EXPECTED.md table ("(whole line)" is "").
private func expectedMarkdownLocations() throws -> [(line: Int, pointer: String)] {
    let text = try String(contentsOfFile: TestSupport.path("Examples/exports/problems/EXPECTED.md"), encoding: .utf8)
    var locations: [(line: Int, pointer: String)] = []
    for row in text.split(separator: "\n") where row.hasPrefix("|") {
        let cells = row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard cells.count > 4, let line = Int(cells[2]) else { continue }
        for pointer in cells[4].components(separatedBy: "<br>") {
            let bare = pointer.trimmingCharacters(in: CharacterSet(charactersIn: "` "))
            locations.append((line, bare == "(whole line)" ? "" : bare))
        }
    }
    return locations
}


private func contents(of directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}

/// Line `number` (1-based) of the problems file, without its line break.
private func problemsLine(_ number: Int) throws -> String {
    let text = try String(contentsOfFile: TestSupport.path(problemsFile), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return String(try #require(lines.count >= number ? lines[number - 1] : nil))
}

/// A `.genesys-lint.json` above the package root would change what a default run does.
private func strayConfiguration() -> String? {
    var directory = TestSupport.packageRoot.standardizedFileURL
    while true {
        let candidate = directory.appendingPathComponent(".genesys-lint.json").path
        if FileManager.default.fileExists(atPath: candidate) { return candidate }
        let parent = directory.deletingLastPathComponent()
        if parent.path == directory.path { return nil }
        directory = parent
    }
}

/// The ids of the built-in rules, from the files in Rules/ (`Rules/<category>/<ID>-<name>.json`).
private func builtInRuleIds() throws -> [String] {
    let rules = TestSupport.packageRoot.appendingPathComponent("Rules")
    var ids: [String] = []
    for category in try contents(of: rules) {
        var isDirectory: ObjCBool = false
        let folder = rules.appendingPathComponent(category)
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
        for file in try contents(of: folder) where file.hasSuffix(".json") {
            if let id = file.split(separator: "-").first { ids.append(String(id)) }
        }
    }
    return ids.sorted()
}

/// Expects a usage error: exit code 2, nothing on standard output, and a first line on
/// standard error that says everything in `mentions` (so the helpful part is one line).
private func expectUsageError(_ result: CLIResult, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.exitCode == 2, "\(result)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "a usage error printed a report:\n\(result)", sourceLocation: sourceLocation)
    let first = result.stderrLines.first ?? ""
    for needle in mentions {
        #expect(first.contains(needle), "the first line of standard error does not mention \(needle):\n\(result)", sourceLocation: sourceLocation)
    }
}

// MARK: - Tests

@Suite("End to end: the built genesys-lint", .tags(.endToEnd))
struct EndToEndTests {
    // MARK: 1, 2: the bundled examples

    @Test("check Examples/exports: text report equals the golden file, exit 1")
    func checkExamplesText() throws {
        #expect(strayConfiguration() == nil, "a .genesys-lint.json above the package root changes the default run: \(strayConfiguration() ?? "")")
        let result = try CLI.run(["check", "--color", "never", examples])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(!result.stdout.contains("\u{1B}"), "colour codes although the output is a pipe and --color never")
        try Golden.check(result.stdout, against: "check-examples.txt")
    }

    @Test("check Examples/exports: exactly the planted problems, at their lines and pointers")
    func plantedProblemsExactly() throws {
        // Text report, independent of the golden file: rule id and line of every finding.
        let text = try CLI.run(["check", "--color", "never", examples])
        let textFindings = try TextFinding.parse(text.stdout)
        #expect(textFindings.map { "\($0.file) \($0.ruleId) line \($0.line)" } ==
                reported.map { "\(problemsFile) \($0.rule) line \($0.line)" })
        #expect(!text.stdout.contains("exports/clean/"), "a finding in the clean export:\n\(text.stdout)")

        // JSON report: rule, line and pointer, in input order; nothing in the clean export.
        let json = try CLI.run(["check", "--format", "json", examples])
        #expect(json.exitCode == 1, "\(json)")
        let report = try ParsedReport.parse(json.stdout)
        #expect(report.findings.map { Planted(rule: $0.ruleId, line: $0.line, pointer: $0.pointer) } == reported)
        #expect(report.findings.allSatisfy { $0.file == problemsFile }, "\(report.findings.filter { $0.file != problemsFile })")

        // Each finding's column points at the value its pointer names (a JSON string there).
        for finding in report.findings where finding.ruleId != "GDQ001" {
            let line = Array(try problemsLine(finding.line).utf8)
            #expect(finding.column >= 1 && finding.column <= line.count, "\(finding)")
            let key = finding.pointer.split(separator: "/").last.map { "\"\($0)\":" } ?? ""
            let before = String(decoding: line[..<max(0, min(line.count, finding.column - 1))], as: UTF8.self)
            #expect(before.hasSuffix(key), "\(finding): the column does not follow \(key)")
        }
        // The truncated line is reported where the text stops.
        let truncated = try #require(report.findings.first { $0.ruleId == "GDQ001" })
        #expect(truncated.column == (try problemsLine(10)).utf8.count + 1)
        #expect(truncated.message.contains("truncated"), "\(truncated.message)")

        // The planted list above is EXPECTED.md's table (catches a regenerated example set).
        let markdown = try expectedMarkdownLocations()
        #expect(markdown.map { "\($0.line) \($0.pointer)" } == planted.map { "\($0.line) \($0.pointer)" })
    }

    @Test("check --format json Examples/exports: golden file, summary and input order")
    func checkExamplesJSON() throws {
        let result = try CLI.run(["check", "--format", "json", examples])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        try Golden.check(result.stdout, against: "check-examples.json")

        let report = try ParsedReport.parse(result.stdout)
        #expect(report.toolName == "genesys-lint")
        #expect(report.files == 2)
        #expect(report.conversations == 49)
        #expect(report.unreadableRecords == 1)
        #expect(report.errors == 12)
        #expect(report.warnings == 2)
        #expect(report.infos == 1)
        #expect(report.findings.count == report.errors + report.warnings + report.infos)
        var byRule: [String: Int] = [:]
        for problem in reported { byRule[problem.rule, default: 0] += 1 }
        #expect(report.rules == byRule)

        // Input order: each file's findings together, by line then column.
        var seenFiles: [String] = []
        for (previous, finding) in zip([nil] + report.findings.map(Optional.some), report.findings) {
            if previous?.file != finding.file {
                #expect(!seenFiles.contains(finding.file), "findings of \(finding.file) are not together")
                seenFiles.append(finding.file)
            } else if let previous {
                #expect((previous.line, previous.column) <= (finding.line, finding.column), "\(previous) before \(finding)")
            }
        }
    }

    // MARK: 3: clean inputs

    @Test("the clean export alone: exit 0, no findings")
    func cleanExport() throws {
        let result = try CLI.run(["check", "--color", "never", cleanFile])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.hasSuffix("no findings.\n"), "\(result)")
        #expect(result.stdout.hasPrefix("Checked 1 file, 30 conversations"), "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
    }

    /// Real platform output (the 2016 query-builder result and the 2024 production page in
    /// ../shared/samples, the 2024 captures in Tests/Fixtures/real): valid data, so the default
    /// rules may say nothing there but what is true and worth reading.
    static let realCaptures = [
        "mypurecloud-developer-tools-analytics-query-builder-queryresult-2016.json",
        "xfaith4-genesyscloud-api-explorer-conversationdetails-2024-redacted.json",
        "voice-2024-not-responding-agent.json",
        "webmessaging-2024-blind-transfers.json",
    ]

    @Test("the reference samples and real captures: no error, no warning on real data, and every finding named with why it is true",
          .enabled(if: FileManager.default.fileExists(atPath: TestSupport.sharedSamples),
                   "reference samples missing at \(TestSupport.sharedSamples)"))
    func referenceSamples() throws {
        let inputs = ["../shared/samples", "Tests/Fixtures/real"]
        let text = try CLI.run(["check", "--color", "never"] + inputs)
        #expect(text.exitCode == 0, "\(text)")
        let json = try CLI.run(["check", "--format", "json"] + inputs)
        #expect(json.exitCode == 0, "\(json)")
        let report = try ParsedReport.parse(json.stdout)
        #expect(report.errors == 0, "\(report.findings.filter { $0.severity == "error" })")
        #expect(report.files == 7)
        #expect(report.conversations == 40)
        let real = report.findings.filter { finding in Self.realCaptures.contains { finding.file.hasSuffix($0) } }
        #expect(real.allSatisfy { $0.severity == "info" }, "real data drew \(real.filter { $0.severity != "info" })")
        // Every finding, with why it is true of the data.
        let expected: [String: String] = [
            // Real, 2016: one agent's alert failed at once with a connection error
            // (error.ininedgecontrol.connection.protocol) and no disconnect reason was recorded.
            "info GDQ712 mypurecloud-developer-tools-analytics-query-builder-queryresult-2016.json /conversations/6/participants/3/sessions/0/segments/0/errorCode": "a failed leg without a reason",
            // A test mock: its timestamps have a two-digit fraction, and its one conversation
            // stands for a query that found 100.
            "warning GDQ007 dyvenia-viadot-test-genesys-task-mock-query-response.json /conversations/0/conversationEnd": "a two-digit fraction",
            "info GDQ507 dyvenia-viadot-test-genesys-task-mock-query-response.json /totalHits": "one of 100 conversations on the page",
            // A blueprint's hand-made second conversation: days without their leading zero, and
            // no conversationEnd although every segment has ended.
            "warning GDQ007 genesyscloudblueprints-conversation-model-to-sql-conversation2.json /participants/0/sessions/0/segments/0/segmentStart": "2021-04-2T…",
            "info GDQ509 genesyscloudblueprints-conversation-model-to-sql-conversation2.json ": "no end, nothing open",
        ]
        let found = report.findings.map { "\($0.severity) \($0.ruleId) \(URL(fileURLWithPath: $0.file).lastPathComponent) \($0.pointer)" }
        #expect(found.sorted() == expected.keys.sorted())
    }

    @Test("valid conversations in the shapes Genesys documents (Tests/Fixtures/documented-shapes.md) draw only what is true of them")
    func documentedShapes() throws {
        let result = try CLI.run(["check", "--format", "json", "--no-config", "--as-of", "2027-01-01T00:00:00Z", "Tests/Fixtures/documented-shapes.ndjson"])
        #expect(result.exitCode == 0, "\(result)")
        let report = try ParsedReport.parse(result.stdout)
        #expect(report.conversations == 24)
        // Two web-messaging conversations exported while still open: in progress, which is true.
        #expect(report.findings.map { "\($0.severity) \($0.ruleId) \($0.line)" } == ["info GDQ502 16", "info GDQ502 17"], "\(report.findings)")
    }

    // MARK: 4: standard input

    @Test("check - reads standard input: the same findings as the file, named <stdin>")
    func standardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.path(problemsFile)))
        let fromFile = try CLI.run(["check", "--color", "never", problemsFile])
        let fromStdin = try CLI.run(["check", "--color", "never", "-"], stdin: data)
        #expect(fromStdin.exitCode == 1, "\(fromStdin)")
        #expect(fromStdin.exitCode == fromFile.exitCode)
        #expect(fromStdin.stdout == fromFile.stdout.replacingOccurrences(of: problemsFile, with: "<stdin>"))

        let json = try CLI.run(["check", "--format", "json", "-"], stdin: data)
        let report = try ParsedReport.parse(json.stdout)
        #expect(report.findings.map { Planted(rule: $0.ruleId, line: $0.line, pointer: $0.pointer) } == reported)
        #expect(report.findings.allSatisfy { $0.file == "<stdin>" })
        #expect(report.files == 1)
        #expect(report.conversations == 19)
    }

    // MARK: 5: -o

    @Test("-o FILE writes the report there, prints nothing, still exits 1")
    func outputFile() throws {
        let onStdout = try CLI.run(["check", "--color", "never", examples])
        let onStdoutJSON = try CLI.run(["check", "--format", "json", examples])
        try TestSupport.withTemporaryDirectory { directory in
            let report = directory.appendingPathComponent("report.txt")
            let result = try CLI.run(["check", "--color", "never", "-o", report.path, examples])
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            #expect(try String(contentsOf: report, encoding: .utf8) == onStdout.stdout)

            let jsonReport = directory.appendingPathComponent("report.json")
            let json = try CLI.run(["check", "--format", "json", "--output", jsonReport.path, examples])
            #expect(json.exitCode == 1, "\(json)")
            #expect(json.stdout.isEmpty, "\(json)")
            #expect(try String(contentsOf: jsonReport, encoding: .utf8) == onStdoutJSON.stdout)

            // Only the reports: no temporary file left beside them.
            #expect(try contents(of: directory) == ["report.json", "report.txt"])
        }
    }

    @Test("-o into a missing directory: exit 2, the path named, nothing left behind")
    func outputIntoMissingDirectory() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let target = directory.appendingPathComponent("no-such-dir/report.txt").path
            let result = try CLI.run(["check", "-o", target, examples])
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.contains(target), "\(result)")
            #expect(result.stderrLines.count == 1, "\(result)")
            #expect(try contents(of: directory) == [])
        }
    }

    @Test("-o naming a directory: exit 2, the temporary report removed")
    func outputOntoDirectory() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let target = directory.appendingPathComponent("a-directory")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            let result = try CLI.run(["check", "-o", target.path, examples])
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.contains(target.path), "\(result)")
            #expect(try contents(of: directory) == ["a-directory"], "a temporary report was left behind")
            #expect(try contents(of: target) == [])
        }
    }

    // MARK: 6: fail level, selection, severity

    @Test("--fail-on never: exit 0 with the findings still reported")
    func failOnNever() throws {
        let result = try CLI.run(["check", "--color", "never", "--fail-on", "never", examples])
        #expect(result.exitCode == 0, "\(result)")
        #expect(try TextFinding.parse(result.stdout).count == reported.count)
    }

    @Test("a warning alone: exit 0 by default, 1 with --fail-on warning or info, 1 when raised to error")
    func warningOnly() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("only-gdq201.ndjson")
            try (try problemsLine(6) + "\n").write(to: file, atomically: true, encoding: .utf8)

            let byDefault = try CLI.run(["check", "--color", "never", file.path])
            #expect(byDefault.exitCode == 0, "\(byDefault)")
            let findings = try TextFinding.parse(byDefault.stdout)
            #expect(findings.map(\.ruleId) == ["GDQ201"])
            #expect(findings.map(\.severity) == ["warning"])
            #expect(findings.map(\.line) == [1])

            let failOnWarning = try CLI.run(["check", "--color", "never", "--fail-on", "warning", file.path])
            #expect(failOnWarning.exitCode == 1, "\(failOnWarning)")
            let failOnInfo = try CLI.run(["check", "--color", "never", "--fail-on", "info", file.path])
            #expect(failOnInfo.exitCode == 1, "\(failOnInfo)")
            let failOnError = try CLI.run(["check", "--color", "never", "--fail-on", "error", file.path])
            #expect(failOnError.exitCode == 0, "\(failOnError)")

            let raised = try CLI.run(["check", "--color", "never", file.path, "--severity", "GDQ201=error"])
            #expect(raised.exitCode == 1, "\(raised)")
            #expect(try TextFinding.parse(raised.stdout).map(\.severity) == ["error"])
            #expect(raised.stdout.contains(": error[GDQ201]: "), "\(raised)")
            #expect(raised.stdout.contains("Found 1 finding: 1 error."), "\(raised)")
        }
    }

    @Test("--select GDQ3: only GDQ301")
    func select() throws {
        let result = try CLI.run(["check", "--color", "never", examples, "--select", "GDQ3"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(try TextFinding.parse(result.stdout).map { "\($0.ruleId) \($0.line)" } == ["GDQ301 2"])

        let two = try CLI.run(["check", "--color", "never", examples, "--select", "GDQ3,GDQ501"])
        #expect(try TextFinding.parse(two.stdout).map { "\($0.ruleId) \($0.line)" } == ["GDQ301 2", "GDQ501 19"])
    }

    @Test("--ignore GDQ1: no GDQ1xx, the rest unchanged")
    func ignore() throws {
        let result = try CLI.run(["check", "--color", "never", examples, "--ignore", "GDQ1"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(try TextFinding.parse(result.stdout).map { "\($0.ruleId) \($0.line)" } ==
                reported.filter { !$0.rule.hasPrefix("GDQ1") }.map { "\($0.rule) \($0.line)" })
    }

    @Test("--severity GDQ201=error changes the severity shown and counted")
    func severityOverride() throws {
        let result = try CLI.run(["check", "--format", "json", examples, "--severity", "GDQ201=error"])
        let report = try ParsedReport.parse(result.stdout)
        #expect(report.findings.filter { $0.ruleId == "GDQ201" }.map(\.severity) == ["error"])
        #expect(report.errors == 13)
        #expect(report.warnings == 1)
    }

    /// `check [<options>] [<path> ...]` is the documented order. `--select` and `--ignore`
    /// must not take the paths that follow them as rule ids (they accept comma-separated or
    /// repeated values, so they need not read up to the next option).
    @Test("options before the paths: check --select GDQ3 Examples/exports")
    func optionsBeforePaths() throws {
        let select = try CLI.run(["check", "--color", "never", "--select", "GDQ3", examples])
        #expect(select.exitCode == 1, "\(select)")
        #expect(try TextFinding.parse(select.stdout).map(\.ruleId) == ["GDQ301"])
        let ignore = try CLI.run(["check", "--color", "never", "--ignore", "GDQ1", examples])
        #expect(ignore.exitCode == 1, "\(ignore)")
        #expect(try TextFinding.parse(ignore.stdout).count == reported.filter { !$0.rule.hasPrefix("GDQ1") }.count)
    }

    // MARK: 7: usage errors

    @Test("usage error: a path that does not exist")
    func missingPath() throws {
        let result = try CLI.run(["check", "no/such/export.json"])
        expectUsageError(result, mentions: ["no/such/export.json", "no such file"])
    }

    @Test("usage error: --select with an id no rule has")
    func unknownSelection() throws {
        let result = try CLI.run(["check", examples, "--select", "NOPE1"])
        expectUsageError(result, mentions: ["--select", "NOPE1"])
    }

    @Test("usage error: --severity with an unknown level")
    func unknownSeverity() throws {
        let result = try CLI.run(["check", examples, "--severity", "GDQ201=fatal"])
        expectUsageError(result, mentions: ["--severity", "GDQ201=fatal", "error, warning or info"])
    }

    @Test("usage error: an unknown key in the configuration, with its position and a suggestion")
    func configurationTypo() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let config = directory.appendingPathComponent(".genesys-lint.json")
            try #"{"selct": ["GDQ1"]}"#.write(to: config, atomically: true, encoding: .utf8)
            let result = try CLI.run(["check", "--config", config.path, examples])
            expectUsageError(result, mentions: ["\(config.path):1:", "selct", #"did you mean "select""#])
        }
    }

    @Test("usage error: a rule condition with a misspelt field, with its position and a suggestion")
    func ruleConditionTypo() throws {
        let original = try String(contentsOfFile: TestSupport.path("Examples/rules/ACME001-abandoned-after-long-wait.json"), encoding: .utf8)
        let typo = original.replacingOccurrences(of: #""condition": "outcome"#, with: #""condition": "mediaTyp == 'voice' and outcome"#)
        try #require(typo != original, "ACME001's condition no longer starts with outcome; update this test")
        let lines = typo.split(separator: "\n", omittingEmptySubsequences: false)
        let lineIndex = try #require(lines.firstIndex { $0.contains("mediaTyp ") })
        let column = try #require(lines[lineIndex].range(of: "mediaTyp ")).lowerBound.utf16Offset(in: lines[lineIndex]) + 1
        try TestSupport.withTemporaryDirectory { directory in
            let rule = directory.appendingPathComponent("ACME001-abandoned-after-long-wait.json")
            try typo.write(to: rule, atomically: true, encoding: .utf8)
            let location = "\(rule.path):\(lineIndex + 1):\(column):"
            let check = try CLI.run(["check", examples, "--rules", directory.path])
            expectUsageError(check, mentions: [location, "mediaTyp", "did you mean 'mediaType'"])
            let testRules = try CLI.run(["test-rules", "--rules", directory.path])
            expectUsageError(testRules, mentions: [location, "did you mean 'mediaType'"])
        }
    }

    @Test("usage error: no paths at all", arguments: [["check"], [], ["check", "--color", "never"]])
    func noPaths(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        expectUsageError(result, mentions: ["name the exports to check"])
    }

    @Test("usage error: unknown option, bad --jobs, bad --format (exit 2, not argument-parser's 64)")
    func badOptions() throws {
        expectUsageError(try CLI.run(["check", "--frobnicate", examples]), mentions: ["--frobnicate"])
        expectUsageError(try CLI.run(["check", "--jobs", "0", examples]), mentions: ["--jobs"])
        expectUsageError(try CLI.run(["check", "--format", "xml", examples]), mentions: ["xml"])
        expectUsageError(try CLI.run(["check", "--fail-on", "sometimes", examples]), mentions: ["sometimes"])
    }

    /// An error found after the arguments were parsed (a missing path, an unknown rule id, a
    /// bad level) is one helpful line; it must not be followed by argument-parser's usage of
    /// the root command ("Usage: genesys-lint <subcommand>"), which is not what was run.
    @Test("usage errors found while running say one line, without the root command's usage",
          arguments: [
              ["check", "no/such/export.json"],
              ["check", examples, "--select", "NOPE1"],
              ["check", examples, "--severity", "GDQ201=fatal"],
              ["explain", "GDQ999"],
          ])
    func runtimeUsageErrorsAreOneLine(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(!result.stderr.contains("Usage: genesys-lint <subcommand>"), "\(result)")
    }

    // MARK: 8: parallelism

    @Test("--jobs 1 and --jobs 4 print byte-identical reports")
    func jobsDoNotChangeTheOutput() throws {
        for format in ["text", "json"] {
            let one = try CLI.run(["check", "--color", "never", "--format", format, "--jobs", "1", examples])
            let four = try CLI.run(["check", "--color", "never", "--format", format, "--jobs", "4", examples])
            #expect(one.exitCode == 1, "\(one)")
            #expect(four.exitCode == 1, "\(four)")
            #expect(one.stdoutData == four.stdoutData, "\(format): --jobs 4 differs\n\(Golden.difference(expected: one.stdout, actual: four.stdout, name: "--jobs 1 output"))")
        }
    }

    // MARK: 9: rules, explain, test-rules

    @Test("rules lists every built-in rule; --format json parses")
    func rulesListing() throws {
        let ids = try builtInRuleIds()
        #expect(Set(["GDQ001", "GDQ002", "GDQ003", "GDQ101", "GDQ106", "GDQ102", "GDQ103", "GDQ201", "GDQ301", "GDQ401", "GDQ402", "GDQ501"]).isSubset(of: Set(ids)))

        let text = try CLI.run(["rules"])
        #expect(text.exitCode == 0, "\(text)")
        let listed = text.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        for id in ids {
            #expect(listed.contains(id), "rules does not list \(id)")
        }

        let json = try CLI.run(["rules", "--format", "json"])
        #expect(json.exitCode == 0, "\(json)")
        let document = try JSONDocument.parse(json.stdout).get()
        let jsonIds: [String]? = document.withRoot { root in
            guard root.kind == .array else { return nil }
            return root.elements.compactMap { $0["id"]?.string }
        }
        #expect(jsonIds?.sorted() == ids)
        let allHaveNames: Bool = document.withRoot { root in
            root.elements.allSatisfy { $0["name"]?.string != nil && $0["severity"]?.string != nil }
        }
        #expect(allHaveNames)

        let withConfig = try CLI.run(["rules", "--config", examplesConfig])
        #expect(withConfig.exitCode == 0, "\(withConfig)")
        #expect(withConfig.stdout.split(separator: "\n").contains { $0.hasPrefix("ACME001 ") })
    }

    @Test("explain GDQ201: the three sections; by name and lower case too")
    func explain() throws {
        for name in ["GDQ201", "gdq201", "abandoned-client-disconnect"] {
            let result = try CLI.run(["explain", name])
            #expect(result.exitCode == 0, "\(result)")
            for heading in ["GDQ201", "What it checks", "Why it matters", "What to do", "Checks these disconnect reasons against these outcomes\n    abandoned: client\n"] {
                #expect(result.stdout.contains(heading), "explain \(name) lacks \(heading)")
            }
        }
    }

    @Test("rules --format coverage: the reasons × outcomes table of Rules/README.md, every pair a row")
    func coverageTable() throws {
        let result = try CLI.run(["rules", "--format", "coverage"])
        #expect(result.exitCode == 0, "\(result)")
        let readme = try String(contentsOfFile: TestSupport.path("Rules/README.md"), encoding: .utf8)
        #expect(readme.contains(result.stdout), "the printed table is not the one in Rules/README.md")
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| reason") && !$0.hasPrefix("| ---") }
        #expect(rows.count == 45)
        #expect(rows.contains { $0.hasPrefix("| Client (`client`) | Abandoned | GDQ201 `abandoned-client-disconnect` (warning) |") })
        #expect(rows.contains { $0.hasPrefix("| Peer (`peer`) | Abandoned | none needed |") })
    }

    @Test("explain GDQ999: exit 2")
    func explainUnknown() throws {
        let result = try CLI.run(["explain", "GDQ999"])
        expectUsageError(result, mentions: ["GDQ999"])
    }

    @Test("test-rules: all built-in examples behave; the Examples config adds ACME001's")
    func testRules() throws {
        let builtIn = try CLI.run(["test-rules"])
        #expect(builtIn.exitCode == 0, "\(builtIn)")
        #expect(builtIn.stdout.hasPrefix("All "), "\(builtIn)")

        let withConfig = try CLI.run(["test-rules", "--config", examplesConfig])
        #expect(withConfig.exitCode == 0, "\(withConfig)")
        #expect(withConfig.stdout.hasPrefix("All "), "\(withConfig)")

        // ACME001's examples are counted: the run with the config has exactly that many more.
        func exampleCount(_ output: String) -> Int? {
            output.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        let acme = try String(contentsOfFile: TestSupport.path("Examples/rules/ACME001-abandoned-after-long-wait.json"), encoding: .utf8)
        let acmeExamples: Int? = try JSONDocument.parse(acme).get().withRoot { root in
            guard let fire = root["examples"]?["fire"], let pass = root["examples"]?["pass"] else { return nil }
            return fire.count + pass.count
        }
        let before = try #require(exampleCount(builtIn.stdout), "\(builtIn)")
        let after = try #require(exampleCount(withConfig.stdout), "\(withConfig)")
        #expect(after - before == acmeExamples)
    }

    @Test("test-rules: a misbehaving example is reported, exit 1")
    func testRulesFailure() throws {
        let original = try String(contentsOfFile: TestSupport.path("Examples/rules/ACME001-abandoned-after-long-wait.json"), encoding: .utf8)
        let wrong = original.replacingOccurrences(of: #""/participants/1/sessions/0/metrics""#, with: #""/participants/0/sessions/0/metrics""#)
        try #require(wrong != original, "ACME001's fire example changed; update this test")
        try TestSupport.withTemporaryDirectory { directory in
            try wrong.write(to: directory.appendingPathComponent("ACME001-abandoned-after-long-wait.json"), atomically: true, encoding: .utf8)
            let result = try CLI.run(["test-rules", "--rules", directory.path])
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stdout.contains("ACME001"), "\(result)")
            #expect(result.stdout.contains("1 of "), "\(result)")
            #expect(result.stdout.contains("misbehave"), "\(result)")
        }
    }

    // MARK: 10: the Examples configuration

    @Test("check with Examples/.genesys-lint.json: ACME001 info findings, GDQ201 raised to error")
    func examplesConfiguration() throws {
        let result = try CLI.run(["check", "--format", "json", "--config", examplesConfig, examples])
        #expect(result.exitCode == 1, "\(result)")
        let report = try ParsedReport.parse(result.stdout)
        let acme = report.findings.filter { $0.ruleId == "ACME001" }
        #expect(acme.count == 3)
        #expect(acme.allSatisfy { $0.severity == "info" })
        // The config's maxWaitMs (180000) replaces the rule's default (300000).
        #expect(acme.allSatisfy { $0.message.contains("longer than our 180 s service target") }, "\(acme.map(\.message))")
        #expect(report.findings.filter { $0.ruleId == "GDQ201" }.map(\.severity) == ["error"])
        #expect(report.infos == 4)
        #expect(report.errors == 13)
        #expect(report.warnings == 1)
        // Everything else is as without the configuration.
        #expect(report.findings.filter { $0.ruleId != "ACME001" }.map { Planted(rule: $0.ruleId, line: $0.line, pointer: $0.pointer) } == reported)

        let text = try CLI.run(["check", "--color", "never", "--config", examplesConfig, examples])
        #expect(text.stdout.contains(": error[GDQ201]: "), "\(text)")
        #expect(text.stdout.components(separatedBy: ": info[ACME001]: ").count - 1 == 3, "\(text)")
    }

    @Test("--fail-on on the command line overrides the configuration's failOn")
    func failOnOverridesConfiguration() throws {
        let byConfig = try CLI.run(["check", "--config", examplesConfig, cleanFile])
        #expect(byConfig.exitCode == 0, "info findings only, failOn error:\n\(byConfig)")
        let overridden = try CLI.run(["check", "--config", examplesConfig, "--fail-on", "info", cleanFile])
        #expect(overridden.exitCode == 1, "\(overridden)")
    }

    // MARK: 11: hostile inputs

    @Test("an empty file: exit 1, GDQ004 says empty")
    func emptyFile() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("empty.json")
            try Data().write(to: file)
            let result = try CLI.run(["check", "--format", "json", file.path])
            #expect(result.exitCode == 1, "\(result)")
            let report = try ParsedReport.parse(result.stdout)
            #expect(report.findings.map(\.ruleId) == ["GDQ004"])
            #expect(report.findings.first?.message.contains("empty") == true, "\(report.findings)")
        }
    }

    @Test("binary garbage (bytes 0x00…0xFF): exit 1, GDQ001 or GDQ004, no crash")
    func binaryGarbage() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("garbage.json")
            try Data((0...255).map { UInt8($0) }).write(to: file)
            let result = try CLI.run(["check", "--format", "json", file.path])
            #expect([Int32(0), 1, 2].contains(result.exitCode), "\(result)")
            #expect(result.exitCode == 1, "\(result)")
            let report = try ParsedReport.parse(result.stdout)
            #expect(!report.findings.isEmpty)
            #expect(report.findings.allSatisfy { ["GDQ001", "GDQ004"].contains($0.ruleId) }, "\(report.findings)")
        }
    }

    @Test("a query response cut in half: the conversations before the cut are checked, GDQ001 says truncated")
    func truncatedQueryResponse() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: TestSupport.path(cleanFile)))
        try TestSupport.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("truncated.json")
            try whole.prefix(whole.count / 2).write(to: file)
            let result = try CLI.run(["check", "--format", "json", file.path])
            #expect(result.exitCode == 1, "\(result)")
            let report = try ParsedReport.parse(result.stdout)
            #expect(report.conversations > 0)
            #expect(report.conversations < 30)
            #expect(report.unreadableRecords == 1)
            #expect(report.findings.map(\.ruleId) == ["GDQ001"])
            #expect(report.findings.first?.message.contains("truncated") == true, "\(report.findings)")
        }
    }

    /// Inputs a linter meets in the wild or from a fuzzer. Each must end in exit 1 with a
    /// reading finding: no crash, no hang, no endless output.
    @Test("hostile inputs: exit 1 with a reading finding, never a crash or a hang", arguments: hostileInputs)
    func hostileInput(_ input: HostileInput) throws {
        let (name, bytes) = (input.name, input.bytes)
        try TestSupport.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("hostile.json")
            try bytes.write(to: file)
            // Only the reading rules: the tiny objects these inputs hold would otherwise draw
            // content findings (no conversationEnd…) that are beside the point here.
            let result = try CLI.run(["check", "--format", "json", "--select", "GDQ0", file.path])
            #expect(result.exitCode == 1, "\(name): \(result)")
            guard result.exitCode == 1 else { return }
            let report = try ParsedReport.parse(result.stdout)
            #expect(!report.findings.isEmpty, "\(name)")
            #expect(report.findings.allSatisfy { $0.ruleId.hasPrefix("GDQ00") }, "\(name): \(report.findings)")
            #expect(report.findings.count < 100, "\(name): \(report.findings.count) findings")
        }
    }

    /// Values from the input must not reach the terminal of whoever reads the text report as
    /// control characters: ESC[2J clears the screen, U+009B starts an escape sequence on
    /// terminals that take 8-bit controls, and jansson quotes raw input bytes in its messages.
    @Test("text reports do not pass control characters from the input to the terminal")
    func controlCharactersAreEscaped() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("escape.json")
            try #"{"conversationId":"a","participants":[{"purpose":"\u001b[2Jx\u009b2J\u007f","sessions":[]}]}"#.write(to: file, atomically: true, encoding: .utf8)
            let garbage = directory.appendingPathComponent("garbage.json")
            try Data((0...255).map { UInt8($0) }).write(to: garbage)
            let result = try CLI.run(["check", "--color", "never", file.path, garbage.path])
            #expect(result.exitCode == 1, "\(result)")
            #expect(try TextFinding.parse(result.stdout).count >= 2, "\(result)")
            // C0, DEL and C1 (U+0080…U+009F: U+009B is a one-character escape sequence introducer).
            let controls = Set(result.stdout.unicodeScalars.filter { $0 != "\n" && $0.properties.generalCategory == .control }
                .map { "U+" + String($0.value, radix: 16, uppercase: true) }).sorted()
            #expect(controls == [], "control characters in the text report:\n\(result)")
        }
    }
}

/// An input for `hostileInput`.
struct HostileInput: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: Data
    var testDescription: String { name }

    init(_ name: String, _ text: String) {
        self.name = name
        bytes = Data(text.utf8)
    }

    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = Data(bytes)
    }
}

private let hostileInputs: [HostileInput] = {
    let nestedObjects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
    return [
        HostileInput("lone comma", ","),
        HostileInput("number then comma", "1,"),
        HostileInput("objects separated by commas", #"{"conversationId":"a","participants":[]},{"conversationId":"b","participants":[]}"#),
        HostileInput("trailing comma", #"{"conversationId":"a","participants":[]},"#),
        HostileInput("opening brace only", "{"),
        HostileInput("whitespace only", "\n \n\t\n"),
        HostileInput("NUL bytes", bytes: [0, 0, 0]),
        HostileInput("deeply nested arrays", String(repeating: "[", count: 100_000)),
        HostileInput("deeply nested objects", #"{"conversationId":"x","participants":["# + nestedObjects + "]}"),
        HostileInput("invalid UTF-8", bytes: [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]),
        HostileInput("lone surrogate", #"{"conversationId":"\ud800","participants":[]}"#),
        HostileInput("number overflow", #"{"conversationId":"a","participants":[{"purpose":"agent","sessions":[{"mediaType":"voice","metrics":[{"name":"tHandle","value":1e999999}]}]}]}"#),
        HostileInput("random bytes", bytes: seededRandomBytes(count: 65536, seed: 7)),
    ]
}()

/// Deterministic pseudo-random bytes (a 64-bit LCG), the same on every run and platform.
private func seededRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
}

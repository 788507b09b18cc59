import Testing
@testable import GenesysLint

/// A workflow command as the Actions runner reads a line: `::name key=value,…::data`, the
/// properties ending at the first `::` and split at `,` and the first `=`, values and data
/// unescaped.
private struct WorkflowCommand: Equatable {
    var name: String
    var properties: [String: String]
    var data: String

    init?(line: Substring) {
        // The runner ignores leading whitespace.
        let line = line.drop { $0 == " " || $0 == "\t" }
        guard line.hasPrefix("::") else { return nil }
        let rest = line.dropFirst(2)
        guard let end = rest.range(of: "::") else { return nil }
        let head = rest[..<end.lowerBound]
        let space = head.firstIndex(of: " ") ?? head.endIndex
        name = String(head[..<space])
        properties = [:]
        for pair in head[space...].dropFirst().split(separator: ",") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            properties[String(pair[..<equals])] = Self.unescaped(pair[pair.index(after: equals)...])
        }
        data = Self.unescaped(rest[end.upperBound...])
    }

    private static func unescaped(_ text: Substring) -> String {
        text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
            .replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
            .replacingOccurrences(of: "%25", with: "%")
    }
}

@Suite("GitHub Actions report")
struct GitHubReporterTests {
    private let findings = ReporterFixture.findings

    @Test("github: golden file; one command per finding, then a plain summary")
    func golden() throws {
        let output = ReporterFixture.render(GitHubReporter())
        try expectGolden(output, "github-report.txt")
        let lines = output.split(separator: "\n")
        let commands = lines.compactMap(WorkflowCommand.init(line:))
        #expect(commands.count == findings.count)
        #expect(commands.map(\.name) == ["error", "warning", "error"])
        #expect(commands[0].properties == ["file": "exports/day1.ndjson", "line": "2", "col": "1216", "title": "GDQ301 spam-disconnect-on-non-email"])
        #expect(commands[1].data == findings[1].message + " (" + findings[1].pointer + ")")
        // Standard input is not a file of the repository.
        #expect(commands[2].properties == ["title": "GDQ001 malformed-json"])
        #expect(output.contains("  GDQ201  abandoned-client-disconnect   1 finding, 1 conversation (2.04%), threshold > 5% not crossed\n"))
        #expect(output.hasSuffix("Failed: findings at or above the fail level (error).\n"))
    }

    @Test("github: info findings are notices")
    func infoIsNotice() {
        #expect(GitHubReporter.command(.info) == "notice")
        #expect(GitHubReporter.command(.warning) == "warning")
        #expect(GitHubReporter.command(.error) == "error")
    }

    @Test("github: hostile messages and paths cannot break a command or start another", arguments: [
        ("a message with a line break and a command", "spam\n::error file=x.json,line=1::injected", "exports/day1.ndjson"),
        ("a message with :: and commas", "a::b, c:d,e=f :: ::warning::", "exports/day1.ndjson"),
        ("percent escapes in the data", "100% of %0A and %25 and %3A", "exports/100%.json"),
        ("a path with commas, colons and equals", "plain", "exports/a,line=99,title=x::y:z.json"),
        ("a path with a line break and a command", "plain", "exports/evil\n::error::boom.json"),
        ("carriage returns", "one\rtwo\r\nthree", "exports/c\r.json"),
    ])
    func hostile(_ label: String, _ message: String, _ file: String) {
        let finding = Finding(ruleId: "GDQ301", severity: .error, message: message, file: file, line: 7, column: 3,
                              pointer: "/a,b/c:d", conversationId: "x")
        var reporter = GitHubReporter()
        var output = CollectedText()
        reporter.start(ReporterFixture.context, into: &output)
        reporter.add(finding, into: &output)
        reporter.add(finding, into: &output)
        reporter.finish(Summary(), into: &output)
        let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false)
        let commands = lines.compactMap(WorkflowCommand.init(line:))
        #expect(commands.count == 2, "\(label): \(output.text)")
        #expect(!output.text.contains("\r"), "\(label)")
        for command in commands {
            #expect(command.name == "error", "\(label)")
            #expect(command.properties == ["file": file, "line": "7", "col": "3", "title": "GDQ301 spam-disconnect-on-non-email"], "\(label)")
            #expect(command.data == message + " (/a,b/c:d)", "\(label)")
        }
        // The summary lines are no commands.
        #expect(lines.filter { $0.drop { $0 == " " }.hasPrefix("::") }.count == 2, "\(label)")
    }

    @Test("github: escape sequences from the data do not reach the log")
    func controlCharacters() {
        #expect(GitHubReporter.escaped("a\u{1B}[31mb\u{9B}c\td", property: false) == "a\\u{1b}[31mb\\u{9b}c\td")
        #expect(GitHubReporter.escaped("a:b,c%d\n", property: true) == "a%3Ab%2Cc%25d%0A")
        #expect(GitHubReporter.escaped("a:b,c%d\n", property: false) == "a:b,c%25d%0A")
    }

    @Test("github: a passing run says so, with its baseline")
    func passing() {
        var context = ReporterFixture.context
        context.baselinePath = "baseline.json"
        var reporter = GitHubReporter()
        var output = CollectedText()
        reporter.start(context, into: &output)
        var summary = Summary()
        summary.files = 1
        summary.conversations = 30
        summary.suppressedByBaseline = 3
        reporter.finish(summary, into: &output)
        #expect(output.text == """
            genesys-lint checked 1 file, 30 conversations.
            Findings: 0 errors, 0 warnings, 0 info.
            3 findings left out: the baseline baseline.json lists them.
            Passed: no finding fails the run (fail level error).

            """)
    }
}

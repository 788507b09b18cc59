import Foundation
import Testing
@testable import GenesysLint

// End-to-end tests of the audit reports: the built genesys-lint writing them, a browser
// rendering the HTML, and the example reports in Examples/reports/ kept current.

/// How a run of a tool other than genesys-lint (a script, the browser) ended.
private struct ToolRun: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String {
        "exit \(status)\n--- stdout\n\(stdout.prefix(2000))\n--- stderr\n\(stderr.suffix(2000))"
    }
}

/// Runs `executable` in the package root, with `environment` added to the tests' own.
private func runTool(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ToolRun {
    var subprocess = Subprocess(executable: URL(fileURLWithPath: executable), arguments: arguments)
    subprocess.environment.merge(environment) { $1 }
    let result = try subprocess.run()
    return ToolRun(status: result.status, stdout: result.stdout, stderr: result.stderr)
}

/// Headless Chromium (Debian's `chromium`, installed by Scripts/bootstrap --tests); `GENESYS_LINT_CHROMIUM`
/// names another.
private let chromium: String? = {
    let environment = ProcessInfo.processInfo.environment
    if let explicit = environment["GENESYS_LINT_CHROMIUM"], !explicit.isEmpty { return explicit }
    let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
        for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
    }
    return nil
}()

/// Width and height of a PNG, nil when the bytes are not a PNG.
private func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
    func number(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (number(16), number(20))
}

@Suite("End to end: audit reports", .tags(.endToEnd))
struct AuditEndToEndTests {
    @Test("check --format html=FILE --format markdown=FILE Examples/exports: both written, with the run's key content; nothing on standard output")
    func bothReports() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let html = directory.appendingPathComponent("report.html"), markdown = directory.appendingPathComponent("report.md")
            let result = try CLI.run(["check", "--format", "html=\(html.path)", "--format", "markdown=\(markdown.path)", "Examples/exports"])
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")

            let page = try String(contentsOf: html, encoding: .utf8)
            #expect(page.hasPrefix("<!DOCTYPE html>"))
            #expect(!page.lowercased().contains("<script"))
            for expected in [
                "<title>Data-quality audit · failed</title>", "✗ Failed",
                "<p class=\"figure-value\">49</p>", "<p class=\"figure-value\">15</p>",
                "Examples/exports/clean/query-response-2026-03-02.json", "Examples/exports/problems/jobs-results-2026-03-03.ndjson",
                "id=\"chart-rules\"", "id=\"chart-matrix\"", "id=\"chart-matrix-1\"", "id=\"chart-timeline\"",
                "<strong>client × abandoned</strong>: 1 of 1 visit contradictory (GDQ201)",
                "<a href=\"#rule-GDQ201\">GDQ201</a>", "id=\"rule-GDQ301\"", "Why it matters",
                "ea31b66f-4141-409c-ba81-0b53478f99ec",
            ] {
                #expect(page.contains(expected), "the HTML report lacks \(expected)")
            }

            let text = try String(contentsOf: markdown, encoding: .utf8)
            for expected in [
                "# Data-quality audit", "**✗ Failed.** 12 findings at or above the fail level (error).",
                "| **Conversations** | 49 |", "| **Unreadable records** | 1 |",
                "| GDQ201 | abandoned-client-disconnect | warning | suspicious | 1 | 1 | 2.04% | – |",
                "| client | · | **1 ⚠ 1** |", "- ⚠ client × abandoned: 1 of 1 visit contradictory (GDQ201)",
                "| 2026-03-02 | 30 | 0 | 0 | 0 | 0 |", "| 2026-03-03 | 19 | 11 | 2 | 1 | 14 |",
                "| 1 | ea31b66f-4141-409c-ba81-0b53478f99ec | Examples/exports/problems/jobs-results-2026-03-03.ndjson:13 | 4 errors | GDQ103 |",
                "### GDQ201 abandoned-client-disconnect",
            ] {
                #expect(text.contains(expected), "the Markdown report lacks \(expected)")
            }
        }
    }

    @Test("check --format markdown on the clean export: on standard output, passed, no findings")
    func cleanMarkdown() throws {
        let result = try CLI.run(["check", "--format", "markdown", "Examples/exports/clean/query-response-2026-03-02.json"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.hasPrefix("# Data-quality audit\n"), "\(result)")
        #expect(result.stdout.contains("**✓ Passed.** No finding at or above the fail level (error)."), "\(result)")
        #expect(result.stdout.contains("No rule found anything."), "\(result)")
        #expect(result.stdout.contains("No conversation has a finding."), "\(result)")
    }

    /// Chromium shows what a reader sees: the page lays out (a screenshot of real size), the
    /// document it builds has no script element, and the finding message that holds
    /// `<script>alert(1)</script>` is in it as text.
    @Test("the HTML report renders in headless Chromium: a real screenshot, a DOM without script that holds the escaped text", .tags(.slow))
    func rendersInChromium() throws {
        let browser = try #require(chromium, "Chromium not found: run Scripts/bootstrap --tests (Debian's chromium package), or set GENESYS_LINT_CHROMIUM")
        try TestSupport.withTemporaryDirectory { directory in
            let page = directory.appendingPathComponent("report.html")
            try ReporterFixture.render(AuditReporter(.html)).write(to: page, atomically: true, encoding: .utf8)
            let screenshot = directory.appendingPathComponent("report.png")
            let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
                          "--user-data-dir=\(directory.appendingPathComponent("profile").path)"]

            let shot = try runTool(browser, common + ["--screenshot=\(screenshot.path)", "--window-size=1200,3000", page.absoluteString])
            #expect(shot.status == 0, "\(shot)")
            let png = try Data(contentsOf: screenshot)
            let size = try #require(pngSize(png), "the screenshot is not a PNG")
            #expect(size.width == 1200 && size.height == 3000)
            // A blank page compresses to about 10 KB; text, tables and charts take far more.
            #expect(png.count > 60_000, "the screenshot is only \(png.count) bytes: is the page blank?")

            let dump = try runTool(browser, common + ["--dump-dom", page.absoluteString])
            #expect(dump.status == 0, "\(dump)")
            let dom = dump.stdout
            #expect(dom.contains("Data-quality audit"), "\(dump)")
            #expect(!dom.lowercased().contains("<script"), "a script element in the rendered DOM")
            #expect(dom.contains("disconnect &lt;script&gt;alert(1)&lt;/script&gt;"), "the message is not in the DOM as text")
            #expect(dom.components(separatedBy: "<svg").count - 1 >= 4, "charts missing from the DOM")
        }
    }

    @Test("Examples/reports holds what the current genesys-lint writes (regenerate with Scripts/example-reports)", .tags(.slow))
    func exampleReportsAreCurrent() throws {
        let executable = try #require(CLI.executable, "genesys-lint not built")
        try TestSupport.withTemporaryDirectory { directory in
            let run = try runTool("/usr/bin/env", ["bash", "Scripts/example-reports", "--no-screenshot", directory.path],
                                  environment: ["GENESYS_LINT_EXECUTABLE": executable.path])
            #expect(run.status == 0, "\(run)")
            for name in ["audit.html", "audit.md"] {
                let written = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                let committed = try String(contentsOfFile: TestSupport.path("Examples/reports/\(name)"), encoding: .utf8)
                let current = written == committed
                #expect(current, "Examples/reports/\(name) is out of date: run Scripts/example-reports and review the diff")
            }
        }
        let screenshot = try Data(contentsOf: URL(fileURLWithPath: TestSupport.path("Examples/reports/audit.png")))
        #expect(pngSize(screenshot)?.width == 1200, "Examples/reports/audit.png is not the 1200-pixel-wide screenshot Scripts/example-reports takes")
    }
}

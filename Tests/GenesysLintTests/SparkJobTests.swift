import Foundation
import Testing

/// Runs Examples/spark/lint_export.py for real, with PySpark in local mode, and compares its
/// merged report with one run of `check` over the same export. The job runs as its README
/// says: with the wheel installed on the driver (a virtual environment that also sees PySpark)
/// and no genesys-lint or Swift on the PATH, so the executors run the binary the job ships them.
/// Scripts/bootstrap --tests installs PySpark (Java 17 must be present).
@Suite(.serialized, .tags(.endToEnd, .slow)) struct SparkJobTests {
    @Test func theSparkJobReportsWhatOneRunReports() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let lines = try String(contentsOfFile: TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            let input = directory.appendingPathComponent("export")
            try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
            // Three files, so at least three partitions; the last repeats a conversation of the first.
            let shares = [Array(lines[0..<7]), Array(lines[7..<14]), Array(lines[14...]) + [lines[1]]]
            for (index, share) in shares.enumerated() {
                try (share.joined(separator: "\n") + "\n").write(to: input.appendingPathComponent("day-\(index + 1).ndjson"), atomically: true, encoding: .utf8)
            }
            // Spark reads gzip itself: one share is compressed, as exports at rest often are.
            let gzipped = try Shell.run(["gzip", input.appendingPathComponent("day-2.ndjson").path])
            #expect(gzipped.status == 0, "\(gzipped.stderr)")

            let output = directory.appendingPathComponent("out")
            let log = directory.appendingPathComponent("spark.log")
            let driver = try Wheel.installedBesideSystemPackages()
            var subprocess = driver.subprocess(["sh", "-c", #"python "$0" --master 'local[2]' --check-option=--as-of=2026-03-04T00:00:00Z --format json "$1" "$2" > "$3" 2>&1"#,
                                                TestSupport.path("Examples/spark/lint_export.py"), input.path, output.path, log.path], cwd: directory)
            subprocess.environment.merge(["PYSPARK_PYTHON": driver.python.path, "SPARK_LOCAL_IP": "127.0.0.1"]) { $1 }
            let job = try subprocess.run()
            let jobLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(!jobLog.contains("No module named 'pyspark'"), "PySpark is missing: run Scripts/bootstrap --tests")
            #expect(job.status == 1, "the export has errors, so the merge exits 1; the job said:\n\(jobLog.suffix(4000))")

            let merged = try Self.report(output.appendingPathComponent("report.json"))
            // Every partition pipes its lines through standard input, so the job reads the export
            // as one input, as a single run over the whole export piped in would: a conversation
            // repeated across partitions repeats within that input (GDQ501).
            let whole = shares.map { $0.joined(separator: "\n") + "\n" }.joined()
            let single = try CLI.run(["check", "--as-of", "2026-03-04T00:00:00Z", "--format", "json", "-"], stdin: Data(whole.utf8))
            let expected = try Self.report(single.stdoutData)
            // Findings name `<stdin>` and partition lines in the Spark job, so they are compared
            // by rule, severity, conversation and place within it.
            #expect(merged.findings == expected.findings)
            #expect(merged.rules == expected.rules)
            #expect(merged.conversations == expected.conversations)
            #expect(merged.findings.contains { $0.hasPrefix("GDQ501 ") }, "the conversation repeated across partitions is reported")
            let partials = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("partials").path)
            #expect(partials.count >= 3)
        }
    }

    struct Report {
        var findings: [String]
        var rules: String
        var conversations: Int
    }

    static func report(_ url: URL) throws -> Report {
        try report(Data(contentsOf: url))
    }

    static func report(_ data: Data) throws -> Report {
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]]).map { finding in
            ["ruleId", "severity", "conversationId", "pointer"].map { "\(finding[$0] ?? "-")" }.joined(separator: " ")
        }.sorted()
        let summary = try #require(object["summary"] as? [String: Any])
        let rules = try JSONSerialization.data(withJSONObject: summary["rules"] ?? [:], options: [.sortedKeys])
        return Report(findings: findings, rules: String(decoding: rules, as: UTF8.self), conversations: summary["conversations"] as? Int ?? -1)
    }
}

import Foundation
import GenesysJSON
import Testing

// End-to-end tests of gzip input and the progress line: they run the built `genesys-lint`.

private let problemsFile = "Examples/exports/problems/jobs-results-2026-03-03.ndjson"
private let cleanFile = "Examples/exports/clean/query-response-2026-03-02.json"

/// A `--format ndjson` report's findings, without the name of the input (`file`, as messages
/// quote it too): what must not change when the same export is read compressed.
private func places(_ result: CLIResult, file: String) -> [String] {
    result.stdout.split(separator: "\n").map { line in
        switch JSONDocument.parse(String(line)) {
        case .failure(let error):
            return "not JSON (\(error.message)): \(line)"
        case .success(let document):
            return document.withRoot { finding in
                let fields = ["ruleId", "line", "column", "pointer", "conversationId", "message"].map { key in
                    finding[key].map { $0.string ?? $0.integer.map(String.init) ?? "null" } ?? "missing"
                }
                return fields.joined(separator: " ").replacingOccurrences(of: file, with: "FILE")
            }
        }
    }
}

@Suite("gzip input and the progress line, end to end", .tags(.endToEnd))
struct CompressedInputEndToEndTests {
    @Test("an export plain, as .json.gz, as .ndjson.gz and gzipped on standard input gives the same findings at the same places")
    func sameFindings() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let asJSON = directory.appendingPathComponent("export.json.gz")
            let asNDJSON = directory.appendingPathComponent("export.ndjson.gz")
            try Gzip.compressFile(TestSupport.path(problemsFile), to: asJSON)
            try Gzip.compressFile(TestSupport.path(problemsFile), to: asNDJSON)
            let compressed = try Data(contentsOf: asJSON)

            let plain = try CLI.run(["check", "--no-config", "--format", "ndjson", problemsFile])
            #expect(plain.exitCode == 1, "\(plain)")
            let expected = places(plain, file: problemsFile)
            #expect(expected.count == 15, "\(plain)")
            for (run, file) in [
                (try CLI.run(["check", "--no-config", "--format", "ndjson", asJSON.path]), asJSON.path),
                (try CLI.run(["check", "--no-config", "--format", "ndjson", asNDJSON.path]), asNDJSON.path),
                (try CLI.run(["check", "--no-config", "--format", "ndjson", "-"], stdin: compressed), "<stdin>"),
            ] {
                #expect(run.exitCode == 1, "\(run)")
                #expect(run.stderr.isEmpty, "\(run)")
                #expect(places(run, file: file) == expected, "\(run)")
            }

            // The text report too, but for the file's name.
            let plainText = try CLI.run(["check", "--no-config", "--color", "never", problemsFile])
            let stdinText = try CLI.run(["check", "--no-config", "--color", "never", "-"], stdin: compressed)
            #expect(stdinText.stdout == plainText.stdout.replacingOccurrences(of: problemsFile, with: "<stdin>"))
        }
    }

    @Test("a folder's .gz exports are found and checked with the plain ones")
    func folder() throws {
        try TestSupport.withTemporaryDirectory { directory in
            try Gzip.compressFile(TestSupport.path(problemsFile), to: directory.appendingPathComponent("day1.ndjson.gz"))
            try FileManager.default.copyItem(atPath: TestSupport.path(cleanFile), toPath: directory.appendingPathComponent("day2.json").path)
            try Data("not an export".utf8).write(to: directory.appendingPathComponent("notes.txt.gz"))
            let result = try CLI.run(["check", "--no-config", "--format", "ndjson", directory.path])
            #expect(result.exitCode == 1, "\(result)")
            let files = Set(result.stdout.split(separator: "\n").compactMap { line in
                try? JSONDocument.parse(String(line)).get().withRoot { $0["file"]?.string }
            })
            #expect(files == [directory.appendingPathComponent("day1.ndjson.gz").path], "\(result)")

            let text = try CLI.run(["check", "--no-config", "--color", "never", directory.path])
            #expect(text.stdout.contains("Checked 2 files, 49 conversations (1 record could not be read)."), "\(text)")
        }
    }

    @Test("a truncated .gz: exit code 2 and a message naming it, and the findings of the records before the cut")
    func truncated() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let whole = directory.appendingPathComponent("whole.json.gz")
            try Gzip.compressFile(TestSupport.path(problemsFile), to: whole)
            let compressed = try Data(contentsOf: whole)
            let cut = directory.appendingPathComponent("cut.json.gz")
            try compressed.prefix(compressed.count / 2).write(to: cut)

            let result = try CLI.run(["check", "--no-config", "--color", "never", cut.path, cleanFile])
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.stderrLines.count == 1, "\(result)")
            #expect(result.stderr.contains("genesys-lint: \(cut.path): the gzip stream ends early, after "), "\(result)")
            #expect(result.stdout.contains("\(cut.path):2:1216: error[GDQ301]"), "\(result)")
            #expect(result.stdout.contains("Checked 2 files"), "the next input is checked too: \(result)")

            var damaged = compressed
            damaged[damaged.count / 2] ^= 0xFF
            let corrupt = directory.appendingPathComponent("corrupt.ndjson.gz")
            try damaged.write(to: corrupt)
            let corruptRun = try CLI.run(["check", "--no-config", "--color", "never", corrupt.path])
            #expect(corruptRun.exitCode == 2, "\(corruptRun)")
            #expect(corruptRun.stderr.contains("genesys-lint: \(corrupt.path): the gzip data is corrupt after "), "\(corruptRun)")

            let cutStdin = try CLI.run(["check", "--no-config", "--color", "never", "-"], stdin: compressed.prefix(compressed.count / 2))
            #expect(cutStdin.exitCode == 2, "\(cutStdin)")
            #expect(cutStdin.stderr.contains("<stdin>: the gzip stream ends early"), "\(cutStdin)")
        }
    }

    @Test("--quarantine and --clean from a .gz input write the same NDJSON as from the plain file")
    func split() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let compressed = directory.appendingPathComponent("export.json.gz")
            try Gzip.compressFile(TestSupport.path(problemsFile), to: compressed)
            func split(_ input: String, _ name: String) throws -> (quarantine: Data, clean: Data) {
                let quarantine = directory.appendingPathComponent("\(name)-quarantine.ndjson")
                let clean = directory.appendingPathComponent("\(name)-clean.ndjson")
                let result = try CLI.run(["check", "--no-config", "--format", "ndjson", "--quarantine", quarantine.path, "--clean", clean.path, input])
                #expect(result.exitCode == 1, "\(result)")
                return (try Data(contentsOf: quarantine), try Data(contentsOf: clean))
            }
            let plain = try split(problemsFile, "plain")
            let inflated = try split(compressed.path, "gz")
            #expect(!plain.quarantine.isEmpty)
            #expect(!plain.clean.isEmpty)
            #expect(inflated.quarantine == plain.quarantine)
            #expect(inflated.clean == plain.clean)
            #expect(inflated.clean.first == UInt8(ascii: "{"), "decompressed text, not gzip")
        }
    }

    @Test("--progress always draws on standard error and clears it at the end; standard output is the report alone")
    func progressAlways() throws {
        let never = try CLI.run(["check", "--no-config", "--color", "never", "--progress", "never", problemsFile])
        let always = try CLI.run(["check", "--no-config", "--color", "never", "--progress", "always", problemsFile])
        #expect(always.exitCode == never.exitCode)
        #expect(always.stdout == never.stdout)
        #expect(always.stderr.hasPrefix("\r"), "\(always)")
        #expect(always.stderr.contains("100%"), "\(always)")
        #expect(always.stderr.contains("conversations/s"), "\(always)")
        #expect(always.stderr.hasSuffix("\r\u{1B}[K"), "cleared at the end: \(always)")
        #expect(!always.stderr.contains("\n"), "drawn in place: \(always)")

        let fromStdin = try CLI.run(["check", "--no-config", "--progress", "always", "--format", "json", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: TestSupport.path(problemsFile))))
        #expect(fromStdin.stderr.contains(" read  19 conversations  "), "size unknown: no percent: \(fromStdin)")
        #expect(!fromStdin.stderr.contains("%"), "\(fromStdin)")
    }

    @Test("--progress never, and auto when standard error is not a terminal, write nothing extra")
    func progressQuiet() throws {
        for mode in [["--progress", "never"], ["--progress", "auto"], []] {
            let result = try CLI.run(["check", "--no-config", "--color", "never"] + mode + [problemsFile])
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stderr.isEmpty, "\(mode): \(result)")
        }
        let bad = try CLI.run(["check", "--progress", "sometimes", problemsFile])
        #expect(bad.exitCode == 2, "\(bad)")
    }
}

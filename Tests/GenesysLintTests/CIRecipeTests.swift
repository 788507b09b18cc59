import Foundation
import GenesysJSON
import Testing

// The CI recipes of Examples/ci and the pre-commit hook are run for real: their commands,
// taken from the YAML files, against a copy of the bundled examples.

/// A YAML file as JSON text (YAML is read with Python's yaml module, as CI tools read it).
func yamlAsJSON(_ relativePath: String) throws -> JSONDocument {
    let result = try Shell.run(["python3", "-c", "import sys, yaml, json; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", TestSupport.path(relativePath)])
    #expect(result.status == 0, "\(relativePath) is not YAML: \(result.stderr)")
    return try JSONDocument.parse(result.stdout).get()
}

/// Runs commands with the built genesys-lint first on PATH.
enum Shell {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], cwd: URL = TestSupport.packageRoot, environment extra: [String: String] = [:]) throws -> Result {
        var subprocess = Subprocess(command: arguments, cwd: cwd)
        if let binary = CLI.executable?.deletingLastPathComponent().path {
            subprocess.environment["PATH"] = binary + ":" + (subprocess.environment["PATH"] ?? "/usr/bin:/bin")
        }
        subprocess.environment.merge(extra) { $1 }
        let result = try subprocess.run()
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
}

@Suite("CI recipes in Examples/ci", .tags(.endToEnd))
struct CIRecipeTests {
    @Test("the GitHub Actions workflow's check step works on the examples, and writes what the upload steps take")
    func githubWorkflow() throws {
        let workflow = try yamlAsJSON("Examples/ci/github-actions.yml")
        let (script, exports, uploads): (String?, String?, [String]) = workflow.withRoot { root in
            let steps = root["jobs"]?["check-exports"]?["steps"]
            let script = steps?.elements.first { $0["name"]?.string == "Check the exports" }?["run"]?.string
            let sarif = steps?.elements.compactMap { $0["with"]?["sarif_file"]?.string } ?? []
            let artifacts = steps?.elements.compactMap { $0["with"]?["path"]?.string } ?? []
            let kept = artifacts.flatMap { $0.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) } }
            return (script, root["env"]?["EXPORTS"]?.string, sarif + kept)
        }
        let checkScript = try #require(script)
        #expect(exports == "fixtures/")
        #expect(uploads.contains("genesys-lint.sarif"))

        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("Examples/exports"), to: directory.appendingPathComponent("fixtures"))

        // The planted errors fail the job, annotate the files and fill every report.
        let first = try Shell.run(["bash", "-euo", "pipefail", "-c", checkScript], cwd: directory, environment: ["EXPORTS": "fixtures/"])
        #expect(first.status == 1, "\(first.stderr)")
        #expect(first.stdout.contains("::error file=fixtures/problems/jobs-results-2026-03-03.ndjson,line=2,"), "\(first.stdout.prefix(500))")
        for upload in uploads {
            let size = (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(upload).path)[.size] as? Int) ?? 0
            #expect(size > 0, "\(upload) was not written")
        }

        // With today's findings in the baseline, the job passes.
        let baseline = try Shell.run(["genesys-lint", "check", "--write-baseline", ".genesys-lint-baseline.json", "fixtures/"], cwd: directory)
        #expect(baseline.status == 1)
        let second = try Shell.run(["bash", "-euo", "pipefail", "-c", checkScript], cwd: directory, environment: ["EXPORTS": "fixtures/"])
        #expect(second.status == 0, "\(second.stdout.prefix(800)) \(second.stderr)")
    }

    @Test("the pre-commit hook checks the files it is given and matches export files only")
    func preCommitHook() throws {
        let hooks = try yamlAsJSON(".pre-commit-hooks.yaml")
        let (id, entry, files): (String?, String?, String?) = hooks.withRoot { root in
            (root[0]?["id"]?.string, root[0]?["entry"]?.string, root[0]?["files"]?.string)
        }
        #expect(id == "genesys-lint")
        let pattern = try Regex(try #require(files))
        #expect("exports/day.ndjson".contains(pattern) && "a.json".contains(pattern) && "b.jsonl".contains(pattern))
        #expect(!"notes.md".contains(pattern) && !"data.csv".contains(pattern))

        let command = try #require(entry).split(separator: " ").map(String.init)
        let failing = try Shell.run(command + ["Examples/exports/problems/jobs-results-2026-03-03.ndjson"])
        #expect(failing.status == 1, "\(failing.stderr)")
        let passing = try Shell.run(command + ["Examples/exports/clean/query-response-2026-03-02.json"])
        #expect(passing.status == 0, "\(passing.stdout) \(passing.stderr)")

        let consumer = try yamlAsJSON("Examples/ci/pre-commit-config.yaml")
        #expect(consumer.withRoot { $0["repos"]?[0]?["hooks"]?[0]?["id"]?.string } == id)
    }
}

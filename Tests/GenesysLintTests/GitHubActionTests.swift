import Foundation
import GenesysJSON
import Testing

/// The composite action of action.yml, read as the runner reads it (YAML, through Python's yaml).
private struct CompositeAction {
    struct Input {
        var required: Bool
        var defaultValue: String
    }

    struct Step {
        var name: String
        var id: String?
        var run: String?
        var uses: String?
        var condition: String?
        var shell: String?
        var env: [String: String] = [:]
        var with: [String: String] = [:]
    }

    var using: String?
    var inputs: [String: Input] = [:]
    var outputs: [String: String] = [:]
    var steps: [Step] = []

    static func load(_ relativePath: String = "action.yml") throws -> CompositeAction {
        try yamlAsJSON(relativePath).withRoot { root in
            var action = CompositeAction(using: root["runs"]?["using"]?.string)
            root["inputs"]?.forEachMember { name, input in
                action.inputs[name] = Input(required: input["required"]?.bool ?? false, defaultValue: input["default"]?.string ?? "")
            }
            root["outputs"]?.forEachMember { name, output in action.outputs[name] = output["value"]?.string ?? "" }
            action.steps = (root["runs"]?["steps"]?.elements.map(step)) ?? []
            return action
        }
    }

    private static func step(_ value: JSONValue) -> Step {
        func strings(_ object: JSONValue?) -> [String: String] {
            var result: [String: String] = [:]
            object?.forEachMember { key, value in result[key] = value.string ?? (value.bool.map { String($0) }) }
            return result
        }
        return Step(
            name: value["name"]?.string ?? "", id: value["id"]?.string, run: value["run"]?.string, uses: value["uses"]?.string,
            condition: value["if"]?.string, shell: value["shell"]?.string, env: strings(value["env"]), with: strings(value["with"])
        )
    }

    func step(named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Step {
        try #require(steps.first { $0.name == name }, "action.yml has no step \"\(name)\"", sourceLocation: sourceLocation)
    }

    /// A step's environment as the runner makes it: `${{ inputs.NAME }}` is the input given, or its default.
    func environment(of step: Step, inputs given: [String: String]) -> [String: String] {
        step.env.mapValues { value in
            value.replacing(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/) { match in
                let name = String(match.output.1)
                return given[name] ?? inputs[name]?.defaultValue ?? ""
            }
        }
    }
}

/// Runs one `shell: bash` step's script as the runner does (`bash --noprofile --norc -eo
/// pipefail`), with the built genesys-lint first on the PATH, and the runner's files.
private struct StepRun {
    var status: Int32
    var stdout: String
    var stderr: String
    /// What the step wrote to $GITHUB_OUTPUT, as name=value.
    var outputs: [String: String]

    static func run(_ script: String, in directory: URL, environment: [String: String] = [:]) throws -> StepRun {
        let runnerFiles = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runnerFiles) }
        let output = runnerFiles.appendingPathComponent("output")
        try Data().write(to: output)
        var environment = environment
        environment["GITHUB_OUTPUT"] = output.path
        let result = try Shell.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd: directory, environment: environment)
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        let outputs = Dictionary(lines.map { line in
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }) { _, last in last }
        return StepRun(status: result.status, stdout: result.stdout, stderr: result.stderr, outputs: outputs)
    }
}

@Suite("The GitHub Action (action.yml)", .tags(.endToEnd))
struct GitHubActionTests {
    @Test("a composite action: its inputs, outputs and steps; inputs reach scripts only through the environment")
    func shape() throws {
        let action = try CompositeAction.load()
        #expect(action.using == "composite")
        #expect(action.inputs["paths"]?.required == true)
        #expect(action.inputs["fail-on"]?.defaultValue == "error")
        #expect(action.inputs["sarif-file"]?.defaultValue == "genesys-lint.sarif")
        #expect(action.inputs["baseline"]?.defaultValue == ".genesys-lint-baseline.json")
        #expect(action.inputs["install"]?.defaultValue == "source")
        for name in ["wheel", "config", "args", "upload-sarif", "job-summary"] {
            #expect(action.inputs[name] != nil, "no input \(name)")
        }
        #expect(action.outputs["exit-code"] == "${{ steps.check.outputs.exit-code }}")
        #expect(action.outputs["sarif-file"] == "${{ steps.check.outputs.sarif-file }}")

        let build = try #require(try action.step(named: "Build genesys-lint").run)
        #expect(build.contains("\"$GITHUB_ACTION_PATH/Scripts/bootstrap\"\n"), "the build needs no test dependencies")
        #expect(build.contains("swift build -c release --package-path \"$GITHUB_ACTION_PATH\""))
        #expect(try action.step(named: "Build genesys-lint").condition == "inputs.install == 'source'")
        #expect(try action.step(named: "Install the wheel of genesys-lint").condition == "inputs.install == 'wheel'")
        #expect(try action.step(named: "Check the exports").id == "check")
        let upload = try action.step(named: "Upload the SARIF report to code scanning")
        #expect(upload.uses?.hasPrefix("github/codeql-action/upload-sarif@") == true)
        #expect(upload.with["sarif_file"] == "${{ steps.check.outputs.sarif-file }}")
        #expect(action.steps.last?.condition == "steps.check.outputs.exit-code != '0'")
        for step in action.steps {
            if let run = step.run {
                #expect(step.shell == "bash", "\(step.name)")
                #expect(!run.contains("${{"), "step \"\(step.name)\" splices an expression into its script")
            }
        }

        // The example workflow gives the action only inputs it has, and every one it requires.
        let example = try yamlAsJSON("Examples/ci/github-action.yml")
        let given: [String]? = example.withRoot { root in
            var keys: [String] = []
            let step = root["jobs"]?["check-exports"]?["steps"]?.elements.first { $0["uses"]?.string?.hasPrefix("genesys-lint/genesys-lint@") == true }
            step?["with"]?.forEachMember { key, _ in keys.append(key) }
            return step == nil ? nil : keys
        }
        let keys = try #require(given, "Examples/ci/github-action.yml does not use the action")
        #expect(Set(keys).isSubset(of: action.inputs.keys), "\(keys)")
        #expect(Set(action.inputs.filter(\.value.required).keys).isSubset(of: keys))
    }

    @Test("its check step on the examples: annotations, SARIF, the job summary, the exit code as output; the baseline and inputs apply")
    func checkStep() throws {
        let action = try CompositeAction.load()
        let check = try action.step(named: "Check the exports")
        let script = try #require(check.run)
        let fail = try action.step(named: "Fail when the check failed")
        try TestSupport.withTemporaryDirectory { directory in
            try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("Examples/exports"), to: directory.appendingPathComponent("fixtures"))
            let summary = directory.appendingPathComponent("step-summary.md")
            func runCheck(_ inputs: [String: String]) throws -> StepRun {
                var environment = action.environment(of: check, inputs: inputs)
                environment["GITHUB_STEP_SUMMARY"] = summary.path
                return try StepRun.run(script, in: directory, environment: environment)
            }

            // The planted errors: the step passes (so that SARIF is uploaded), and says the run failed.
            let first = try runCheck(["paths": "fixtures/"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.outputs == ["exit-code": "1", "sarif-file": "genesys-lint.sarif"])
            #expect(first.stdout.contains("::error file=fixtures/problems/jobs-results-2026-03-03.ndjson,line=2,"), "\(first.stdout.prefix(500))")
            #expect(first.stdout.contains("No baseline at .genesys-lint-baseline.json"))
            let sarif = try String(contentsOf: directory.appendingPathComponent("genesys-lint.sarif"), encoding: .utf8)
            let violations = try Python.sarifSchemaViolations(sarif)
            #expect(violations.isEmpty, "\(violations)")
            #expect(try String(contentsOf: summary, encoding: .utf8).hasPrefix("# Data-quality audit\n"))

            // The last step fails the job with the exit code.
            var failEnvironment = action.environment(of: fail, inputs: [:])
            failEnvironment["EXIT_CODE"] = first.outputs["exit-code"]
            let failed = try StepRun.run(try #require(fail.run), in: directory, environment: failEnvironment)
            #expect(failed.status == 1)
            #expect(failed.stdout.contains("genesys-lint found problems at or above the fail level (error)"), "\(failed.stdout)")

            // A committed baseline is used: with today's findings in it, the run passes.
            _ = try Shell.run(["genesys-lint", "check", "--write-baseline", ".genesys-lint-baseline.json", "fixtures/"], cwd: directory)
            let second = try runCheck(["paths": "fixtures/"])
            #expect(second.outputs["exit-code"] == "0", "\(second.stdout.suffix(800))")

            // Patterns, fail-on, config and args reach the check; no baseline.
            let config = directory.appendingPathComponent("lint.json")
            try #"{"ignore": ["GDQ1"]}"#.write(to: config, atomically: true, encoding: .utf8)
            let third = try runCheck([
                "paths": "fixtures/problems/*.ndjson\nfixtures/clean/", "fail-on": "never", "baseline": "", "config": config.path,
                "args": "--select GDQ1,GDQ2  --format junit=junit.xml", "sarif-file": "reports.sarif", "job-summary": "false",
            ])
            #expect(third.outputs == ["exit-code": "0", "sarif-file": "reports.sarif"], "\(third.stdout) \(third.stderr)")
            #expect(third.stdout.contains("GDQ201"))
            #expect(!third.stdout.contains("GDQ1"), "the configuration ignores GDQ1")
            #expect(!third.stdout.contains("GDQ301"), "args select GDQ1 and GDQ2 only")
            #expect(!third.stdout.contains("No baseline"))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("junit.xml").path))

            // Nothing to check is the user's mistake, said as such.
            let nothing = try runCheck(["paths": " "])
            #expect(nothing.outputs["exit-code"] == "2")
            #expect(nothing.stdout.contains("::error title=genesys-lint::name the exports to check"))
        }
    }

    @Test("it refuses an install it does not know, and a wheel install without a wheel")
    func inputsStep() throws {
        let action = try CompositeAction.load()
        let step = try action.step(named: "Check the inputs")
        let script = try #require(step.run)
        try TestSupport.withTemporaryDirectory { directory in
            for (inputs, status, message) in [
                (["install": "source"], 0 as Int32, ""),
                ([:], 0, ""),
                (["install": "wheel", "wheel": "dist/genesys_lint-0.1.0-py3-none-manylinux_2_35_x86_64.whl"], 0, ""),
                (["install": "wheel"], 1, "::error title=genesys-lint::install wheel needs the input wheel"),
                (["install": "binary"], 1, "::error title=genesys-lint::the input install is source or wheel, not 'binary'"),
            ] {
                let run = try StepRun.run(script, in: directory, environment: action.environment(of: step, inputs: inputs))
                #expect(run.status == status, "\(inputs): \(run.stdout)")
                #expect(message.isEmpty || run.stdout.contains(message), "\(inputs): \(run.stdout)")
            }
        }
    }

    @Test("with install wheel, it installs the wheel of Scripts/build-wheel, and the check step runs it without Swift", .tags(.slow))
    func wheelInstall() throws {
        let action = try CompositeAction.load()
        let install = try action.step(named: "Install the wheel of genesys-lint")
        let check = try action.step(named: "Check the exports")
        let wheel = try Wheel.path()
        try TestSupport.withTemporaryDirectory { directory in
            try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("Examples/exports"), to: directory.appendingPathComponent("fixtures"))
            let githubPath = directory.appendingPathComponent("github-path")
            let withoutSwift = ["/usr/local/bin", "/usr/bin", "/bin"].filter { !FileManager.default.fileExists(atPath: $0 + "/swift") }.joined(separator: ":")
            var environment = action.environment(of: install, inputs: ["install": "wheel", "wheel": wheel.path])
            environment.merge(["RUNNER_TEMP": directory.path, "GITHUB_PATH": githubPath.path, "PATH": withoutSwift]) { $1 }
            let installed = try StepRun.run(try #require(install.run), in: directory, environment: environment)
            #expect(installed.status == 0, "\(installed.stdout) \(installed.stderr)")
            let added = try String(contentsOf: githubPath, encoding: .utf8).trimmingCharacters(in: .newlines)
            #expect(added == directory.appendingPathComponent("genesys-lint-wheel/bin").path)

            var checkEnvironment = action.environment(of: check, inputs: ["paths": "fixtures/", "job-summary": "false"])
            checkEnvironment["PATH"] = added + ":" + withoutSwift
            let checked = try StepRun.run(try #require(check.run), in: directory, environment: checkEnvironment)
            #expect(checked.outputs == ["exit-code": "1", "sarif-file": "genesys-lint.sarif"], "\(checked.stdout.suffix(500)) \(checked.stderr)")
            #expect(checked.stdout.contains("::error file=fixtures/problems/jobs-results-2026-03-03.ndjson,line=2,"))
        }
    }

    @Test("its build step runs the light bootstrap and a release build, refusing a Swift before 6; the cache key follows the source")
    func buildStep() throws {
        let action = try CompositeAction.load()
        let build = try #require(try action.step(named: "Build genesys-lint").run)
        let fingerprint = try #require(try action.step(named: "Fingerprint the source of genesys-lint").run)
        try TestSupport.withTemporaryDirectory { directory in
            // The action's own folder, with its bootstrap (nothing to install here), and a swift that records its builds.
            let actionPath = directory.appendingPathComponent("action")
            try FileManager.default.createDirectory(at: actionPath.appendingPathComponent("Scripts"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: TestSupport.path("Scripts/bootstrap"), toPath: actionPath.appendingPathComponent("Scripts/bootstrap").path)
            let bin = directory.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let swift = bin.appendingPathComponent("swift").path
            try """
                #!/bin/bash
                if [ "$1" = --version ]; then echo "Swift version $STUB_SWIFT_VERSION (swift-$STUB_SWIFT_VERSION-RELEASE)"; exit 0; fi
                echo "swift $*" >> "$STUB_LOG"
                """.write(toFile: swift, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: swift)
            let githubPath = directory.appendingPathComponent("github-path")
            let log = directory.appendingPathComponent("log")
            func runBuild(swiftVersion: String) throws -> StepRun {
                try StepRun.run(build, in: directory, environment: [
                    "PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                    "GITHUB_ACTION_PATH": actionPath.path, "GITHUB_PATH": githubPath.path, "STUB_LOG": log.path, "STUB_SWIFT_VERSION": swiftVersion,
                ])
            }
            let built = try runBuild(swiftVersion: "6.0.3")
            #expect(built.status == 0, "\(built.stdout) \(built.stderr)")
            #expect(try String(contentsOf: log, encoding: .utf8) == "swift build -c release --package-path \(actionPath.path)\n")
            #expect(try String(contentsOf: githubPath, encoding: .utf8) == "\(actionPath.path)/.build/release\n")

            let old = try runBuild(swiftVersion: "5.10.1")
            #expect(old.status == 1)
            #expect(old.stdout.contains("::error title=genesys-lint::genesys-lint needs Swift 6"), "\(old.stdout)")

            let fingerprinted = try StepRun.run(fingerprint, in: directory, environment: ["GITHUB_ACTION_PATH": TestSupport.packageRoot.path])
            #expect(fingerprinted.status == 0, "\(fingerprinted.stderr)")
            let value = try #require(fingerprinted.outputs["fingerprint"])
            #expect(value.count == 16 && value.allSatisfy(\.isHexDigit), "\(value)")
        }
    }
}

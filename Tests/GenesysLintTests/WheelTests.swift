import Foundation
import Testing

/// Scripts/build-wheel and the wheel it makes, as a user without Swift gets it: installed offline
/// into a fresh virtual environment and run with a PATH that holds no `swift`. What the wheel
/// does must be what the normally built CLI does.
@Suite(.serialized, .tags(.endToEnd, .slow)) struct WheelTests {
    /// The reports compared are taken as of this moment, so that rules about recent data judge
    /// both runs alike.
    static let asOf = "2026-03-04T00:00:00Z"

    @Test("the binary needs no Swift, Foundation, dispatch, jansson or zlib library, and the wheel's tag names the newest glibc it needs")
    func selfContainedAndTruthfullyTagged() throws {
        let wheel = try Wheel.path()
        let environment = try Wheel.installed()
        let located = try environment.subprocess(["python", "-c", "import genesys_lint; print(genesys_lint.executable())"]).run()
        #expect(located.status == 0, "\(located.stderr)")
        let binary = located.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(binary.hasPrefix(environment.directory.path + "/"), "the binary is installed with the package: \(binary)")

        let swift = try environment.subprocess(["sh", "-c", "command -v swift"]).run()
        #expect(swift.status != 0, "swift is on the PATH of the tests without Swift: \(swift.stdout)")

        let ldd = try environment.subprocess(["ldd", binary]).run()
        #expect(ldd.status == 0, "\(ldd.stderr)")
        let needed = ldd.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(needed.contains { $0.hasPrefix("libc.so.6 ") })
        for line in needed {
            #expect(!["libswift", "Foundation", "libdispatch", "BlocksRuntime", "libjansson", "libz.so", "not found"].contains { line.contains($0) },
                    "the installed binary needs \(line)")
        }

        let symbols = try environment.subprocess(["objdump", "-T", binary]).run()
        #expect(symbols.status == 0, "\(symbols.stderr)")
        let newestGlibc = symbols.stdout.matches(of: /GLIBC_2\.([0-9]+)/).compactMap { Int($0.1) }.max()
        let glibc = try #require(newestGlibc, "objdump -T shows no glibc symbol version")
        let machine = try environment.subprocess(["uname", "-m"]).run().stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let version = try CLI.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(wheel.lastPathComponent == "genesys_lint-\(version)-py3-none-manylinux_2_\(glibc)_\(machine).whl")
    }

    @Test("the README states the wheel's size to within 10%")
    func sizeInTheReadme() throws {
        let wheel = try Wheel.path()
        let readme = try String(contentsOfFile: TestSupport.path("README.md"), encoding: .utf8)
        let stated = try #require(readme.firstMatch(of: /\*\*the wheel about ([0-9]+) MB\*\*/).flatMap { Double($0.1) },
                                  "the README's section Install without Swift states no size as **the wheel about N MB**")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: wheel.path)[.size] as? Int)
        let megabytes = Double(size) / 1_000_000
        #expect(abs(megabytes - stated) <= stated * 0.1, "the wheel is \(megabytes) MB; the README says about \(stated) MB")
    }

    @Test("the genesys-lint command and python -m genesys_lint print and exit as the CLI does", arguments: [
        ["check", "--as-of", asOf, "Examples/exports"],
        ["check", "--as-of", asOf, "--format", "sarif", "Examples/exports/clean"],
        ["check", "Examples/no-such-export.json"],
        ["explain", "GDQ201"],
        ["--version"],
    ])
    func commandRunsTheBinary(arguments: [String]) throws {
        let environment = try Wheel.installed()
        let expected = try CLI.run(arguments)
        for command in [["genesys-lint"], ["python", "-m", "genesys_lint"]] {
            let result = try environment.subprocess(command + arguments).run()
            #expect(result.termination == expected.termination, "\(command + arguments): \(result.stderr)")
            #expect(result.stdout == expected.stdout, "\(command + arguments)")
            #expect(result.stderr == expected.stderr, "\(command + arguments)")
        }
    }

    @Test("genesys_lint.check returns the CLI's JSON report, maps options to flags, and raises GenesysLintError for exit code 2")
    func pythonModule() throws {
        let environment = try Wheel.installed()
        let script = """
            import json, sys, genesys_lint
            as_of = sys.argv[1]
            report = genesys_lint.check(["Examples/exports"], as_of=as_of)
            chosen = genesys_lint.check("Examples/exports", as_of=as_of, select=["GDQ2", "GDQ301"],
                                        severity={"GDQ201": "info"}, fail_on="never", no_redact=True, baseline=None)
            try:
                genesys_lint.check(["Examples/no-such-export.json"])
                error = None
            except genesys_lint.GenesysLintError as failure:
                error = {"message": str(failure), "returncode": failure.returncode}
            print(json.dumps({"report": report, "chosen": chosen, "error": error}))
            """
        let result = try environment.subprocess(["python", "-c", script, Self.asOf]).run()
        #expect(result.status == 0, "\(result.stderr)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])

        let report = try CLI.run(["check", "--format", "json", "--as-of", Self.asOf, "Examples/exports"])
        #expect(report.exitCode == 1)
        #expect(try Self.canonical(outcome["report"]) == Self.canonical(report.stdoutData))
        let chosen = try CLI.run(["check", "--format", "json", "--as-of", Self.asOf, "--select", "GDQ2", "--select", "GDQ301",
                                  "--severity", "GDQ201=info", "--fail-on", "never", "--no-redact", "Examples/exports"])
        #expect(chosen.exitCode == 0)
        #expect(try Self.canonical(outcome["chosen"]) == Self.canonical(chosen.stdoutData))

        let missing = try CLI.run(["check", "Examples/no-such-export.json"])
        let error = try #require(outcome["error"] as? [String: Any], "no GenesysLintError for a missing path")
        #expect(error["returncode"] as? Int == 2)
        #expect(error["message"] as? String == missing.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A JSON value written with sorted keys, so that two reports compare by content.
    static func canonical(_ value: Any?) throws -> String {
        let object = try #require(value)
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func canonical(_ data: Data) throws -> String {
        try canonical(try JSONSerialization.jsonObject(with: data))
    }
}

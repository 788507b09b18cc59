import Foundation
import Testing

/// A machine for Scripts/bootstrap to run on: the commands it asks (pkg-config, python3,
/// chromium, java, id) answer as a bare or a complete Debian would, and apt-get, sudo and pip
/// record what they were asked to do instead of doing it.
private struct StubbedMachine {
    let directory: URL
    var log: URL { directory.appendingPathComponent("log") }

    /// - Parameters:
    ///   - complete: whether everything is installed already.
    ///   - root: whether the script runs as root (otherwise it needs sudo).
    init(complete: Bool, root: Bool = true) throws {
        directory = try TestSupport.temporaryDirectory()
        let bin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let present = complete ? "exit 0" : "exit 1"
        var stubs = [
            "pkg-config": present,
            "id": "echo \(root ? 0 : 1000)",
            "apt-get": "echo \"apt-get $*\" >> \"$STUB_LOG\"",
            "sudo": "echo sudo >> \"$STUB_LOG\"; exec \"$@\"",
            // Asked to install, pip records it; Debian's python3 is externally managed (PEP 668).
            "python3": """
                echo "python3 $*" >> "$STUB_LOG"
                if [ "$1 $2 $3" = "-m pip install" ]; then exit 0; fi
                case "$2" in *EXTERNALLY-MANAGED*) exit 0 ;; esac
                \(present)
                """,
        ]
        if complete {
            for command in ["chromium", "java", "objdump", "strip"] {
                stubs[command] = "exit 0"
            }
        }
        for (name, body) in stubs {
            let path = bin.appendingPathComponent(name).path
            try "#!/bin/bash\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    /// Runs the bootstrap script with only the stubs on the PATH; its status and what the stubs
    /// were asked, one line per call.
    func bootstrap(_ arguments: [String]) throws -> (status: Int32, calls: [String], stderr: String) {
        var subprocess = Subprocess(executable: URL(fileURLWithPath: "/bin/bash"), arguments: [TestSupport.path("Scripts/bootstrap")] + arguments)
        subprocess.environment = ["PATH": directory.appendingPathComponent("bin").path, "STUB_LOG": log.path, "HOME": directory.path]
        let result = try subprocess.run()
        let calls = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        return (result.status, calls, result.stderr)
    }

    /// The packages apt-get was asked to install.
    static func installed(_ calls: [String]) -> Set<String> {
        Set(calls.filter { $0.hasPrefix("apt-get install ") }.flatMap { $0.split(separator: " ").dropFirst(2).map(String.init) }.filter { !$0.hasPrefix("-") })
    }
}

@Suite("Scripts/bootstrap and the Quick start", .tags(.endToEnd))
struct BootstrapTests {
    @Test("on a bare machine, bootstrap installs only what building and running need")
    func runOnly() throws {
        let machine = try StubbedMachine(complete: false)
        defer { try? FileManager.default.removeItem(at: machine.directory) }
        let (status, calls, stderr) = try machine.bootstrap([])
        #expect(status == 0, "\(stderr)")
        #expect(StubbedMachine.installed(calls) == ["libjansson-dev", "zlib1g-dev", "pkg-config"], "\(calls)")
        #expect(calls.first == "apt-get update -qq")
        #expect(!calls.contains { $0.hasPrefix("python3") }, "\(calls)")
    }

    @Test("with --tests, it also installs what the tests need, PySpark through pip")
    func forTests() throws {
        let machine = try StubbedMachine(complete: false)
        defer { try? FileManager.default.removeItem(at: machine.directory) }
        let (status, calls, stderr) = try machine.bootstrap(["--tests"])
        #expect(status == 0, "\(stderr)")
        let installed = StubbedMachine.installed(calls)
        let expected: Set = [
            "libjansson-dev", "zlib1g-dev", "pkg-config", "binutils", "python3", "python3-jsonschema", "python3-yaml", "python3-jsonpatch", "python3-venv", "python3-pip",
            "chromium", "openjdk-17-jre-headless",
        ]
        #expect(installed.isSuperset(of: expected), "\(calls)")
        #expect(installed.subtracting(expected).isSubset(of: ["fonts-dejavu-core"]), "\(calls)")
        #expect(calls.contains("python3 -m pip install --quiet --break-system-packages pyspark>=3.5,<4"), "\(calls)")
    }

    @Test("with --wheel, it also installs what Scripts/build-wheel needs, and nothing for the tests")
    func forTheWheel() throws {
        let machine = try StubbedMachine(complete: false)
        defer { try? FileManager.default.removeItem(at: machine.directory) }
        let (status, calls, stderr) = try machine.bootstrap(["--wheel"])
        #expect(status == 0, "\(stderr)")
        #expect(StubbedMachine.installed(calls) == ["libjansson-dev", "zlib1g-dev", "pkg-config", "binutils"], "\(calls)")
        #expect(!calls.contains { $0.contains("pip install") }, "\(calls)")
    }

    @Test("as another user it asks sudo; with everything there it does nothing; it refuses what it does not know")
    func otherCases() throws {
        let user = try StubbedMachine(complete: false, root: false)
        defer { try? FileManager.default.removeItem(at: user.directory) }
        let asUser = try user.bootstrap([])
        #expect(asUser.status == 0, "\(asUser.stderr)")
        #expect(asUser.calls.first == "sudo", "\(asUser.calls)")

        let complete = try StubbedMachine(complete: true)
        defer { try? FileManager.default.removeItem(at: complete.directory) }
        for arguments in [[], ["--wheel"], ["--tests"]] {
            let run = try complete.bootstrap(arguments)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(!run.calls.contains { $0.hasPrefix("apt-get") || $0.contains("pip install") }, "\(run.calls)")
        }
        let unknown = try complete.bootstrap(["--test"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("usage: Scripts/bootstrap [--wheel | --tests]"), "\(unknown.stderr)")
    }

    @Test("the Quick start has a run command and a test command, and .ci/run runs exactly the test command")
    func quickStart() throws {
        let readme = try String(contentsOfFile: TestSupport.path("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Quick start").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let commands = block.split(separator: "\n").map { line in
            String(line.split(separator: "#", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
        }
        #expect(commands == [
            "./Scripts/bootstrap && swift run genesys-lint check Examples/exports",
            "./Scripts/bootstrap --tests && swift test",
        ])
        let ciRun = try String(contentsOfFile: TestSupport.path(".ci/run"), encoding: .utf8)
        let lastLine = ciRun.split(separator: "\n").last.map(String.init)
        #expect(lastLine == commands.last)
    }
}

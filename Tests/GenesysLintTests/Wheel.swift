import Foundation
import Testing

/// The wheel of Scripts/build-wheel, installed as on a machine without Swift. It is built once per
/// test run, whichever suite asks first (WheelTests, SparkJobTests), into `.build-wheel/tests`
/// rather than the user's `dist/`; its build folder `.build-wheel` is kept between runs, so a
/// second run only links and packs (a first one makes a whole release build, minutes on two
/// cores).
enum Wheel {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Where the tests keep the wheel and its virtual environments, replaced on every run.
    static let folder = TestSupport.packageRoot.appendingPathComponent(".build-wheel/tests", isDirectory: true)

    /// The wheel file, or why it could not be built.
    static func path() throws -> URL { try built.get() }

    /// A virtual environment with the wheel installed and nothing else.
    static func installed() throws -> VirtualEnvironment { try isolated.get() }

    /// A virtual environment with the wheel installed that also sees the packages of the
    /// python3 that made it (PySpark).
    static func installedBesideSystemPackages() throws -> VirtualEnvironment { try besideSystemPackages.get() }

    private static let built = Result<URL, any Error> {
        let dist = folder.appendingPathComponent("dist")
        try? FileManager.default.removeItem(at: folder)
        let build = try run(Subprocess(executable: URL(fileURLWithPath: TestSupport.path("Scripts/build-wheel")), arguments: ["--dist", dist.path]), "Scripts/build-wheel")
        let wheels = try FileManager.default.contentsOfDirectory(atPath: dist.path).filter { $0.hasSuffix(".whl") }
        guard wheels.count == 1, let name = wheels.first else {
            throw Failure(description: "Scripts/build-wheel made \(wheels) in \(dist.path)")
        }
        let wheel = dist.appendingPathComponent(name)
        guard build.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == wheel.path else {
            throw Failure(description: "Scripts/build-wheel printed \(build.stdout), not the wheel's path \(wheel.path)")
        }
        return wheel
    }

    private static let isolated = Result<VirtualEnvironment, any Error> {
        try VirtualEnvironment.make(at: folder.appendingPathComponent("venv"), systemSitePackages: false, installing: try path())
    }

    private static let besideSystemPackages = Result<VirtualEnvironment, any Error> {
        try VirtualEnvironment.make(at: folder.appendingPathComponent("venv-system"), systemSitePackages: true, installing: try path())
    }

    /// Runs `subprocess` to its end; throws with what it printed unless it exits 0.
    @discardableResult
    static func run(_ subprocess: Subprocess, _ name: String) throws -> Subprocess.Result {
        let result: Subprocess.Result
        do {
            result = try subprocess.run()
        } catch {
            throw Failure(description: "\(name) did not start: \(error)")
        }
        guard result.status == 0 else {
            throw Failure(description: "\(name) ended with \(result.termination)\n--- stdout\n\(result.stdout.suffix(4000))\n--- stderr\n\(result.stderr.suffix(4000))")
        }
        return result
    }
}

/// A Python virtual environment (`python3 -m venv`) with the wheel installed from its file alone
/// (`pip install --no-index`: nothing is downloaded).
struct VirtualEnvironment: Sendable {
    var directory: URL
    var bin: URL { directory.appendingPathComponent("bin", isDirectory: true) }
    var python: URL { bin.appendingPathComponent("python") }

    static func make(at directory: URL, systemSitePackages: Bool, installing wheel: URL) throws -> VirtualEnvironment {
        let made = VirtualEnvironment(directory: directory)
        let options = systemSitePackages ? ["--system-site-packages"] : []
        try Wheel.run(Subprocess(command: ["python3", "-m", "venv"] + options + [directory.path]), "python3 -m venv (Scripts/bootstrap --tests installs python3-venv)")
        var pip = Subprocess(executable: made.python, arguments: ["-m", "pip", "install", "--no-index", "--disable-pip-version-check", "--no-cache-dir", "--quiet", wheel.path])
        pip.environment = made.environmentWithoutSwift
        try Wheel.run(pip, "pip install --no-index \(wheel.lastPathComponent)")
        return made
    }

    /// The tests' environment as on a machine without Swift: a PATH of this environment's `bin`
    /// and the system's folders that hold no `swift`, and no LD_LIBRARY_PATH.
    var environmentWithoutSwift: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let system = ["/usr/local/bin", "/usr/bin", "/bin"].filter { !FileManager.default.fileExists(atPath: $0 + "/swift") }
        environment["PATH"] = ([bin.path] + system).joined(separator: ":")
        environment.removeValue(forKey: "LD_LIBRARY_PATH")
        environment.removeValue(forKey: "GENESYS_LINT_UPDATE_GOLDEN")
        return environment
    }

    /// `command` (found on the PATH without Swift), in the package root.
    func subprocess(_ command: [String], cwd: URL = TestSupport.packageRoot) -> Subprocess {
        var subprocess = Subprocess(command: command, cwd: cwd)
        subprocess.environment = environmentWithoutSwift
        subprocess.outputLimit = CLI.outputLimit
        return subprocess
    }
}

import Foundation
@testable import GenesysLint

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package root (this file is Tests/GenesysLintTests/Support.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String {
        packageRoot.appendingPathComponent(relative).path
    }

    /// The reference material beside the project (present in CI and on developer machines).
    static let sharedSamples = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/samples").path

    /// A new empty directory for one test; the test removes it.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genesys-lint-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Runs `body` with a new empty directory, removed afterwards.
    static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// The built-in rules, loaded once.
    static let catalog: RuleCatalog = {
        do {
            return try RuleCatalog.load()
        } catch {
            fatalError("the built-in rules do not load: \(error)")
        }
    }()

    /// Findings for `text` checked as one input, with the given rules (default: all built-in).
    static func findings(in text: String, select: [String] = [], catalog: RuleCatalog = catalog, jobs: Int = 1, maxRecordBytes: Int? = nil) -> [Finding] {
        var configuration = Configuration()
        configuration.select = select
        configuration.maxRecordBytes = maxRecordBytes
        let run = LintRun(linter: Linter(catalog: catalog, configuration: configuration), jobs: jobs)
        var findings: [Finding] = []
        _ = run.run(text: Array(text.utf8), named: "input.json") { findings.append($0) }
        return findings
    }
}

/// The typed error `body` throws, or nil when it succeeds.
func caught<Failure: Error>(_ body: () throws(Failure) -> Void) -> Failure? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

import Foundation
import Testing
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

extension TestSupport {
    /// Checks that the part of a generated document between two marker lines is `expected`, or
    /// with GENESYS_LINT_UPDATE_GOLDEN=1 writes it there.
    static func expectGeneratedSection(of relativePath: String, between begin: String, and end: String, is expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = TestSupport.path(relativePath)
        let document = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(document.range(of: begin + "\n")?.upperBound, "\(relativePath) has no \(begin) line", sourceLocation: sourceLocation)
        let stop = try #require(document.range(of: end)?.lowerBound, "\(relativePath) has no \(end) line", sourceLocation: sourceLocation)
        if ProcessInfo.processInfo.environment["GENESYS_LINT_UPDATE_GOLDEN"] == "1" {
            try (String(document[..<start]) + expected + String(document[stop...])).write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(document[start..<stop]) == expected, "the generated part of \(relativePath) between \(begin) and \(end) is stale", sourceLocation: sourceLocation)
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

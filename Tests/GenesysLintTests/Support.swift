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

/// The entries created in a directory, as the kernel announces them (inotify): a test waits on
/// this event, never on time, to know that a subprocess has created its files. Start watching
/// before starting the subprocess, so that no creation is missed.
final class DirectoryWatch {
    private let descriptor: Int32

    init(_ directory: URL) throws {
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        guard inotify_add_watch(descriptor, directory.path, UInt32(IN_CREATE)) >= 0 else {
            let reason = errno
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: reason) ?? .EIO)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Blocks until `count` entries have been created in the directory since the watch began
    /// (or since the last call), or until `ended`, the read end of a pipe the subprocess holds
    /// the other end of, reaches its end: the subprocess is gone, and nothing more will come.
    /// Returns the names of the entries, fewer than `count` when the subprocess ended first.
    func waitForCreations(_ count: Int, orEndOf ended: Int32) throws -> [String] {
        var names: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while names.count < count {
            var events = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: ended, events: Int16(POLLIN), revents: 0)]
            // No time limit: the wait ends on an event, and a hang is the test harness's to catch.
            if poll(&events, nfds_t(events.count), -1) < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            if events[0].revents & Int16(POLLIN) != 0 {
                let length = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard length > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                names += Self.names(in: buffer[0..<length])
            } else if events[1].revents != 0 {
                // Data from the subprocess is read and dropped; only its end matters here.
                let length = buffer.withUnsafeMutableBytes { read(ended, $0.baseAddress, $0.count) }
                if length <= 0 { return names }
            }
        }
        return names
    }

    /// The names in a run of `struct inotify_event`s: each a fixed header, then `len` bytes of
    /// name padded with NULs.
    private static func names(in events: ArraySlice<UInt8>) -> [String] {
        let header = MemoryLayout<inotify_event>.size
        var names: [String] = []
        events.withUnsafeBytes { bytes in
            var offset = 0
            while offset + header <= bytes.count {
                let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                let name = bytes[(offset + header)..<min(offset + header + Int(event.len), bytes.count)]
                names.append(String(decoding: name.prefix { $0 != 0 }, as: UTF8.self))
                offset += header + Int(event.len)
            }
        }
        return names
    }
}

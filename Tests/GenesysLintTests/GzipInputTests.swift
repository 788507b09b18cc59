import Foundation
import Synchronization
import Testing
@testable import GenesysLint

/// gzip data made by the system's `gzip`, as a user's export would be.
enum Gzip {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `bytes` compressed as one gzip member (`gzip -n`: no name or time, so runs are repeatable).
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        try TestSupport.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("data")
            try Data(bytes).write(to: file)
            let result = try Subprocess(command: ["gzip", "-n", file.path]).run()
            guard result.status == 0 else { throw Failure(description: "gzip exited with \(result.status): \(result.stderr)") }
            return Array(try Data(contentsOf: file.appendingPathExtension("gz")))
        }
    }

    /// The file at `path` compressed into `destination`.
    static func compressFile(_ path: String, to destination: URL) throws {
        let bytes = try compress(Array(Data(contentsOf: URL(fileURLWithPath: path))))
        try Data(bytes).write(to: destination)
    }
}

/// Hands on another source's bytes at most `limit` at a time, as a slow pipe does.
struct TrickleSource: ByteSource {
    var base: any ByteSource
    let limit: Int

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        try base.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, limit)]))
    }
}

/// Everything `source` gives, read `bufferSize` bytes at a time, and the error that ended it, if any.
func readAll(_ source: inout some ByteSource, bufferSize: Int = 4096) -> (bytes: [UInt8], error: ReadError?) {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: bufferSize)
    while true {
        var failure: ReadError?
        let count = buffer.withUnsafeMutableBytes { raw in
            do throws(ReadError) {
                return try source.read(into: raw)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { return (bytes, failure) }
        if count == 0 { return (bytes, nil) }
        bytes += buffer[..<count]
    }
}

private let problemsPath = TestSupport.path("Examples/exports/problems/jobs-results-2026-03-03.ndjson")
private let cleanPath = TestSupport.path("Examples/exports/clean/query-response-2026-03-02.json")

private func exampleText() throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: problemsPath)))
}

private func inflate(_ compressed: [UInt8], inputChunkSize: Int = GzipSource.defaultInputChunkSize, trickle: Int = .max, bufferSize: Int = 4096) -> (bytes: [UInt8], error: ReadError?) {
    var source = GzipSource(compressed: TrickleSource(base: MemorySource(compressed), limit: trickle), path: "export.json.gz", inputChunkSize: inputChunkSize)
    return readAll(&source, bufferSize: bufferSize)
}

@Suite("Reading gzip-compressed input")
struct GzipSourceTests {
    @Test("one member inflates to the original text")
    func singleMember() throws {
        let text = try exampleText()
        let inflated = inflate(try Gzip.compress(text))
        #expect(inflated.error == nil)
        #expect(inflated.bytes == text)
    }

    @Test("concatenated members (cat a.gz b.gz) read as one text, as gzip -d reads them")
    func multipleMembers() throws {
        let first = Array("{\"conversationId\":\"a\"}\n".utf8)
        let second = try exampleText()
        let third = Array("{\"conversationId\":\"z\"}\n".utf8)
        let compressed = try Gzip.compress(first) + Gzip.compress(second) + Gzip.compress([]) + Gzip.compress(third)
        let inflated = inflate(compressed)
        #expect(inflated.error == nil)
        #expect(inflated.bytes == first + second + third)
    }

    @Test("a compressed empty file is an empty text; no gzip data at all is a cut stream")
    func empty() throws {
        let inflated = inflate(try Gzip.compress([]))
        #expect(inflated.error == nil)
        #expect(inflated.bytes.isEmpty)
        #expect(inflate([]).error == .truncatedCompressedData(path: "export.json.gz", decompressedBytes: 0))
        #expect(inflate(DecompressingSource.gzipMagic).error == .truncatedCompressedData(path: "export.json.gz", decompressedBytes: 0))
    }

    @Test("reading in small pieces, from a source that trickles, gives the same bytes", arguments: [
        (inputChunkSize: 1, trickle: 1, bufferSize: 1),
        (inputChunkSize: 7, trickle: 3, bufferSize: 5),
        (inputChunkSize: 64, trickle: 1000, bufferSize: 1),
        (inputChunkSize: 1 << 16, trickle: 2, bufferSize: 333),
    ])
    func chunkedReads(sizes: (inputChunkSize: Int, trickle: Int, bufferSize: Int)) throws {
        let text = try exampleText()
        let compressed = try Gzip.compress(text) + Gzip.compress(Array("{}\n".utf8))
        let inflated = inflate(compressed, inputChunkSize: sizes.inputChunkSize, trickle: sizes.trickle, bufferSize: sizes.bufferSize)
        #expect(inflated.error == nil)
        #expect(inflated.bytes == text + Array("{}\n".utf8))
    }

    @Test("a damaged byte in the middle is reported as corrupt data, naming the file, never a crash")
    func corruptMiddle() throws {
        let text = try exampleText()
        let compressed = try Gzip.compress(text)
        for offset in stride(from: 20, to: compressed.count - 8, by: max(1, compressed.count / 40)) {
            var damaged = compressed
            damaged[offset] ^= 0xFF
            let inflated = inflate(damaged)
            // Every change is caught: by the structure of the deflate data or, at the latest,
            // by the CRC at the end of the member.
            guard case .corruptCompressedData(let path, let bytes, let reason) = inflated.error else {
                Issue.record("byte \(offset) damaged: \(String(describing: inflated.error))")
                continue
            }
            #expect(path == "export.json.gz")
            #expect(bytes == inflated.bytes.count)
            #expect(!reason.isEmpty)
            #expect(inflated.error?.description.contains("export.json.gz: the gzip data is corrupt after \(bytes) decompressed bytes") == true)
        }
    }

    @Test("a damaged header is reported with zlib's reason")
    func corruptHeader() throws {
        var compressed = try Gzip.compress(Array("{}".utf8))
        compressed[2] = 7  // compression method: only 8 (deflate) exists
        let error = inflate(compressed).error
        #expect(error == .corruptCompressedData(path: "export.json.gz", decompressedBytes: 0, reason: "unknown compression method"))
    }

    @Test("bytes after the last member that are not another member are reported, after the text before them")
    func trailingGarbage() throws {
        let text = try exampleText()
        let inflated = inflate(try Gzip.compress(text) + Array("not gzip".utf8))
        #expect(inflated.bytes == text)
        #expect(inflated.error == .corruptCompressedData(path: "export.json.gz", decompressedBytes: text.count, reason: "incorrect header check"))
    }

    @Test("a cut stream is reported as ending early, after the text before the cut")
    func truncatedTail() throws {
        let text = try exampleText()
        let compressed = try Gzip.compress(text)
        for length in [compressed.count - 1, compressed.count - 8, compressed.count / 2, 11] {
            let inflated = inflate(Array(compressed[..<length]))
            #expect(inflated.error == .truncatedCompressedData(path: "export.json.gz", decompressedBytes: inflated.bytes.count), "cut at \(length)")
            #expect(text.starts(with: inflated.bytes), "cut at \(length)")
            if length >= compressed.count - 8 { #expect(inflated.bytes == text, "only the trailer is cut") }
        }
        let error = inflate(Array(compressed[..<(compressed.count / 2)])).error
        #expect(error?.description.contains("the gzip stream ends early") == true)
    }

    @Test("the same error is given again by every later read")
    func errorsStay() throws {
        var source = GzipSource(compressed: MemorySource(Array(try Gzip.compress(try exampleText()).prefix(100))), path: "cut.gz")
        let first = readAll(&source).error
        let second = readAll(&source).error
        #expect(first != nil)
        #expect(first == second)
    }
}

@Suite("Recognising gzip by its content")
struct DecompressingSourceTests {
    @Test("gzip is recognised by its magic bytes, whatever the name, even when a pipe hands over one byte at a time")
    func recognisesGzip() throws {
        let text = try exampleText()
        for trickle in [1, 2, 4096] {
            var source = DecompressingSource(TrickleSource(base: MemorySource(try Gzip.compress(text)), limit: trickle), path: "<stdin>")
            let read = readAll(&source)
            #expect(read.error == nil)
            #expect(read.bytes == text)
        }
    }

    @Test("anything else passes through unchanged", arguments: ["", "{", "\u{1F}", "\u{1F}{}", "[]", "\u{FEFF}{\"a\":1}\n"])
    func passesPlainText(text: String) {
        for trickle in [1, 3, 4096] {
            var source = DecompressingSource(TrickleSource(base: MemorySource(Array(text.utf8)), limit: trickle), path: "x")
            let read = readAll(&source, bufferSize: 2)
            #expect(read.error == nil)
            #expect(read.bytes == Array(text.utf8))
        }
    }
}

@Suite("Runs over gzip input")
struct GzipRunTests {
    private func run(_ inputs: [Input], progress: (@Sendable (ProgressSnapshot) -> Void)? = nil) -> (findings: [Finding], result: LintRun.Result) {
        var run = LintRun(linter: Linter(catalog: TestSupport.catalog, configuration: Configuration()), jobs: 2)
        run.progress = progress
        var findings: [Finding] = []
        let result = run.run(inputs) { findings.append($0) }
        return (findings, result)
    }

    @Test("a gzip file gives the findings of the plain file, at the same lines and columns of the text")
    func sameFindings() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let compressed = directory.appendingPathComponent("export.bin")
            try Gzip.compressFile(problemsPath, to: compressed)
            let plain = run([.file(problemsPath)])
            let inflated = run([.file(compressed.path)])
            let place = { (finding: Finding) in "\(finding.ruleId) \(finding.line):\(finding.column) \(finding.pointer)" }
            #expect(!plain.findings.isEmpty)
            #expect(inflated.findings.map(place) == plain.findings.map(place))
            #expect(inflated.result.summary.conversations == plain.result.summary.conversations)
            #expect(inflated.result.inputErrors.isEmpty)
        }
    }

    @Test("records before the cut of a truncated gzip file are checked and reported; the cut is an input error")
    func truncatedFile() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let compressed = try Gzip.compress(try exampleText())
            let cut = directory.appendingPathComponent("cut.ndjson.gz")
            try Data(compressed.prefix(compressed.count / 2)).write(to: cut)
            let (findings, result) = run([.file(cut.path), .file(cleanPath)])
            #expect(findings.contains { $0.ruleId == "GDQ301" && $0.line == 2 && $0.file == cut.path })
            #expect(result.summary.conversations > 0)
            guard case .truncatedCompressedData(let path, _) = try #require(result.inputErrors.first) else {
                Issue.record("expected a cut stream: \(result.inputErrors)")
                return
            }
            #expect(path == cut.path)
            #expect(result.inputErrors.count == 1)
            #expect(result.summary.fileTotals.first?.readError?.contains("ends early") == true)
            // The input after it is still checked.
            #expect(result.summary.files == 2)
        }
    }

    @Test("progress counts the compressed bytes read, up to the file's size, and the conversations checked")
    func progressCountsCompressedBytes() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let compressed = directory.appendingPathComponent("export.ndjson.gz")
            try Gzip.compressFile(problemsPath, to: compressed)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: compressed.path)[.size] as? Int)
            let snapshots = Mutex<[ProgressSnapshot]>([])
            let (_, result) = run([.file(compressed.path), .file(cleanPath)]) { snapshot in
                snapshots.withLock { $0.append(snapshot) }
            }
            let seen = snapshots.withLock { $0 }
            let cleanSize = try #require(try FileManager.default.attributesOfItem(atPath: cleanPath)[.size] as? Int)
            #expect(seen.last == ProgressSnapshot(bytesRead: size + cleanSize, conversations: result.summary.conversations))
            #expect(seen.contains { $0.bytesRead == size })
            #expect(seen.map(\.bytesRead) == seen.map(\.bytesRead).sorted())
            #expect(ProgressDisplay.totalSize(of: [.file(compressed.path), .file(cleanPath)]) == size + cleanSize)
        }
    }

    @Test("folders are searched for .json.gz, .jsonl.gz and .ndjson.gz too")
    func discovery() throws {
        try TestSupport.withTemporaryDirectory { directory in
            for name in ["a.json.gz", "b.NDJSON.GZ", "c.jsonl.gz", "d.json", "e.txt.gz", "f.gz", ".hidden.json.gz", "g.gz.json"] {
                try Data().write(to: directory.appendingPathComponent(name))
            }
            let found = InputDiscovery.exports(in: directory.path).map { ($0 as NSString).lastPathComponent }
            #expect(found == ["a.json.gz", "b.NDJSON.GZ", "c.jsonl.gz", "d.json", "g.gz.json"])
        }
    }
}

/// Hands on `bytes` in full buffers, then fails instead of ending, as a disk or a cut stream can.
private struct FailingAtEndSource: ByteSource {
    var bytes: MemorySource
    var remaining: Int

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        guard remaining > 0 else { throw ReadError.unreadable(path: "disk.ndjson", reason: "Input/output error") }
        let count = try bytes.read(into: buffer)
        remaining -= count
        return count
    }
}

@Suite("Read errors after text has arrived")
struct ReadErrorAfterTextTests {
    @Test("records that arrived in the same read as the failure are still framed; then the failure is thrown")
    func recordsBeforeFailure() throws {
        // 2,048 lines of 64 bytes: every read fills the reader's 64 KiB buffer, so the failure
        // comes in the same fill as the last records.
        let lines = (0..<2048).map { index in
            let record = #"{"conversationId":"c\#(index)"}"#
            return record + String(repeating: " ", count: 63 - record.utf8.count) + "\n"
        }
        let text = Array(lines.joined().utf8)
        #expect(text.count == 1 << 17)
        var framer = RecordFramer(source: FailingAtEndSource(bytes: MemorySource(text), remaining: text.count))
        var records = 0
        let error = caught { () throws(ReadError) in
            while let item = try framer.next() {
                if case .record = item { records += 1 }
            }
        }
        #expect(records == 2048)
        #expect(error == .unreadable(path: "disk.ndjson", reason: "Input/output error"))
        // And it stays: the input is not taken to have ended cleanly.
        #expect(caught { () throws(ReadError) in _ = try framer.next() } != nil)
    }
}

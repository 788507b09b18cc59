import Foundation
import GenesysLint

/// The fuzz target: any bytes, read as an export and checked by every built-in rule, with
/// every report format written (to nowhere). A crash, a sanitizer report or a broken
/// promise below is a bug.
///
/// Built with `Scripts/fuzz` (`-sanitize=fuzzer,address -DFUZZING`), libFuzzer drives it.
/// Built normally, it is a command that replays inputs (files or folders of them): the test
/// suite replays the corpus and every crasher found so far with it.
enum FuzzTarget {
    static let linter: Linter = {
        // The built-in catalog is compiled in; failing to load it is a bug of ours.
        guard let catalog = try? RuleCatalog.load() else { fatalError("the built-in rules do not load") }
        var linter = Linter(catalog: catalog, configuration: Configuration())
        linter.collectsProfiles = true
        linter.collectsRecords = true
        return linter
    }()

    /// Checks one input; traps when a promise of the tool is broken.
    static func check(_ bytes: [UInt8]) {
        // The audit reports cost more than the rest of the path together; drawing them for one
        // input in eight keeps the fuzzer fast where the bugs are likelier: reading.
        let formats = bytes.count % 8 == 0 ? ReportFormat.allCases : ReportFormat.allCases.filter { $0 != .html && $0 != .markdown }
        var sink = EverySink(rules: linter.activeRules, formats: formats)
        let result = LintRun(linter: linter, jobs: 1).run(text: bytes, named: "fuzz.json", into: &sink)
        sink.finish(result.summary)
        // Never a silent pass: input with anything but whitespace is either conversations or
        // findings, or an input error (gzip that cannot be inflated). For gzip, that is judged
        // on the text inside.
        let text = result.inputErrors.isEmpty ? self.text(of: bytes) : nil
        let blank = text?.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } ?? true
        if let text, !blank, result.summary.conversations == 0, result.summary.totalFindings == 0, sink.pieces == 0, !isEmptyExport(text) {
            fatalError("input of \(bytes.count) bytes gave neither a conversation nor a finding")
        }
        // Every piece routed is a conversation or an unreadable record, never more.
        if sink.pieces > result.summary.conversations + result.summary.unreadableRecords {
            fatalError("\(sink.pieces) pieces for \(result.summary.conversations) conversations and \(result.summary.unreadableRecords) unreadable records")
        }
    }

    /// The text the linter read: `bytes` inflated when they are gzip, else as they are; nil
    /// when they cannot be inflated.
    static func text(of bytes: [UInt8]) -> [UInt8]? {
        var source = DecompressingSource(MemorySource(bytes), path: "fuzz.json")
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { bytes -> Int? in
                do throws(ReadError) {
                    return try source.read(into: bytes)
                } catch {
                    return nil
                }
            }
            guard let count else { return nil }
            if count == 0 { return text }
            text += chunk[..<count]
        }
    }

    /// `[]` or an envelope with an empty `conversations` array: an export of nothing, which is
    /// not an error (a query for a quiet hour).
    static func isEmptyExport(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }, as: UTF8.self)
        return text.allSatisfy { "[]".contains($0) } || text.contains("\"conversations\":[]")
    }
}

/// Feeds every reporter, so their escaping and bookkeeping meet hostile values too.
struct EverySink: LintSink {
    var reporters: [any Reporter]
    var output = DiscardedText()
    var pieces = 0

    init(rules: [Linter.ActiveRule], formats: [ReportFormat]) {
        reporters = formats.map { $0.makeReporter(colored: true) }
        let context = ReportContext(rules: rules)
        for index in reporters.indices {
            reporters[index].start(context, into: &output)
        }
    }

    mutating func report(_ finding: Finding) {
        for index in reporters.indices {
            reporters[index].add(finding, into: &output)
        }
    }

    mutating func checked(_ profile: ConversationProfile) {
        for index in reporters.indices where reporters[index].wantsProfiles {
            reporters[index].add(profile, into: &output)
        }
    }

    mutating func read(_ piece: RecordPiece, worst: Severity?) {
        pieces += 1
        _ = piece.line.count
    }

    mutating func finish(_ summary: Summary) {
        for index in reporters.indices {
            reporters[index].finish(summary, into: &output)
        }
    }
}

struct DiscardedText: TextOutputStream {
    mutating func write(_ string: String) {}
}

#if FUZZING
/// libFuzzer's entry point for the input it generates.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzTarget.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver, for executables that have a main of their own.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links every executable with its own entry point, so libFuzzer's `main` is not
/// used: this one hands the command line to libFuzzer's driver.
@main
struct Fuzzer {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
#else
/// Replays inputs: `genesys-lint-fuzz FILE-OR-FOLDER...`.
@main
struct ReplayInputs {
    static func main() {
        var replayed = 0
        for path in CommandLine.arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    exit(2)
                }
                FuzzTarget.check(Array(data))
                replayed += 1
            }
        }
        print("replayed \(replayed) input(s) without a crash")
    }

    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}
#endif

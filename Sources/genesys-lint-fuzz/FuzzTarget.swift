import Foundation
import GenesysLint

/// The fuzz target: any bytes, read as an export and checked by every built-in rule, then
/// the tool's promises checked on what came out. A crash, a sanitizer report or a broken
/// promise is a bug.
///
/// Built with `Scripts/fuzz` (`-sanitize=fuzzer,address -DFUZZING`), libFuzzer drives it in
/// process, with `StructureMutator` making most inputs. Built normally, it is a command that
/// replays inputs (files or folders of them): the test suite replays the corpus and every
/// crasher found so far with it.
///
/// Promises and how often they are checked (see `PromiseSchedule`):
/// - every input: no crash; never a silent pass; every finding's pointer resolves and its
///   line and column are its value's first byte (`PositionPromise`); `--clean` and
///   `--quarantine` give back exactly the input's conversations (`SplitPromise`);
/// - one in 64: the plain reports are written (text, JSON, NDJSON, GitHub), and the objects
///   and arrays at findings' places read by jansson too; one in 256 the audit reports
///   (Markdown, HTML); one in 4,096 SARIF and JUnit, which describe every rule;
/// - one in 64: `--jobs 2` gives what `--jobs 1` gives (`JobsPromise`);
/// - one in 256: partial reports merged give what one run gives (`MergePromise`);
/// - one in 64: checking `fix`'s output finds none of the fixed rules' findings that fixing
///   could repair, and fixing it again changes nothing (`FixPromise`).
/// The two comparisons compare what the runs deliver to the reporters, and the reports
/// themselves, byte for byte, for the inputs that write reports.
enum FuzzTarget {
    /// One linter for every input: building it (and its compiled rules) costs more than
    /// checking a small input.
    static let linter: Linter = {
        // The built-in catalog is compiled in; failing to load it is a bug of ours. With the
        // examples, the rules' documentation is read once, not by every SARIF report.
        guard let catalog = try? RuleCatalog.load() else { fatalError("the built-in rules do not load") }
        var linter = Linter(catalog: catalog, configuration: Configuration())
        linter.collectsRecords = true
        return linter
    }()

    /// The same, making the conversation profiles that only the audit reports draw.
    static let profilingLinter: Linter = {
        var profiling = linter
        profiling.collectsProfiles = true
        return profiling
    }()

    static let context = ReportContext(rules: linter.activeRules, asOf: linter.asOf)

    /// The documented members of a conversation: an object with one of them is read as one.
    static let conversationFields: Set<String> = {
        guard let catalog = try? RuleCatalog.load(builtInExamples: false) else { fatalError("the built-in rules do not load") }
        return Set(catalog.vocabulary.fields[.conversation]?.keys.map { $0 } ?? [])
    }()

    static let inputName = "fuzz.json"

    /// Checks one input; traps when a promise of the tool is broken.
    static func check(_ bytes: [UInt8], schedule: PromiseSchedule? = nil) {
        let schedule = schedule ?? PromiseSchedule(for: bytes)
        let inputs = [(name: inputName, bytes: bytes)]
        let linter = schedule.writesAuditReports ? profilingLinter : Self.linter
        let run = RecordedRun(linter: linter, jobs: 1, inputs: inputs)
        // The text the linter read: inflated when the input is gzip; nil when it cannot be.
        let text = run.result.inputErrors.isEmpty ? self.text(of: bytes) : nil
        checkNeverSilent(run, text: text, bytes: bytes)
        if let text {
            let documents = InputDocuments(text: text)
            PositionPromise.check(run.findings, in: documents, readsContainers: schedule.writesReports)
            SplitPromise.check(run, in: documents, conversationFields: conversationFields)
        }
        let formats = schedule.formats
        let reports = run.reports(formats, context: context)
        if schedule.comparesJobs {
            JobsPromise.check(run, reports: reports, inputs: inputs, linter: linter, formats: formats, context: context)
        }
        if schedule.comparesMerge {
            // merge draws no audit reports.
            MergePromise.check(bytes, linter: linter, formats: formats.filter { $0 != .markdown && $0 != .html }, context: context)
        }
        if schedule.checksFix {
            FixPromise.check(bytes, linter: Self.linter)
        }
    }

    /// Never a silent pass: input with anything but whitespace is either conversations or
    /// findings, or an input error (gzip that cannot be inflated). For gzip, that is judged
    /// on the text inside. And every record copied is a conversation or an unreadable record.
    static func checkNeverSilent(_ run: RecordedRun, text: [UInt8]?, bytes: [UInt8]) {
        let summary = run.result.summary
        let pieces = run.pieces.count
        let blank = text?.allSatisfy(InputDocuments.isWhitespace) ?? true
        if let text, !blank, summary.conversations == 0, summary.totalFindings == 0, pieces == 0, !isEmptyExport(text) {
            brokenPromise("input of \(bytes.count) bytes gave neither a conversation nor a finding")
        }
        if pieces > summary.conversations + summary.unreadableRecords {
            brokenPromise("\(pieces) records copied for \(summary.conversations) conversations and \(summary.unreadableRecords) unreadable records")
        }
    }

    /// The text the linter read: `bytes` inflated when they are gzip, else as they are; nil
    /// when they cannot be inflated.
    static func text(of bytes: [UInt8]) -> [UInt8]? {
        guard bytes.starts(with: [0x1F, 0x8B]) else { return bytes }
        var source = DecompressingSource(MemorySource(bytes), path: inputName)
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
        let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        let text = String(decoding: content.filter { !InputDocuments.isWhitespace($0) }, as: UTF8.self)
        return text.allSatisfy { "[]".contains($0) } || text.contains("\"conversations\":[]")
    }
}

import Dispatch
import Synchronization

/// Checks a list of inputs with a linter, streaming findings in input order.
///
/// Records are framed one at a time and checked in batches on all cores; findings leave in
/// the order of the input whatever the number of jobs, so reports are repeatable.
public struct LintRun: Sendable {
    public let linter: Linter
    public let jobs: Int

    /// Records per batch handed to the workers, and bytes per batch.
    static let batchRecords = 256
    static let batchBytes = 8 << 20

    public init(linter: Linter, jobs: Int) {
        self.linter = linter
        self.jobs = max(1, jobs)
    }

    public struct Result: Sendable {
        public var summary = Summary()
        /// Inputs that could not be read at all; the others were checked.
        public var inputErrors: [ReadError] = []
    }

    /// Runs over `inputs`; `emit` receives each finding as soon as its place in the order is known.
    public func run(_ inputs: [Input], emit: (Finding) -> Void) -> Result {
        var result = Result()
        var uniqueness = UniquenessLedger()
        for input in inputs {
            do throws(ReadError) {
                let file: OpenFile?
                let source: any ByteSource
                switch input {
                case .file(let path):
                    file = try OpenFile(path: path)
                    source = file?.source ?? MemorySource([])
                case .standardInput:
                    file = nil
                    source = FileDescriptorSource(descriptor: 0, path: "<stdin>")
                }
                result.summary.files += 1
                try withExtendedLifetime(file) { () throws(ReadError) in
                    try check(source, named: input.displayName, uniqueness: &uniqueness, result: &result, emit: emit)
                }
            } catch {
                result.inputErrors.append(error)
            }
        }
        return result
    }

    /// Checks in-memory text as if it were a file named `name` (rule examples, tests).
    public func run(text: [UInt8], named name: String, emit: (Finding) -> Void) -> Result {
        var result = Result()
        var uniqueness = UniquenessLedger()
        result.summary.files = 1
        do throws(ReadError) {
            try check(MemorySource(text), named: name, uniqueness: &uniqueness, result: &result, emit: emit)
        } catch {
            result.inputErrors.append(error)
        }
        return result
    }

    private func check(_ source: any ByteSource, named name: String, uniqueness: inout UniquenessLedger, result: inout Result, emit: (Finding) -> Void) throws(ReadError) {
        var framer = RecordFramer(source: source, maxRecordBytes: linter.maxRecordBytes)
        var batch: [FramedItem] = []
        var batchBytes = 0
        func flush() {
            let outcomes = parallelMap(batch) { item in
                switch item {
                case .record(let record):
                    return linter.check(record, file: name)
                case .problem(let problem):
                    var outcome = RecordOutcome()
                    outcome.unreadable = problem.check == .wrongType ? 0 : 1
                    outcome.findings = linter.finding(for: problem, file: name).map { [$0] } ?? []
                    return outcome
                }
            }
            for outcome in outcomes {
                var findings = outcome.findings
                for value in outcome.uniqueValues {
                    if let duplicate = uniqueness.record(value) { findings.append(duplicate) }
                }
                if !outcome.uniqueValues.isEmpty {
                    findings.sort { ($0.line, $0.column, $0.ruleId) < ($1.line, $1.column, $1.ruleId) }
                }
                result.summary.conversations += outcome.conversations
                result.summary.unreadableRecords += outcome.unreadable
                for finding in findings {
                    result.summary.count(finding)
                    emit(finding)
                }
            }
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }
        do throws(ReadError) {
            while let item = try framer.next() {
                batch.append(item)
                if case .record(let record) = item { batchBytes += record.bytes.count }
                if batch.count >= Self.batchRecords || batchBytes >= Self.batchBytes { flush() }
            }
        } catch {
            // The records framed before the failure are still checked and reported.
            flush()
            throw error
        }
        flush()
    }

    /// `transform` applied to every item on up to `jobs` threads; results in item order.
    private func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard jobs > 1, items.count > 1 else { return items.map(transform) }
        let results = ResultSlots<R>(count: items.count)
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(jobs, items.count)) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < items.count else { return }
                results.store(transform(items[index]), at: index)
            }
        }
        return results.values()
    }
}

/// Remembers the first place each `unique` value was seen in a run.
struct UniquenessLedger {
    private var firstSeen: [Int: [String: String]] = [:]

    /// The finding to report if this value was seen before; otherwise remembers it.
    mutating func record(_ value: RecordOutcome.UniqueValue) -> Finding? {
        let finding = value.finding
        if let first = firstSeen[value.rule]?[value.key] {
            var duplicate = finding
            duplicate.message += " (first seen at \(first))"
            return duplicate
        }
        firstSeen[value.rule, default: [:]][value.key] = "\(finding.file):\(finding.line):\(finding.column)"
        return nil
    }
}

/// One slot per result, each written by exactly one worker before `values()` reads them all.
/// That discipline, kept by `LintRun.parallelMap`, is why unchecked sendability is safe; the
/// slots are raw memory so concurrent writes to different slots are not exclusive accesses.
private final class ResultSlots<R>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<R?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }

    func store(_ value: R, at index: Int) {
        slots[index] = value
    }

    func values() -> [R] {
        slots.compactMap { $0 }
    }
}

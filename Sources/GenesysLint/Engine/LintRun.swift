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
        /// Envelopes that reported `totalHits`, with the input they were in.
        var pages: [(facts: EnvelopeFacts, file: String)] = []
    }

    private func report(_ finding: Finding, _ result: inout Result, _ emit: (Finding) -> Void) {
        result.summary.count(finding)
        emit(finding)
    }

    /// Compares, for each `totalHits` value reported, the conversations its pages held with it.
    /// Every page of one query repeats the query's total, so pages are grouped by it.
    private func checkTotalHits(_ result: inout Result, emit: (Finding) -> Void) {
        let pages = result.pages.filter { $0.facts.totalHits != nil }
        var order: [Int64] = []
        var groups: [Int64: [(facts: EnvelopeFacts, file: String)]] = [:]
        for page in pages {
            guard let total = page.facts.totalHits else { continue }
            if groups[total] == nil { order.append(total) }
            groups[total, default: []].append(page)
        }
        for total in order {
            guard let group = groups[total], let first = group.first else { continue }
            let held = group.reduce(0) { $0 + $1.facts.conversationCount }
            guard held != total else { continue }
            let pagesText = group.count == 1 ? "its page holds" : "its \(group.count) pages hold"
            let problem = ReadProblem(
                check: .totalHitsMismatch,
                message: "the query reported totalHits \(total), but \(pagesText) \(held) conversation(s)",
                position: first.facts.totalHitsPosition ?? .start, pointer: first.facts.totalHitsPointer
            )
            if let finding = linter.finding(for: problem, file: first.file) { report(finding, &result, emit) }
        }
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
        checkTotalHits(&result, emit: emit)
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
        checkTotalHits(&result, emit: emit)
        return result
    }

    private func check(_ source: any ByteSource, named name: String, uniqueness: inout UniquenessLedger, result: inout Result, emit: (Finding) -> Void) throws(ReadError) {
        var framer = RecordFramer(source: source, maxRecordBytes: linter.maxRecordBytes)
        var batch: [FramedItem] = []
        var batchBytes = 0
        // Conversations of the document being read, until its envelope has been seen whole.
        var pendingActivities: [RecordOutcome.Activity] = []
        func closeDocument(_ envelope: EnvelopeFacts?) {
            defer { pendingActivities.removeAll() }
            guard let envelope else { return }
            if envelope.totalHits != nil { result.pages.append((envelope, name)) }
            guard let date = envelope.dataAvailabilityDate, let text = envelope.dataAvailabilityText else { return }
            for activity in pendingActivities where activity.latest > date {
                let place = activity.place
                let problem = ReadProblem(
                    check: .afterDataAvailability,
                    message: "the conversation was active until \(Timestamp.format(milliseconds: activity.latest)), after its page's dataAvailabilityDate \(text): the data after that date may be incomplete",
                    position: place.position, pointer: place.pointer, conversationId: place.conversationId
                )
                if let finding = linter.finding(for: problem, file: name) { report(finding, &result, emit) }
            }
        }
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
                case .documentEnd(let facts):
                    var outcome = RecordOutcome()
                    outcome.closesDocument = true
                    outcome.envelope = facts
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
                    report(finding, &result, emit)
                }
                pendingActivities += outcome.activities
                if outcome.closesDocument {
                    closeDocument(outcome.envelope)
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

import Dispatch
import Synchronization

/// Where a run's results go, in input order.
public protocol LintSink {
    /// A finding to report (the baseline's findings never arrive here).
    mutating func report(_ finding: Finding)
    /// A conversation was checked (only when the linter collects profiles); its reported
    /// findings came before.
    mutating func checked(_ profile: ConversationProfile)
    /// A conversation's text (or an unreadable record's), with the worst severity found in it,
    /// baseline or not (only when the linter collects records).
    mutating func read(_ piece: RecordPiece, worst: Severity?)
    /// A finding the baseline absorbed: not reported, but a new baseline keeps it.
    mutating func suppressed(_ finding: Finding)
    /// True when nothing more can be delivered (every reader has gone): the run stops early.
    var isFinished: Bool { get }
}

extension LintSink {
    public var isFinished: Bool { false }
    public mutating func suppressed(_ finding: Finding) {}
    public mutating func checked(_ profile: ConversationProfile) {}
    public mutating func read(_ piece: RecordPiece, worst: Severity?) {}
}

/// A sink that hands each finding to a closure.
struct FindingClosureSink: LintSink {
    let emit: (Finding) -> Void
    mutating func report(_ finding: Finding) { emit(finding) }
}

/// Checks a list of inputs with a linter, streaming findings in input order.
///
/// Records are framed one at a time and checked in batches on all cores; findings leave in
/// the order of the input whatever the number of jobs, so reports are repeatable.
public struct LintRun: Sendable {
    public let linter: Linter
    public let jobs: Int
    /// With `--quarantine`/`--clean`: the fail level that sends a record to the quarantine.
    /// Records of a page are then held until the page's envelope is read, when a finding
    /// about the envelope can still send them there.
    public var splitLevel: FailLevel = .error
    /// Told how far the run has got after each batch of records is checked, on the thread
    /// that called `run` (for a progress display).
    public var progress: (@Sendable (ProgressSnapshot) -> Void)?

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
        /// Stretches of input that the reader could not cut into records (truncated or broken
        /// structure, over the size limit): reported, but not copied by `--quarantine`.
        public var uncopiedStretches = 0
    }

    /// What one `run` carries from record to record.
    private struct RunState<Sink: LintSink> {
        var result = Result()
        var uniqueness = UniquenessLedger()
        var baseline: Baseline?
        var sink: Sink
        /// Bytes read from the inputs as stored (compressed, for gzip), for `progress`.
        let bytesRead = ByteCounter()

        /// Reports a finding unless the baseline absorbs it; true when reported.
        @discardableResult
        mutating func report(_ finding: Finding, newlyAffected: Bool = true) -> Bool {
            if baseline?.absorbs(finding) == true {
                result.summary.suppressedByBaseline += 1
                sink.suppressed(finding)
                return false
            }
            result.summary.count(finding, newlyAffected: newlyAffected)
            sink.report(finding)
            return true
        }
    }

    /// Compares, for each `totalHits` value reported, the conversations its pages held with it.
    /// Every page of one query repeats the query's total, so pages are grouped by it.
    private func checkTotalHits<Sink>(_ state: inout RunState<Sink>) {
        let pages = state.result.pages.filter { $0.facts.totalHits != nil }
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
            if let finding = linter.finding(for: problem, file: first.file) { state.report(finding) }
        }
    }

    /// Settles the summary: thresholds and whether the run fails.
    private func conclude<Sink>(_ state: inout RunState<Sink>) {
        var summary = state.result.summary
        for (id, threshold) in linter.thresholds {
            let affected = summary.affectedByRule[id, default: 0]
            summary.thresholdVerdicts[id] = ThresholdVerdict(threshold: threshold, affected: affected, crossed: threshold.isCrossed(affected: affected, conversations: summary.conversations))
        }
        summary.failed = linter.activeRules.contains { active in
            let id = active.rule.id
            guard linter.failOn.isFailure(active.severity), summary.findingsByRule[id, default: 0] > 0 else { return false }
            return summary.thresholdVerdicts[id]?.crossed ?? true
        }
        state.result.summary = summary
    }

    /// Runs over `inputs`; `emit` receives each finding as soon as its place in the order is known.
    public func run(_ inputs: [Input], emit: (Finding) -> Void) -> Result {
        withoutActuallyEscaping(emit) { emit in
            var sink = FindingClosureSink(emit: emit)
            return run(inputs, into: &sink)
        }
    }

    /// Runs over `inputs`, leaving out the findings `baseline` lists; `sink` receives each
    /// result as soon as its place in the order is known.
    public func run(_ inputs: [Input], baseline: Baseline? = nil, into sink: inout some LintSink) -> Result {
        var state = RunState(baseline: baseline, sink: sink)
        defer { sink = state.sink }
        for input in inputs where !state.sink.isFinished {
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
                state.result.summary.files += 1
                state.result.summary.fileTotals.append(FileTotals(file: input.displayName))
                try withExtendedLifetime(file) { () throws(ReadError) in
                    try check(CountingSource(source, into: state.bytesRead), named: input.displayName, state: &state)
                }
            } catch {
                state.result.inputErrors.append(error)
                if state.result.summary.fileTotals.last?.file == input.displayName {
                    state.result.summary.fileTotals[state.result.summary.fileTotals.count - 1].readError = error.description
                }
            }
        }
        checkTotalHits(&state)
        conclude(&state)
        return state.result
    }

    /// Checks in-memory text as if it were a file named `name` (rule examples, tests).
    public func run(text: [UInt8], named name: String, emit: (Finding) -> Void) -> Result {
        withoutActuallyEscaping(emit) { emit in
            var sink = FindingClosureSink(emit: emit)
            return run(text: text, named: name, into: &sink)
        }
    }

    public func run(text: [UInt8], named name: String, baseline: Baseline? = nil, into sink: inout some LintSink) -> Result {
        var state = RunState(baseline: baseline, sink: sink)
        defer { sink = state.sink }
        state.result.summary.files = 1
        state.result.summary.fileTotals.append(FileTotals(file: name))
        do throws(ReadError) {
            try check(MemorySource(text), named: name, state: &state)
        } catch {
            state.result.inputErrors.append(error)
        }
        checkTotalHits(&state)
        conclude(&state)
        return state.result
    }

    private func check<Sink>(_ source: any ByteSource, named name: String, state: inout RunState<Sink>) throws(ReadError) {
        var framer = RecordFramer(source: DecompressingSource(source, path: name), maxRecordBytes: linter.maxRecordBytes)
        var batch: [FramedItem] = []
        var batchBytes = 0
        // Conversations of the document being read, until its envelope has been seen whole.
        var pendingActivities: [RecordOutcome.Activity] = []
        // Their texts too, when a finding about the envelope could still quarantine them.
        var pendingPieces: [(piece: RecordPiece, worst: Severity?)] = []
        let holdsPieces = linter.collectsRecords && linter.readerRules[.afterDataAvailability].map {
            splitLevel.isFailure(linter.activeRules[$0].severity)
        } == true

        func closeDocument(_ envelope: EnvelopeFacts?) {
            var late: [Finding] = []
            if let envelope {
                if envelope.totalHits != nil { state.result.pages.append((envelope, name)) }
                if let date = envelope.dataAvailabilityDate, let text = envelope.dataAvailabilityText {
                    for activity in pendingActivities where activity.latest > date {
                        let place = activity.place
                        let problem = ReadProblem(
                            check: .afterDataAvailability,
                            message: "the conversation was active until \(Timestamp.format(milliseconds: activity.latest)), after its page's dataAvailabilityDate \(text): the data after that date may be incomplete",
                            position: place.position, pointer: place.pointer, conversationId: place.conversationId, conversationPointer: place.conversationPointer
                        )
                        if let finding = linter.finding(for: problem, file: name) {
                            late.append(finding)
                            state.report(finding)
                        }
                    }
                }
            }
            for (piece, worst) in pendingPieces {
                let lateWorst = late.filter { piece.contains($0.pointer) }.map(\.severity).max()
                state.sink.read(piece, worst: [worst, lateWorst].compactMap { $0 }.max())
            }
            pendingActivities.removeAll()
            pendingPieces.removeAll()
        }
        func flush() {
            let outcomes = parallelMap(batch) { item in
                switch item {
                case .record(let record):
                    return linter.check(record, file: name)
                case .problem(let problem):
                    var outcome = RecordOutcome()
                    outcome.unreadable = problem.check == .wrongType ? 0 : 1
                    outcome.uncopied = 1
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
                    if let duplicate = state.uniqueness.record(value) { findings.append(duplicate) }
                }
                if !outcome.uniqueValues.isEmpty {
                    findings.sort { ($0.line, $0.column, $0.ruleId) < ($1.line, $1.column, $1.ruleId) }
                }
                state.result.summary.conversations += outcome.conversations
                state.result.summary.unreadableRecords += outcome.unreadable
                state.result.uncopiedStretches += outcome.uncopied
                if let last = state.result.summary.fileTotals.indices.last {
                    state.result.summary.fileTotals[last].conversations += outcome.conversations
                    state.result.summary.fileTotals[last].unreadableRecords += outcome.unreadable
                }
                // A rule counts once per conversation however often it fires in it.
                var affected = Set<String>()
                var reported: [Finding] = []
                for finding in findings {
                    let newlyAffected = affected.insert(finding.ruleId + "\u{0}" + finding.conversationPointer).inserted
                    if state.report(finding, newlyAffected: newlyAffected) { reported.append(finding) }
                }
                if linter.collectsProfiles {
                    for var profile in outcome.profiles {
                        profile.findings = reported.filter { profile.contains($0.pointer) }.map { .init(ruleId: $0.ruleId, severity: $0.severity, pointer: $0.pointer) }
                        state.sink.checked(profile)
                    }
                }
                for piece in outcome.pieces {
                    let worst = findings.filter { piece.contains($0.pointer) }.map(\.severity).max()
                    if holdsPieces { pendingPieces.append((piece, worst)) } else { state.sink.read(piece, worst: worst) }
                }
                pendingActivities += outcome.activities
                if outcome.closesDocument {
                    closeDocument(outcome.envelope)
                }
            }
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
            progress?(ProgressSnapshot(bytesRead: state.bytesRead.count, conversations: state.result.summary.conversations))
        }
        do throws(ReadError) {
            while let item = try framer.next() {
                batch.append(item)
                if case .record(let record) = item { batchBytes += record.bytes.count }
                if batch.count >= Self.batchRecords || batchBytes >= Self.batchBytes {
                    flush()
                    if state.sink.isFinished { return }
                }
            }
        } catch {
            // The records framed before the failure are still checked and reported.
            flush()
            closeDocument(nil)
            throw error
        }
        flush()
        closeDocument(nil)
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

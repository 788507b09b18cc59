import Foundation
import Dispatch

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
    public private(set) var linter: Linter
    public let jobs: Int
    /// With `--quarantine`/`--clean`: the fail level that sends a record to the quarantine.
    /// Records of a page are then held until the page's envelope is read, when a finding
    /// about the envelope can still send them there.
    public var splitLevel: FailLevel = .error
    /// With `--partial`: keep what `merge` needs to finish this run together with others
    /// (`Result.partial`), and leave the checks over the whole export to the merge.
    public var keepsPartial = false {
        didSet { linter.locatesUniqueValues = keepsPartial }
    }
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
        /// Pages that reported `totalHits`.
        var pages: [TotalHitsPage] = []
        /// Stretches of input that the reader could not cut into records (truncated or broken
        /// structure, over the size limit): reported, but not copied by `--quarantine`.
        public var uncopiedStretches = 0
        /// With `keepsPartial`: the partial report of the run.
        public var partial: PartialReport?
    }

    /// What one `run` carries from record to record.
    private struct RunState<Sink: LintSink> {
        var result = Result()
        var uniqueness = UniquenessLedger()
        var baseline: Baseline?
        var sink: Sink
        /// The number of the input item being delivered (see `PartialReport.findingItems`).
        var item = 0
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
            if result.partial != nil {
                result.partial?.findings.append(finding)
                result.partial?.findingItems.append(item)
            }
            return true
        }
    }

    /// Ends a run: the checks over all its inputs and the verdict, or with `keepsPartial`, the
    /// partial report that leaves them to the merge.
    private func finish<Sink>(_ state: inout RunState<Sink>) {
        if keepsPartial {
            noteLastFiles(&state)
            state.result.partial?.rules = PartialReport.rules(of: linter)
            state.result.partial?.redacted = linter.redactsPersonalData
            state.result.partial?.summary = state.result.summary
            state.result.partial?.pages = state.result.pages
            state.result.partial?.inputErrors = state.result.inputErrors.map(\.description)
            return
        }
        for finding in linter.totalHitsFindings(state.result.pages) { state.report(finding) }
        linter.conclude(&state.result.summary)
    }

    /// Tells each first occurrence of the partial report the file its value was seen in last,
    /// when the share saw it again in another file: the merge decides from that file whether a
    /// later share repeats the value in the same file or in another.
    private func noteLastFiles<Sink>(_ state: inout RunState<Sink>) {
        guard var occurrences = state.result.partial?.firstOccurrences else { return }
        state.result.partial?.firstOccurrences = []  // so that the array changes in place
        let groups = linter.uniqueCheckByRule
        for index in occurrences.indices {
            let occurrence = occurrences[index]
            guard let rule = occurrence.findings.first?.ruleId, let group = groups[rule],
                  let last = state.uniqueness.lastFile(group: group, key: occurrence.key), last != occurrence.file
            else { continue }
            occurrences[index].lastFile = last
        }
        state.result.partial?.firstOccurrences = occurrences
    }

    private func makeState<Sink>(baseline: Baseline?, sink: Sink) -> RunState<Sink> {
        var state = RunState(baseline: baseline, sink: sink)
        if keepsPartial { state.result.partial = PartialReport() }
        return state
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
        var state = makeState(baseline: baseline, sink: sink)
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
                    try check(CountingSource(source, into: state.bytesRead), named: input.displayName, keepingAlive: file, state: &state)
                }
            } catch {
                state.result.inputErrors.append(error)
                if state.result.summary.fileTotals.last?.file == input.displayName {
                    state.result.summary.fileTotals[state.result.summary.fileTotals.count - 1].readError = error.description
                }
            }
        }
        finish(&state)
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
        run(texts: [(name, text)], baseline: baseline, into: &sink)
    }

    /// Checks in-memory texts as if they were files of these names, read one after another
    /// (rule examples with several documents, tests).
    public func run(texts: [(name: String, bytes: [UInt8])], emit: (Finding) -> Void) -> Result {
        withoutActuallyEscaping(emit) { emit in
            var sink = FindingClosureSink(emit: emit)
            return run(texts: texts, into: &sink)
        }
    }

    public func run(texts: [(name: String, bytes: [UInt8])], baseline: Baseline? = nil, into sink: inout some LintSink) -> Result {
        var state = makeState(baseline: baseline, sink: sink)
        defer { sink = state.sink }
        for (name, text) in texts where !state.sink.isFinished {
            state.result.summary.files += 1
            state.result.summary.fileTotals.append(FileTotals(file: name))
            do throws(ReadError) {
                try check(MemorySource(text), named: name, state: &state)
            } catch {
                state.result.inputErrors.append(error)
            }
        }
        finish(&state)
        return state.result
    }

    /// Frames and checks one input. With several jobs, the next batch is framed on a thread of
    /// its own while the current one is checked; `owner` (the open file) then stays alive until
    /// that thread has finished with the source.
    private func check<Sink>(_ source: any ByteSource, named name: String, keepingAlive owner: AnyObject? = nil, state: inout RunState<Sink>) throws(ReadError) {
        var batches = BatchFramer(RecordFramer(source: DecompressingSource(source, path: name), maxRecordBytes: linter.maxRecordBytes))
        // Conversations of the document being read, until its envelope has been seen whole.
        var pendingActivities = ActivityLog()
        // Their texts too, when a finding about the envelope could still quarantine them.
        var pendingPieces: [(piece: RecordPiece, worst: Severity?)] = []
        let holdsPieces = linter.collectsRecords && linter.readerRules[.afterDataAvailability].map {
            splitLevel.isFailure(linter.activeRules[$0].severity)
        } == true

        func closeDocument(_ envelope: EnvelopeFacts?) {
            var late: [Finding] = []
            if let envelope {
                if let totalHits = envelope.totalHits {
                    state.result.pages.append(TotalHitsPage(
                        totalHits: totalHits, conversationCount: envelope.conversationCount, file: name,
                        position: envelope.totalHitsPosition ?? .start, pointer: envelope.totalHitsPointer
                    ))
                }
                if let date = envelope.dataAvailabilityDate, let text = envelope.dataAvailabilityText {
                    // These findings come after the document's last record: an item of their
                    // own, so that a merge adding findings to that record does not sort them
                    // in among its findings.
                    state.item += 1
                    for activity in pendingActivities.activities(after: date) {
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
        func flush(_ batch: [FramedItem]) {
            let outcomes = batch.concurrentMap(jobs: jobs) { item in
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
                state.item += 1
                var findings = outcome.findings.map { (finding: $0, repeated: nil as PartialReport.UniqueRepeat?) }
                for value in outcome.uniqueValues {
                    guard let earlier = state.uniqueness.sight(group: value.group, key: value.key, file: name, place: value.place, copy: value.copy) else {
                        if state.result.partial != nil {
                            state.result.partial?.firstOccurrences.append(.init(
                                key: value.key, item: state.item, place: value.place, copy: value.copy,
                                findings: value.pointers.indices.map { value.finding($0, of: linter) }
                            ))
                        }
                        continue
                    }
                    for (offset, rule) in linter.uniqueChecks[value.group].rules.enumerated()
                    where earlier.isReported(by: linter.activeRules[rule].rule.repetition, repeatIn: name) {
                        var duplicate = value.finding(offset, of: linter)
                        let message = duplicate.message
                        duplicate.message = earlier.repeatMessage(message, thisCopy: value.copy)
                        findings.append((duplicate, .init(findingIndex: 0, ruleId: duplicate.ruleId, key: value.key, message: message, copy: value.copy)))
                    }
                }
                if !outcome.uniqueValues.isEmpty {
                    findings.sort { Finding.isOrderedWithinRecord($0.finding, $1.finding) }
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
                for (finding, repeated) in findings {
                    let newlyAffected = affected.insert(finding.ruleId + "\u{0}" + finding.conversationPointer).inserted
                    guard state.report(finding, newlyAffected: newlyAffected) else { continue }
                    reported.append(finding)
                    if var repeated, let count = state.result.partial?.findings.count {
                        repeated.findingIndex = count - 1
                        state.result.partial?.repeats.append(repeated)
                    }
                }
                if linter.collectsProfiles {
                    for var profile in outcome.profiles {
                        profile.findings = reported.filter { profile.contains($0.pointer) }.map { .init(ruleId: $0.ruleId, severity: $0.severity, pointer: $0.pointer) }
                        state.sink.checked(profile)
                    }
                }
                for piece in outcome.pieces {
                    let worst = findings.filter { piece.contains($0.finding.pointer) }.map(\.finding.severity).max()
                    if holdsPieces { pendingPieces.append((piece, worst)) } else { state.sink.read(piece, worst: worst) }
                }
                outcome.activities.forEach { pendingActivities.append($0) }
                if outcome.closesDocument {
                    closeDocument(outcome.envelope)
                }
            }
            progress?(ProgressSnapshot(bytesRead: state.bytesRead.count, conversations: state.result.summary.conversations))
        }
        // The records framed before a read failure are still checked and reported.
        if jobs > 1 {
            let ahead = FramingAhead(batches, owner: owner)
            defer { ahead.stop() }
            while let batch = ahead.next() {
                flush(batch)
                if state.sink.isFinished { return }
            }
            closeDocument(nil)
            if let failure = ahead.failure { throw failure }
        } else {
            while let batch = batches.next() {
                flush(batch)
                if state.sink.isFinished { return }
            }
            closeDocument(nil)
            if let failure = batches.failure { throw failure }
        }
    }
}

/// Cuts an input into the batches handed to the workers: `LintRun.batchRecords` items or
/// `LintRun.batchBytes` bytes of records, whichever comes first.
struct BatchFramer {
    private var framer: RecordFramer
    /// Why the input ended early; the batch before it holds every item framed until then.
    private(set) var failure: ReadError?
    private var ended = false

    init(_ framer: RecordFramer) {
        self.framer = framer
    }

    /// The next batch, nil once the input is done or failed.
    mutating func next() -> [FramedItem]? {
        guard !ended else { return nil }
        var batch: [FramedItem] = []
        var bytes = 0
        do throws(ReadError) {
            while let item = try framer.next() {
                batch.append(item)
                if case .record(let record) = item { bytes += record.bytes.count }
                if batch.count >= LintRun.batchRecords || bytes >= LintRun.batchBytes { return batch }
            }
        } catch {
            failure = error
        }
        ended = true
        return batch.isEmpty ? nil : batch
    }
}

/// Frames an input's batches on a thread of its own, at most two batches ahead of the
/// checking, so that reading and framing (one thread's work) overlap with checking (all the
/// others'). Batches come out in input order; a read error ends them, after the records
/// framed before it.
private final class FramingAhead: @unchecked Sendable {
    /// Guards every property below; the framer itself is used by the framing thread only.
    private let condition = NSCondition()
    private var ready: [[FramedItem]] = []
    private var finished = false
    private var stopped = false
    private(set) var failure: ReadError?
    private static let capacity = 2

    /// Used by the framing thread only; `owner` keeps the framer's file open until it is done.
    private var batches: BatchFramer
    private let owner: AnyObject?

    init(_ batches: BatchFramer, owner: AnyObject?) {
        self.batches = batches
        self.owner = owner
        let thread = Thread { [self] in frameAll() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func frameAll() {
        while let batch = batches.next() {
            guard put(batch) else { return }
        }
        finish(failure: batches.failure)
    }

    /// Hands a full batch over, waiting while two are waiting already; false once stopped.
    private func put(_ batch: [FramedItem]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= Self.capacity, !stopped { condition.wait() }
        guard !stopped else { return false }
        ready.append(batch)
        condition.broadcast()
        return true
    }

    private func finish(failure: ReadError?) {
        condition.lock()
        defer { condition.unlock() }
        self.failure = failure
        finished = true
        condition.broadcast()
    }

    /// The next batch in input order, nil when the input is done (see `failure`).
    func next() -> [FramedItem]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty, !finished { condition.wait() }
        guard !ready.isEmpty else { return nil }
        // The framing thread may be waiting for room.
        condition.broadcast()
        return ready.removeFirst()
    }

    /// Tells the framing thread to stop at its next batch (the run stops early, or is done).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}

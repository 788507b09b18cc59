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
    /// Input read before the run and not among its inputs (what `fix` could not carry into the
    /// output it checks): its findings are reported first, its unread records counted and
    /// handed to the sink for the quarantine.
    public var uncarried = UncarriedInput()
    /// How much memory the ledger of `unique` values may take before it spills to disk, and
    /// where (`UniquenessLedger`): `GENESYS_LINT_LEDGER_MEMORY`, else 64 MiB.
    var ledgerSpilling = LedgerSpilling.standard

    /// What is wrong with `GENESYS_LINT_LEDGER_MEMORY`, for the command to refuse it; nil when
    /// it is unset or readable.
    public static var ledgerMemoryProblem: String? { LedgerSpilling.environmentProblem }

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
        /// How many times the ledger of `unique` values wrote its table to disk (the tests look).
        var ledgerSpills = 0
    }

    /// What one `run` carries from record to record.
    struct RunState<Sink: LintSink> {
        var result = Result()
        var uniqueness: UniquenessLedger
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
        state.result.ledgerSpills = state.uniqueness.spills
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
        var state = RunState(uniqueness: UniquenessLedger(spilling: ledgerSpilling), baseline: baseline, sink: sink)
        if keepsPartial { state.result.partial = PartialReport() }
        for finding in uncarried.findings { state.report(finding) }
        state.result.summary.unreadableRecords += uncarried.unreadableRecords
        for (piece, worst) in uncarried.pieces { state.sink.read(piece, worst: worst) }
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
                let totalsIndex = state.result.summary.fileTotals.count - 1
                let bytesBefore = state.bytesRead.count
                defer { state.result.summary.fileTotals[totalsIndex].bytes = state.bytesRead.count - bytesBefore }
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
            var totals = FileTotals(file: name)
            totals.bytes = text.count
            state.result.summary.fileTotals.append(totals)
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
        let framer = RecordFramer(source: DecompressingSource(source, path: name), maxRecordBytes: linter.maxRecordBytes, recordLimitName: linter.recordLimitName)
        var batches = BatchFramer(framer)
        var delivery = InputDelivery(file: name, linter: linter, splitLevel: splitLevel)
        func checkAndDeliver(_ batch: [FramedItem]) {
            for outcome in batch.concurrentMap(jobs: jobs, { linter.outcome(of: $0, file: name) }) {
                delivery.deliver(outcome, to: &state)
            }
            progress?(ProgressSnapshot(bytesRead: state.bytesRead.count, conversations: state.result.summary.conversations))
        }
        // The records framed before a read failure are still checked and reported.
        if jobs > 1 {
            let ahead = FramingAhead(batches, owner: owner)
            defer { ahead.stop() }
            while let batch = ahead.next() {
                checkAndDeliver(batch)
                if state.sink.isFinished { return }
            }
            delivery.closeDocument(nil, state: &state)
            if let failure = ahead.failure { throw failure }
        } else {
            while let batch = batches.next() {
                checkAndDeliver(batch)
                if state.sink.isFinished { return }
            }
            delivery.closeDocument(nil, state: &state)
            if let failure = batches.failure { throw failure }
        }
    }
}

extension Linter {
    /// What one framed item comes to: a record checked, a problem the framer found, or the end
    /// of a document with its envelope. Runs on any thread.
    func outcome(of item: FramedItem, file: String) -> RecordOutcome {
        switch item {
        case .record(let record):
            return check(record, file: file)
        case .problem(let problem):
            var outcome = RecordOutcome()
            outcome.unreadable = problem.check.leavesRecordUnread ? 1 : 0
            outcome.uncopied = 1
            outcome.findings = finding(for: problem, file: file).map { [$0] } ?? []
            return outcome
        case .documentEnd(let facts):
            var outcome = RecordOutcome()
            outcome.closesDocument = true
            outcome.envelope = facts
            return outcome
        }
    }
}

/// Delivers the outcomes of one input's records to the run, in input order: their findings
/// (with the repeats of unique values settled against everything read before), counts,
/// profiles and record texts. A page's conversations are held until its envelope has been read,
/// since its dataAvailabilityDate and totalHits come at the end.
private struct InputDelivery {
    let file: String
    let linter: Linter
    /// Whether a page's record texts wait for its envelope too: when a finding about the
    /// envelope could still send them to the quarantine.
    private let holdsPieces: Bool
    private var pendingActivities = ActivityLog()
    private var pendingPieces: [(piece: RecordPiece, worst: Severity?)] = []
    /// The Singer and Airbyte streams without conversations already reported in this input.
    private var reportedStreams: Set<String> = []

    init(file: String, linter: Linter, splitLevel: FailLevel) {
        self.file = file
        self.linter = linter
        holdsPieces = linter.collectsRecords && linter.readerRules[.afterDataAvailability].map {
            splitLevel.isFailure(linter.activeRules[$0].severity)
        } == true
    }

    mutating func deliver<Sink>(_ outcome: RecordOutcome, to state: inout LintRun.RunState<Sink>) {
        state.item += 1
        var findings = outcome.findings.map { (finding: $0, repeated: nil as PartialReport.UniqueRepeat?) }
        for skipped in outcome.otherStreamRecords {
            if reportedStreams.insert(skipped.stream).inserted, let finding = skipped.finding {
                findings.append((finding, nil))
            }
        }
        if !outcome.uniqueValues.isEmpty {
            findings += state.repeats(of: outcome.uniqueValues, in: file, linter: linter)
            findings.sort { Finding.isOrderedWithinRecord($0.finding, $1.finding) }
        }
        state.count(outcome)
        let reported = state.report(findings)
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
            closeDocument(outcome.envelope, state: &state)
        }
    }

    /// Ends the document being read: its page's totals are kept for the end of the run, its
    /// conversations compared with its dataAvailabilityDate, and its held texts handed on.
    mutating func closeDocument<Sink>(_ envelope: EnvelopeFacts?, state: inout LintRun.RunState<Sink>) {
        var late: [Finding] = []
        if let envelope {
            if let totalHits = envelope.totalHits {
                state.result.pages.append(TotalHitsPage(
                    totalHits: totalHits, conversationCount: envelope.conversationCount, file: file,
                    position: envelope.totalHitsPosition ?? .start, pointer: envelope.totalHitsPointer
                ))
            }
            if let date = envelope.dataAvailabilityDate, let text = envelope.dataAvailabilityText {
                // These findings come after the document's last record: an item of their own,
                // so that a merge adding findings to that record does not sort them in among
                // its findings.
                state.item += 1
                late = lateActivityFindings(after: date, written: text)
                late.forEach { state.report($0) }
            }
        }
        for (piece, worst) in pendingPieces {
            let lateWorst = late.filter { piece.contains($0.pointer) }.map(\.severity).max()
            state.sink.read(piece, worst: [worst, lateWorst].compactMap { $0 }.max())
        }
        pendingActivities.removeAll()
        pendingPieces.removeAll()
    }

    /// The findings about the held conversations active after the page's dataAvailabilityDate.
    private func lateActivityFindings(after date: Int64, written text: String) -> [Finding] {
        pendingActivities.activities(after: date).compactMap { activity in
            let place = activity.place
            let problem = ReadProblem(
                check: .afterDataAvailability,
                message: "the conversation was active until \(Timestamp.format(milliseconds: activity.latest)), after its page's dataAvailabilityDate \(text): the data after that date may be incomplete",
                position: place.position, pointer: place.pointer, conversationId: place.conversationId, conversationPointer: place.conversationPointer
            )
            return linter.finding(for: problem, file: file)
        }
    }
}

extension LintRun.RunState {
    /// The findings of the values of `unique` rules that were seen before, settled against the
    /// ledger in input order (each value is remembered as it goes); with a partial report, the
    /// first occurrences too, for the merge.
    mutating func repeats(of values: [RecordOutcome.UniqueValue], in file: String, linter: Linter) -> [(finding: Finding, repeated: PartialReport.UniqueRepeat?)] {
        var findings: [(finding: Finding, repeated: PartialReport.UniqueRepeat?)] = []
        for value in values {
            guard let earlier = uniqueness.sight(group: value.group, key: value.key, file: file, place: value.place, copy: value.copy) else {
                if result.partial != nil {
                    result.partial?.firstOccurrences.append(.init(
                        key: value.key, item: item, place: value.place, copy: value.copy,
                        findings: value.pointers.indices.map { value.finding($0, of: linter) }
                    ))
                }
                continue
            }
            for (offset, rule) in linter.uniqueChecks[value.group].rules.enumerated()
            where earlier.isReported(by: linter.activeRules[rule].rule.repetition, repeatIn: file) {
                var duplicate = value.finding(offset, of: linter)
                let message = duplicate.message
                duplicate.message = earlier.repeatMessage(message, thisCopy: value.copy)
                findings.append((duplicate, .init(findingIndex: 0, ruleId: duplicate.ruleId, key: value.key, message: message, copy: value.copy)))
            }
        }
        return findings
    }

    /// Adds a record's conversations and unreadable records to the totals.
    mutating func count(_ outcome: RecordOutcome) {
        result.summary.conversations += outcome.conversations
        result.summary.unreadableRecords += outcome.unreadable
        result.summary.skippedRecords += outcome.otherStreamRecords.count
        result.uncopiedStretches += outcome.uncopied
        if let last = result.summary.fileTotals.indices.last {
            result.summary.fileTotals[last].conversations += outcome.conversations
            result.summary.fileTotals[last].unreadableRecords += outcome.unreadable
            result.summary.fileTotals[last].skippedRecords += outcome.otherStreamRecords.count
            result.summary.fileTotals[last].shapes.formUnion(outcome.shapes)
        }
    }

    /// Reports a record's findings, a rule counting once per conversation however often it
    /// fires in it; returns those the baseline did not absorb.
    mutating func report(_ findings: [(finding: Finding, repeated: PartialReport.UniqueRepeat?)]) -> [Finding] {
        var affected = Set<String>()
        var reported: [Finding] = []
        for (finding, repeated) in findings {
            let newlyAffected = affected.insert(finding.ruleId + "\u{0}" + finding.conversationPointer).inserted
            guard report(finding, newlyAffected: newlyAffected) else { continue }
            reported.append(finding)
            if var repeated, let count = result.partial?.findings.count {
                repeated.findingIndex = count - 1
                result.partial?.repeats.append(repeated)
            }
        }
        return reported
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

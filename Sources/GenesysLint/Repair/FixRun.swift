import Foundation
import GenesysJSON

/// `genesys-lint fix`: the conversations of the inputs repaired by the fixes of the rules in
/// force, copies of one conversation reduced to one, written as NDJSON in the API's spelling,
/// with an RFC 6902 patch log of every conversation changed or dropped.
///
/// Choosing among copies takes two passes over the inputs: the first remembers, for each
/// conversation id, which copy is kept (`DeduplicationLedger`); the second repairs and writes.
/// Each pass frames records one at a time and repairs them in batches on all cores, so memory
/// holds the ledger and a few batches, whatever the size of the inputs. Standard input, which
/// cannot be read twice, is first copied to a temporary file.
public struct FixRun: Sendable {
    /// Which copy of a conversation is kept when the inputs hold several.
    public enum Deduplication: String, Sendable, CaseIterable {
        /// The copy with the latest activity (its conversationEnd, else its latest segment or
        /// metric time); of equally recent copies, the later in input order.
        case latest
        /// The first copy in input order.
        case first
        /// Every copy (exact copies still collapse into one).
        case none
    }

    public let linter: Linter
    public let jobs: Int
    public var deduplication: Deduplication = .latest
    /// Whether the texts of unread input records are kept, for a quarantine.
    public var keepsUnreadRecords = false

    public init(linter: Linter, jobs: Int) {
        self.linter = linter
        self.jobs = max(1, jobs)
    }

    public struct Result: Sendable {
        public var conversationsRead = 0
        public var conversationsWritten = 0
        /// Written conversations that differ from the conversation as read.
        public var conversationsChanged = 0
        /// Per rule: the written conversations its fix changed.
        public var changedByRule: [String: Int] = [:]
        /// Per shape other than the API's: the conversations written in the API's spelling.
        public var normalizedByShape: [ExportShape: Int] = [:]
        /// Copies dropped because another copy of the conversation was kept, per rule that
        /// reports such repeats (within a file, across files).
        public var droppedByRule: [String: Int] = [:]
        public var duplicatesDropped = 0
        /// Conversations dropped because an identical one was written already.
        public var exactCopiesDropped = 0
        /// Records of Singer or Airbyte streams without conversations.
        public var skippedRecords = 0
        /// What was read but could not be carried into the output.
        public var uncarried = LintRun.UncarriedInput()
        public var inputErrors: [ReadError] = []
    }

    /// Where the run writes: each kept conversation (compact JSON, no line end) and each line
    /// of the patch log.
    public struct Destinations {
        public var conversation: ([UInt8]) -> Void
        public var logLine: (String) -> Void

        public init(conversation: @escaping ([UInt8]) -> Void, logLine: @escaping (String) -> Void) {
            self.conversation = conversation
            self.logLine = logLine
        }
    }

    public func run(_ inputs: [Input], into destinations: Destinations) -> Result {
        run(inputs.map(Source.input), into: destinations)
    }

    /// Repairs in-memory texts as if they were files of these names (rule examples, tests, the
    /// fuzz target).
    public func run(texts: [(name: String, bytes: [UInt8])], into destinations: Destinations) -> Result {
        run(texts.map { Source.text(name: $0.name, bytes: $0.bytes) }, into: destinations)
    }

    /// An input, or a text standing in for one.
    private enum Source {
        case input(Input)
        case text(name: String, bytes: [UInt8])
    }

    private func run(_ inputs: [Source], into destinations: Destinations) -> Result {
        var result = Result()
        var spooled: [Int: SpooledInput] = [:]
        defer { spooled.values.forEach { $0.remove() } }
        let repairer = Repairer(linter: linter)
        var ledger = DeduplicationLedger(deduplication: deduplication)
        var unreadableInputs: Set<Int> = []

        if deduplication != .none {
            var ordinal = 0
            for (index, input) in inputs.enumerated() {
                if case .input(.standardInput) = input {
                    do throws(ReadError) {
                        spooled[index] = try SpooledInput.copyingStandardInput()
                    } catch {
                        result.inputErrors.append(error)
                        unreadableInputs.insert(index)
                        continue
                    }
                }
                let failure = forEachBatch(of: input, spooled: spooled[index]) { batch, name in
                    let identities = batch.concurrentMap(jobs: jobs) { item in
                        var found: [(id: String?, copy: CopyCompleteness, source: RecordSource)] = []
                        linter.walkForRepair(item, file: name) { walked in
                            if case .conversation(let json, let spelling, let source) = walked {
                                let (id, copy) = repairer.identity(of: json, spelling: spelling)
                                found.append((id, copy, source))
                            }
                        }
                        return found
                    }
                    for identity in identities.joined() {
                        ledger.sight(identity.id, copy: identity.copy, ordinal: ordinal, source: identity.source)
                        ordinal += 1
                    }
                }
                if let failure {
                    result.inputErrors.append(failure)
                    unreadableInputs.insert(index)
                }
            }
        }

        var ordinal = 0
        var exactCopies = ExactCopies()
        var reportedStreams: Set<String> = []
        for (index, input) in inputs.enumerated() where !unreadableInputs.contains(index) {
            reportedStreams.removeAll()
            let failure = forEachBatch(of: input, spooled: spooled[index]) { batch, name in
                let repaired = batch.concurrentMap(jobs: jobs) { item in
                    var produced: [Produced] = []
                    linter.walkForRepair(item, file: name) { walked in
                        switch walked {
                        case .conversation(let json, let spelling, let source):
                            produced.append(.conversation(repairer.repair(json, spelling: spelling), source))
                        case .notCarried(let finding, let piece, let unread):
                            produced.append(.notCarried(finding, piece: keepsUnreadRecords ? piece : nil, unread: unread))
                        case .otherStream(let stream, let finding):
                            produced.append(.otherStream(stream, finding))
                        }
                    }
                    return produced
                }
                for item in repaired.joined() {
                    switch item {
                    case .conversation(let conversation, let source):
                        deliver(conversation, from: source, ordinal: ordinal, ledger: ledger, exactCopies: &exactCopies, into: destinations, result: &result)
                        ordinal += 1
                    case .notCarried(let finding, let piece, let unread):
                        if let finding { result.uncarried.findings.append(finding) }
                        if unread { result.uncarried.unreadableRecords += 1 }
                        if let piece { result.uncarried.pieces.append((piece, finding?.severity)) }
                    case .otherStream(let stream, let finding):
                        result.skippedRecords += 1
                        if reportedStreams.insert(stream).inserted, let finding { result.uncarried.findings.append(finding) }
                    }
                }
            }
            if let failure { result.inputErrors.append(failure) }
        }
        return result
    }

    /// What the second pass makes of one walked item.
    private enum Produced: Sendable {
        case conversation(RepairedConversation, RecordSource)
        case notCarried(Finding?, piece: RecordPiece?, unread: Bool)
        case otherStream(String, Finding?)
    }

    /// Writes a repaired conversation, or drops it for a copy kept instead, and logs either.
    private func deliver(
        _ conversation: RepairedConversation, from source: RecordSource, ordinal: Int, ledger: DeduplicationLedger,
        exactCopies: inout ExactCopies, into destinations: Destinations, result: inout Result
    ) {
        result.conversationsRead += 1
        let id = conversation.conversationId
        if let kept = ledger.keptCopy(of: id, ordinal: ordinal) {
            let rule = kept.source.file == source.file ? repeatRules.sameFile : repeatRules.otherFile
            result.duplicatesDropped += 1
            if let rule { result.droppedByRule[rule, default: 0] += 1 }
            destinations.logLine(Self.droppedLine(id: id, source: source, rules: rule.map { [$0] } ?? [], kept: kept.source, reason: kept.reason))
            return
        }
        // Copies with an id were settled by the ledger; without one (or without the ledger),
        // only identical texts are known to be one conversation.
        if deduplication == .none || id == nil, let first = exactCopies.sight(conversation.output, source: source) {
            result.exactCopiesDropped += 1
            destinations.logLine(Self.droppedLine(id: id, source: source, rules: [], kept: first, reason: "an exact copy of the conversation kept"))
            return
        }
        destinations.conversation(conversation.output)
        result.conversationsWritten += 1
        guard !conversation.patch.isEmpty else { return }
        result.conversationsChanged += 1
        for rule in conversation.rules { result.changedByRule[rule, default: 0] += 1 }
        if let shape = conversation.normalizedFrom { result.normalizedByShape[shape, default: 0] += 1 }
        var members = [
            ("conversationId", JSONWriter.quoted(id)), ("source", source.json),
            ("rules", JSONWriter.array(conversation.rules.map { JSONWriter.quoted($0) })),
        ]
        if let shape = conversation.normalizedFrom { members.append(("normalizedFrom", JSONWriter.quoted(shape.rawValue))) }
        members.append(("patch", JSONWriter.array(conversation.patch)))
        destinations.logLine(JSONWriter.object(members))
    }

    private static func droppedLine(id: String?, source: RecordSource, rules: [String], kept: RecordSource, reason: String) -> String {
        JSONWriter.object([
            ("conversationId", JSONWriter.quoted(id)), ("source", source.json),
            ("rules", JSONWriter.array(rules.map { JSONWriter.quoted($0) })),
            ("dropped", JSONWriter.object([("kept", kept.json), ("reason", JSONWriter.quoted(reason))])),
        ])
    }

    /// The rules in force that report a conversation id seen again in the same file and in
    /// another file (GDQ501 and GDQ508 in the built-in catalog): a dropped copy is logged
    /// under the one its repeat falls to.
    private var repeatRules: (sameFile: String?, otherFile: String?) {
        var found: (sameFile: String?, otherFile: String?) = (nil, nil)
        for active in linter.activeRules where active.rule.scope == .conversation && active.rule.expressionText == "conversationId" {
            switch active.rule.repetition {
            case .sameFile?: found.sameFile = found.sameFile ?? active.rule.id
            case .otherFile?: found.otherFile = found.otherFile ?? active.rule.id
            case .anywhere?:
                found.sameFile = found.sameFile ?? active.rule.id
                found.otherFile = found.otherFile ?? active.rule.id
            case nil: break
            }
        }
        return found
    }

    /// Frames `input` (or its spooled copy) in batches and hands each to `body` with the name
    /// findings give the input; the read error that ended it early, if any.
    private func forEachBatch(of input: Source, spooled: SpooledInput?, _ body: ([FramedItem], String) -> Void) -> ReadError? {
        func frame(_ source: any ByteSource, named name: String) -> ReadError? {
            var batches = BatchFramer(RecordFramer(
                source: DecompressingSource(source, path: name), maxRecordBytes: linter.maxRecordBytes, recordLimitName: linter.recordLimitName
            ))
            while let batch = batches.next() { body(batch, name) }
            return batches.failure
        }
        do throws(ReadError) {
            let file: OpenFile
            switch (input, spooled) {
            case (.text(let name, let bytes), _): return frame(MemorySource(bytes), named: name)
            case (.input, let spooled?): file = try OpenFile(path: spooled.path)
            case (.input(.file(let path)), nil): file = try OpenFile(path: path)
            case (.input(.standardInput), nil): return frame(FileDescriptorSource(descriptor: 0, path: "<stdin>"), named: Input.standardInput.displayName)
            }
            let name = if case .input(let original) = input { original.displayName } else { file.path }
            return withExtendedLifetime(file) { frame(file.source, named: name) }
        } catch {
            return error
        }
    }
}

extension LintRun {
    /// What `fix` read but could not carry into the output it then checks: the findings about
    /// those input records, reported before the output's, the number of records it could not
    /// read, and (for a quarantine) their texts with the worst severity found in each.
    public struct UncarriedInput: Sendable {
        public var findings: [Finding] = []
        public var unreadableRecords = 0
        public var pieces: [(piece: RecordPiece, worst: Severity?)] = []

        public init() {}
    }
}

/// Standard input copied to a temporary file, so that it can be read twice.
private struct SpooledInput: Sendable {
    let path: String

    static func copyingStandardInput() throws(ReadError) -> SpooledInput {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("genesys-lint-fix-stdin-\(getpid())-\(UUID().uuidString)").path
        guard let output = fopen(path, "w") else {
            throw ReadError.unreadable(path: "<stdin>", reason: "cannot make a temporary copy to read it twice: \(String(cString: strerror(errno)))")
        }
        defer { fclose(output) }
        var source = FileDescriptorSource(descriptor: 0, path: "<stdin>")
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count: Int
            do throws(ReadError) {
                count = try buffer.withUnsafeMutableBytes { bytes in
                    Result { () throws(ReadError) in try source.read(into: bytes) }
                }.get()
            } catch {
                unlink(path)
                throw error
            }
            guard count > 0 else { break }
            guard buffer.withUnsafeBytes({ fwrite($0.baseAddress, 1, count, output) }) == count else {
                unlink(path)
                throw ReadError.unreadable(path: "<stdin>", reason: "cannot make a temporary copy to read it twice: \(String(cString: strerror(errno)))")
            }
        }
        return SpooledInput(path: path)
    }

    func remove() {
        unlink(path)
    }
}

extension FixRun.Result {
    /// What the run did, for a person: a line of totals, then a line per rule whose fix changed
    /// conversations, per shape written in the API's spelling, and per kind of copy dropped.
    /// `ruleNames` gives each rule id its name; `wrote` says where the output went (nil for a
    /// dry run, whose lines say what would be done).
    public func summary(ruleNames: [String: String], wrote output: String?, log: String?) -> String {
        let would = output == nil
        func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
            "\(value) \(value == 1 ? noun : plural ?? noun + "s")"
        }
        var text = "Read \(count(conversationsRead, "conversation")); "
        text += would ? "would write \(conversationsWritten)" : "wrote \(conversationsWritten) to \(output ?? "")"
        text += ", \(conversationsChanged) changed, \(duplicatesDropped + exactCopiesDropped) dropped"
        if uncarried.unreadableRecords > 0 { text += "; \(count(uncarried.unreadableRecords, "record")) could not be read and \(uncarried.unreadableRecords == 1 ? (would ? "would be" : "is") : (would ? "would be" : "are")) left out" }
        if skippedRecords > 0 { text += "; \(count(skippedRecords, "record")) of other streams skipped" }
        text += would ? " (dry run: nothing written).\n" : ".\n"
        var rows: [[String]] = []
        for (rule, changed) in changedByRule.sorted(by: { $0.key < $1.key }) {
            rows.append(["fixed", rule, ruleNames[rule] ?? "", count(changed, "conversation")])
        }
        for (shape, changed) in normalizedByShape.sorted(by: { $0.key < $1.key }) {
            rows.append(["respelt", "", "\(shape.described) in the API's spelling", count(changed, "conversation")])
        }
        for (rule, dropped) in droppedByRule.sorted(by: { $0.key < $1.key }) {
            rows.append(["dropped", rule, ruleNames[rule] ?? "", count(dropped, "copy", plural: "copies")])
        }
        let unnamedDuplicates = duplicatesDropped - droppedByRule.values.reduce(0, +)
        if unnamedDuplicates > 0 { rows.append(["dropped", "", "copies of one conversation", count(unnamedDuplicates, "copy", plural: "copies")]) }
        if exactCopiesDropped > 0 { rows.append(["dropped", "", "exact copies", count(exactCopiesDropped, "copy", plural: "copies")]) }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            text += "  " + row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        if let log, !would { text += "Patch log: \(log).\n" }
        return text
    }
}

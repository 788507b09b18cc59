import GenesysJSON

/// What checking one framed record produced.
struct RecordOutcome: Sendable {
    var findings: [Finding] = []
    /// Values of `unique` rules, resolved in input order once every earlier record is done.
    var uniqueValues: [UniqueValue] = []
    var conversations = 0
    var unreadable = 0
    /// Problems the framer found in text it could not cut into a record.
    var uncopied = 0
    /// Whether a top-level document ends with this record (an NDJSON line, a single-document
    /// file, or the end of an envelope framed element by element).
    var closesDocument = false
    /// What the closed document's envelope said, nil when it had none.
    var envelope: EnvelopeFacts?
    /// When each conversation was last active, to compare with its page's data-availability date.
    var activities: [Activity] = []
    /// What audit reports chart of each conversation (when the linter collects profiles).
    var profiles: [ConversationProfile] = []
    /// The text of each conversation or unreadable record, for `--quarantine`/`--clean`
    /// (when the linter collects records).
    var pieces: [RecordPiece] = []

    struct Activity: Sendable {
        let latest: Int64
        /// Where a finding about it would point (its message is written once the date is known).
        let place: ReadProblem
    }

    /// A value of a `unique` key, with what the finding of each rule sharing the key needs
    /// should the value repeat where the rule looks. The findings are written only then (or
    /// for a partial report): nearly every value is seen once.
    struct UniqueValue: Sendable {
        /// The key group: index into `Linter.uniqueChecks`.
        let group: Int
        let key: String
        let file: String
        /// Where the value's conversation starts: the place a later repeat names as the first.
        let place: TextPosition
        /// How complete the conversation is, when the value stands for one.
        let copy: CopyCompleteness?
        let conversationId: String?
        /// Pointer of the conversation in the record.
        let conversationPointer: String
        /// The values of the group's message placeholders (`Linter.UniqueCheck.placeholders`).
        let placeholderValues: [Value]
        /// For each rule of the group, the pointer of its finding in the record, and the
        /// finding's place when it was located as the conversation was checked.
        let pointers: [String]
        let positions: [TextPosition]?
        /// Otherwise the record, to locate a finding when it is written (a walk of its text).
        let record: FramedRecord?
        /// Pointer of the record in its document.
        let recordPointer: String

        /// The finding of the group's rule at `offset`, at the value's own line and column.
        func finding(_ offset: Int, of linter: Linter) -> Finding {
            let check = linter.uniqueChecks[group]
            let active = linter.activeRules[check.rules[offset]]
            let values = check.messagePlaceholders[offset].map { placeholderValues[$0] }
            let position = positions?[offset] ?? record.map { RecordLocator($0).position(of: pointers[offset]) } ?? place
            return Finding(
                ruleId: active.rule.id, severity: active.severity,
                message: active.rule.message.text(with: values, redact: linter.redactsPersonalData),
                file: file, line: position.line, column: position.column, pointer: recordPointer + pointers[offset],
                conversationId: conversationId, conversationPointer: recordPointer + conversationPointer
            )
        }
    }
}

extension Linter {
    /// Parses one record, reads the conversations in it, and applies every rule in force.
    /// Runs on any thread: it touches nothing but its arguments.
    func check(_ record: FramedRecord, file: String, mayReframe: Bool = true) -> RecordOutcome {
        var outcome = RecordOutcome()
        let parsed = record.bytes.withUnsafeBytes { JSONDocument.parse($0) }
        switch parsed {
        case .failure(let error):
            if mayReframe, record.kind == .document, let first = record.bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                // Perhaps a one-line envelope or array: frame its elements so one bad
                // conversation does not cost the others. If that saves nothing, jansson's own
                // account of the error is the clearer one.
                let reframed = reframe(record, file: file)
                if reframed.conversations > 0 { return reframed }
            }
            outcome.unreadable += 1
            // jansson stops at a NUL byte as if the text ended there: name the byte instead.
            let nul = error.kind == .endOfInput ? record.bytes.firstIndex(of: 0) : nil
            let offset = nul ?? min(error.position, record.bytes.count)
            let position = record.position.advanced(over: record.bytes[..<offset])
            let message = switch error.kind {
            case .endOfInput where nul != nil:
                "invalid JSON: a NUL byte (0x00), which JSON allows nowhere (inside a string it is written \\u0000); the text is binary or corrupted here"
            case .endOfInput: "invalid JSON: the record ends before it is complete, so it looks truncated (\(error.message))"
            case .nestingTooDeep: "invalid JSON: nested deeper than the reader allows (\(error.message))"
            case .invalidUTF8: "invalid JSON: the text is not valid UTF-8 (\(error.message))"
            case .numberOutOfRange: "a number is out of range: integers must fit in 64 bits and reals in a double, so the record cannot be read (\(error.message))"
            default: "invalid JSON: \(error.message)"
            }
            let problem = ReadProblem(check: .malformedJSON, message: message, position: position, pointer: record.pointer, conversationPointer: record.pointer)
            outcome.findings += finding(for: problem, file: file).map { [$0] } ?? []
            if collectsRecords { outcome.pieces.append(RecordPiece(text: record.bytes[...], pointer: record.pointer)) }
        case .success(let document):
            // One locator for the record: what it learns of the text serves every conversation.
            let locator = RecordLocator(record)
            document.withRoot { root in
                if record.kind == .document {
                    outcome.closesDocument = true
                    outcome.envelope = Self.envelopeFacts(of: root, record: record)
                }
                for item in Self.conversations(in: root, record: record, fieldTypes: fieldTypes) {
                    switch item {
                    case .conversation(let json, let pointer):
                        outcome.conversations += 1
                        check(json, at: pointer, in: record, locator: locator, file: file, into: &outcome)
                        if collectsRecords { outcome.pieces.append(locator.piece(at: pointer)) }
                    case .problem(let check, let message, let pointer):
                        outcome.unreadable += 1
                        add(check, message, at: pointer, conversationId: nil, conversationPointer: pointer, in: record, locator: locator, file: file, to: &outcome)
                        if collectsRecords, check != .wrongType { outcome.pieces.append(locator.piece(at: pointer)) }
                    }
                }
            }
        }
        outcome.findings.sort { ($0.line, $0.column, $0.ruleId) < ($1.line, $1.column, $1.ruleId) }
        return outcome
    }

    private func reframe(_ record: FramedRecord, file: String) -> RecordOutcome {
        var combined = RecordOutcome()
        var framer = RecordFramer(source: MemorySource(record.bytes), maxRecordBytes: maxRecordBytes, layout: .document)
        // Reading from memory cannot fail; `try?` ends the loop if it ever did.
        while let item = try? framer.next() {
            switch item {
            case .problem(let problem):
                combined.unreadable += problem.check == .malformedJSON || problem.check == .notAnExport ? 1 : 0
                let shifted = ReadProblem(check: problem.check, message: problem.message, position: record.position.composed(with: problem.position), pointer: record.pointer + problem.pointer)
                combined.findings += finding(for: shifted, file: file).map { [$0] } ?? []
            case .record(let inner):
                let shifted = FramedRecord(kind: inner.kind, bytes: inner.bytes, offset: record.offset + inner.offset, position: record.position.composed(with: inner.position), pointer: record.pointer + inner.pointer)
                let outcome = check(shifted, file: file, mayReframe: false)
                combined.findings += outcome.findings
                combined.uniqueValues += outcome.uniqueValues
                combined.conversations += outcome.conversations
                combined.unreadable += outcome.unreadable
                combined.activities += outcome.activities
                combined.profiles += outcome.profiles
                combined.pieces += outcome.pieces
            case .documentEnd(let facts):
                combined.envelope = facts.map { inner in
                    var shifted = inner
                    shifted.totalHitsPosition = inner.totalHitsPosition.map { record.position.composed(with: $0) }
                    shifted.totalHitsPointer = record.pointer + inner.totalHitsPointer
                    return shifted
                }
            }
        }
        // The line was one document, whether or not its framing reached the end.
        combined.closesDocument = true
        return combined
    }

    private enum DocumentItem {
        case conversation(JSONValue, pointer: String)
        case problem(ReaderCheck, String, pointer: String)
    }

    /// The conversations a parsed record holds, whatever the shape of its document.
    private static func conversations(in root: JSONValue, record: FramedRecord, fieldTypes: FieldTypeTable) -> [DocumentItem] {
        /// An object is read as a conversation when it has at least one of a conversation's
        /// documented fields; one with none (keys in another spelling, some other record) is one
        /// finding, rather than every rule reporting, field by field, what it lacks.
        func conversation(_ object: JSONValue, pointer: String, described: String) -> DocumentItem {
            var names: [String] = []
            var recognised = false
            object.forEachRawMember { name, _ in
                guard !recognised else { return }
                if fieldTypes.type(of: name, in: .conversation) != nil {
                    recognised = true
                } else if names.count < 4 {
                    names.append(String(decoding: name, as: UTF8.self))
                }
            }
            guard !recognised else { return .conversation(object, pointer: pointer) }
            return .problem(.notAnExport, unrecognisedObjectMessage(described: described, memberNames: names, memberCount: object.count), pointer: pointer)
        }
        func elements(of array: JSONValue, prefix: String, described: String) -> [DocumentItem] {
            array.elements.enumerated().map { index, element in
                element.kind == .object
                    ? conversation(element, pointer: "\(prefix)/\(index)", described: "element \(index) of \(described)")
                    : .problem(.notAnExport, "element \(index) of \(described) is \(ModelBuilder.describe(element.kind)), not a conversation object", pointer: "\(prefix)/\(index)")
            }
        }
        switch root.kind {
        case .object:
            guard record.kind == .document, let conversations = root["conversations"] else {
                return [conversation(root, pointer: "", described: record.kind == .document ? "the document" : "the line")]
            }
            guard conversations.kind == .array else {
                return [.problem(.wrongType, "\"conversations\" is \(ModelBuilder.describe(conversations.kind)); expected an array of conversations", pointer: "/conversations")]
            }
            return elements(of: conversations, prefix: "/conversations", described: "the \"conversations\" array")
        case .array where record.kind == .document:
            return elements(of: root, prefix: "", described: "the top-level array")
        default:
            return [.problem(.notAnExport, "the document is \(ModelBuilder.describe(root.kind)), not a conversation export", pointer: "")]
        }
    }

    /// Why an object was not read as a conversation, naming a few of its members so that a
    /// reader can see what it is instead.
    static func unrecognisedObjectMessage(described: String, memberNames: [String], memberCount: Int) -> String {
        guard memberCount > 0 else {
            return "\(described) is an empty object: it has none of a conversation's fields (conversationId, conversationStart, participants…), so nothing in it can be checked"
        }
        let shown = memberNames.map { "\"\(ModelBuilder.excerpt($0))\"" }.joined(separator: ", ")
        let more = memberCount > memberNames.count ? " and \(memberCount - memberNames.count) more" : ""
        return "\(described) is an object with none of a conversation's fields (conversationId, conversationStart, participants…); its members are \(shown)\(more). If these are conversation fields spelt another way, export them as the analytics API names them; nothing in this object can be checked"
    }

    /// The envelope facts of a parsed document, nil when it is not an envelope.
    private static func envelopeFacts(of root: JSONValue, record: FramedRecord) -> EnvelopeFacts? {
        guard root.kind == .object, let conversations = root["conversations"] else { return nil }
        var facts = EnvelopeFacts()
        facts.conversationCount = conversations.count
        facts.totalHitsPointer = record.pointer + "/totalHits"
        for key in ["totalHits", "dataAvailabilityDate"] {
            if let value = root[key] { facts.read(key, value, position: record.position(of: "/" + key)) }
        }
        return facts
    }

    /// Builds the model of one conversation and applies every rule to it.
    private func check(_ json: JSONValue, at conversationPointer: String, in record: FramedRecord, locator: RecordLocator, file: String, into outcome: inout RecordOutcome) {
        let budget = EvaluationBudget(limit: evaluationBudget)
        var builder = ModelBuilder(fieldTypes: fieldTypes, texts: texts)
        let conversation = builder.build(json, budget: budget)
        for problem in builder.problems {
            add(problem.check, problem.message, at: conversationPointer + problem.pointer, conversationId: conversation.conversationId, conversationPointer: conversationPointer, in: record, locator: locator, file: file, to: &outcome)
        }
        // The rule at work when the budget ran out, if it did.
        var unfinished: String? = budget.isExhausted ? "linking agents to queue visits" : nil
        let evaluator = Evaluator(conversation: conversation, asOf: asOf, budget: budget)
        conditions: for (scope, rules) in conditionRules where unfinished == nil {
            for index in Self.indices(of: scope, in: conversation) {
                let binding = Evaluator.Binding(scope: scope, index: index)
                for check in rules {
                    let fires = check.condition._withUnsafeGuaranteedRef { !evaluator.guardFails($0, at: binding) && evaluator.evaluate($0, at: binding).isTrue }
                    guard !budget.isExhausted else {
                        unfinished = activeRules[check.rule].rule.id
                        break conditions
                    }
                    guard fires else { continue }
                    outcome.findings.append(makeFinding(check.rule, evaluator, binding, conversationPointer, record, locator, file))
                    // A message can hold quantifiers too.
                    if budget.isExhausted {
                        outcome.findings.removeLast()
                        unfinished = activeRules[check.rule].rule.id
                        break conditions
                    }
                }
            }
        }
        if let unfinished {
            let message = "checking this conversation (\(conversation.participants.count) participants, \(conversation.sessions.count) sessions, \(conversation.segments.count) segments, \(conversation.metrics.count) metrics) needs more work than the limit of \(budget.limit) steps per conversation; the rules were applied only in part (stopped at \(unfinished)), so other problems in it may go unreported"
            add(.tooComplex, message, at: conversationPointer, conversationId: conversation.conversationId, conversationPointer: conversationPointer, in: record, locator: locator, file: file, to: &outcome)
        }
        // Only a conversation inside a page can be compared with the page's dataAvailabilityDate;
        // one that is a whole record by itself (an NDJSON line) has no envelope.
        if readerRules[.afterDataAvailability] != nil, !(record.pointer.isEmpty && conversationPointer.isEmpty) {
            let segmentTimes = conversation.segments.flatMap { [$0.segmentStart, $0.segmentEnd] }.compactMap { $0 }
            if let latest = conversation.conversationEnd ?? (segmentTimes + [conversation.conversationStart].compactMap { $0 }).max() {
                let endsAtConversationEnd = conversation.conversationEnd != nil
                let pointer = conversationPointer + (endsAtConversationEnd ? "/conversationEnd" : "")
                // Every conversation is placed, so a walk to its conversationEnd would cost more
                // than all the other locating: when the record has only the one, a search finds it.
                let position = (endsAtConversationEnd ? locator.positionOfOnlyMember(named: "conversationEnd") : nil) ?? locator.position(of: pointer)
                outcome.activities.append(.init(latest: latest, place: ReadProblem(
                    check: .afterDataAvailability, message: "", position: position,
                    pointer: record.pointer + pointer, conversationId: conversation.conversationId,
                    conversationPointer: record.pointer + conversationPointer
                )))
            }
        }
        if collectsProfiles {
            outcome.profiles.append(profile(of: conversation, at: record.pointer + conversationPointer, line: locator.position(of: conversationPointer).line, file: file))
        }
        // Where the conversation starts: free when it is the whole record, as it nearly always is.
        let conversationStart = conversationPointer.isEmpty ? record.position : locator.position(of: conversationPointer)
        for (group, check) in uniqueChecks.enumerated() {
            for index in Self.indices(of: check.scope, in: conversation) {
                let binding = Evaluator.Binding(scope: check.scope, index: index)
                let value = check.key._withUnsafeGuaranteedRef { evaluator.evaluate($0, at: binding) }
                guard value != .null else { continue }
                let objectPointer = conversationPointer + conversation.pointer(of: check.scope, at: index)
                let pointers = check.rules.map { Self.pointer(at: activeRules[$0].rule.at, from: objectPointer) }
                outcome.uniqueValues.append(.init(
                    group: group, key: value.identityKey, file: file, place: conversationStart,
                    copy: check.comparesCopies ? CopyCompleteness(of: conversation) : nil,
                    conversationId: conversation.conversationId, conversationPointer: conversationPointer,
                    placeholderValues: check.placeholders.map { placeholder in placeholder._withUnsafeGuaranteedRef { evaluator.evaluate($0, at: binding) } },
                    pointers: pointers, positions: locatesUniqueValues ? pointers.map(locator.position(of:)) : nil,
                    record: locatesUniqueValues ? nil : record, recordPointer: record.pointer
                ))
            }
        }
    }

    private static func indices(of scope: Scope, in conversation: Conversation) -> Range<Int> {
        switch scope {
        case .conversation: 0..<1
        case .participant: conversation.participants.indices
        case .session: conversation.sessions.indices
        case .segment: conversation.segments.indices
        case .metric: conversation.metrics.indices
        }
    }

    private func makeFinding(_ ruleIndex: Int, _ evaluator: Evaluator, _ binding: Evaluator.Binding, _ conversationPointer: String, _ record: FramedRecord, _ locator: RecordLocator, _ file: String) -> Finding {
        makeFinding(ruleIndex, evaluator, binding, conversationPointer, record, file) { locator.position(of: $0) }.finding
    }

    /// A rule's finding at `binding`, with its pointer relative to the record; `position` finds
    /// its line and column from that pointer.
    private func makeFinding(_ ruleIndex: Int, _ evaluator: Evaluator, _ binding: Evaluator.Binding, _ conversationPointer: String, _ record: FramedRecord, _ file: String, position: (String) -> TextPosition) -> (finding: Finding, pointer: String) {
        let active = activeRules[ruleIndex]
        let pointer = Self.pointer(at: active.rule.at, from: conversationPointer + evaluator.conversation.pointer(of: binding.scope, at: binding.index))
        // Messages are compiled when a rule fires: most rules never do on most conversations.
        let message = active.rule.message.render(
            evaluate: { evaluator.evaluate(CompiledExpression($0, parameters: active.parameters, texts: texts), at: binding) },
            redact: redactsPersonalData
        )
        let position = position(pointer)
        let finding = Finding(
            ruleId: active.rule.id, severity: active.severity, message: message, file: file,
            line: position.line, column: position.column, pointer: record.pointer + pointer,
            conversationId: evaluator.conversation.conversationId, conversationPointer: record.pointer + conversationPointer
        )
        return (finding, pointer)
    }

    /// The pointer of the value a rule's `at` names, from the object at `objectPointer`.
    private static func pointer(at tokens: [String], from objectPointer: String) -> String {
        tokens.reduce(objectPointer) { pointer, token in JSONPointer.appending(token, to: pointer) }
    }

    private func add(_ check: ReaderCheck, _ message: String, at pointer: String, conversationId: String?, conversationPointer: String, in record: FramedRecord, locator: RecordLocator? = nil, file: String, to outcome: inout RecordOutcome) {
        let position = (locator ?? RecordLocator(record)).position(of: pointer)
        let problem = ReadProblem(check: check, message: message, position: position, pointer: record.pointer + pointer, conversationId: conversationId, conversationPointer: record.pointer + conversationPointer)
        outcome.findings += finding(for: problem, file: file).map { [$0] } ?? []
    }

    /// The finding for a reader problem, nil when its rule is not in force.
    func finding(for problem: ReadProblem, file: String) -> Finding? {
        guard let ruleIndex = readerRules[problem.check] else { return nil }
        let active = activeRules[ruleIndex]
        return Finding(
            ruleId: active.rule.id, severity: active.severity,
            message: active.rule.message.render(evaluate: { _ in .null }, detail: problem.message),
            file: file, line: problem.position.line, column: problem.position.column,
            pointer: problem.pointer, conversationId: problem.conversationId, conversationPointer: problem.conversationPointer
        )
    }
}

extension Linter {
    /// The facts of a checked conversation that audit reports chart.
    func profile(of conversation: Conversation, at pointer: String, line: Int, file: String) -> ConversationProfile {
        var profile = ConversationProfile(file: file, conversationId: conversation.conversationId, line: line, pointer: pointer)
        profile.start = conversation.conversationStart
        profile.end = conversation.conversationEnd
        profile.originatingDirection = conversation.json["originatingDirection"]?.string
        for (index, session) in conversation.sessions.enumerated() {
            if let media = session.mediaType, !profile.mediaTypes.contains(media) { profile.mediaTypes.append(media) }
            guard session.isQueueVisit else { continue }
            profile.visits.append(.init(
                mediaType: session.mediaType, queueId: session.queueId, disconnectType: session.finalDisconnectType,
                outcome: (session.outcome ?? .none).rawValue, pointer: pointer + conversation.pointer(of: .session, at: index)
            ))
        }
        return profile
    }
}

/// The text of one conversation (or of an unreadable record) as it came in, on one line:
/// what `--quarantine` and `--clean` write.
public struct RecordPiece: Sendable {
    public let text: ArraySlice<UInt8>
    /// Pointer of the conversation in its document; the findings under it are its own.
    public let pointer: String

    /// The text as one NDJSON line: verbatim when it is one line already; otherwise the
    /// whitespace between tokens is dropped (line breaks cannot occur inside JSON strings,
    /// so every value keeps its exact bytes). A malformed record stays malformed.
    public var line: ArraySlice<UInt8> {
        guard text.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else { return text }
        var joined: [UInt8] = []
        joined.reserveCapacity(text.count)
        var inString = false, escaped = false, droppedSpace = false
        for byte in text {
            if inString {
                // A raw line break inside a string is invalid JSON; it must still not split the
                // line, nor make the copy valid: it is written `\ `, an escape JSON does not have
                // (after a backslash, the space alone makes one).
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    if !escaped { joined.append(UInt8(ascii: "\\")) }
                    joined.append(UInt8(ascii: " "))
                    escaped = false
                    continue
                }
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if RecordFramer.isWhitespace(byte) {
                droppedSpace = true
                continue
            } else {
                // Between two scalars (`3 18867`, in a malformed record) whitespace is all that
                // keeps them apart: one space stays, so the copy does not become valid.
                if droppedSpace, let last = joined.last, Self.isScalarByte(last), Self.isScalarByte(byte) { joined.append(UInt8(ascii: " ")) }
                if byte == UInt8(ascii: "\"") { inString = true }
            }
            droppedSpace = false
            joined.append(byte)
        }
        return joined[...]
    }

    /// Whether a byte outside strings belongs to a number, a literal or garbage, rather than
    /// to the structure.
    private static func isScalarByte(_ byte: UInt8) -> Bool {
        !"{}[],:\"".utf8.contains(byte)
    }

    /// Whether a finding at `findingPointer` is about this piece.
    func contains(_ findingPointer: String) -> Bool {
        JSONPointer.isWithin(findingPointer, pointer)
    }
}

extension FramedRecord {
    /// Line and column of the value at `pointer` (relative to this record's root).
    func position(of pointer: String) -> TextPosition {
        RecordLocator(self).position(of: pointer)
    }
}

/// Locates many pointers in one record cheaply: array elements already walked past are
/// remembered, and positions are counted on from the last one found when that is earlier.
final class RecordLocator {
    private let record: FramedRecord
    private let elements = SourceLocator.ElementIndex()
    /// Offsets whose positions are known, in increasing order: a position is counted on from
    /// the nearest one before it, so locating in any order costs about one pass over the text.
    private var known: [(offset: Int, position: TextPosition)]

    init(_ record: FramedRecord) {
        self.record = record
        known = [(0, record.position)]
    }

    /// The text of the value at `pointer` (relative to the record) as a piece.
    func piece(at pointer: String) -> RecordPiece {
        guard !pointer.isEmpty else { return RecordPiece(text: record.bytes[...], pointer: record.pointer) }
        let range = record.bytes.withUnsafeBufferPointer { SourceLocator.range(of: JSONPointer.tokens(of: pointer), in: $0, index: elements) }
        return RecordPiece(text: record.bytes[range], pointer: record.pointer + pointer)
    }

    func position(of pointer: String) -> TextPosition {
        position(at: record.bytes.withUnsafeBufferPointer { SourceLocator.offset(of: JSONPointer.tokens(of: pointer), in: $0, index: elements) })
    }

    /// Line and column of the value of the record's only member named `name`, nil unless the
    /// text has exactly one such key (see `SourceLocator.valueOffsetOfOnlyKey`). A search of
    /// the text rather than a walk of it: the caller knows the member is there.
    func positionOfOnlyMember(named name: String) -> TextPosition? {
        record.bytes.withUnsafeBufferPointer { SourceLocator.valueOffsetOfOnlyKey(named: name, in: $0) }.map(position(at:))
    }

    /// Line and column of the byte at `offset` in the record.
    private func position(at offset: Int) -> TextPosition {
        // The last known offset not after `offset` (the first is 0, so there is one).
        var low = 0, high = known.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if known[middle].offset <= offset { low = middle } else { high = middle }
        }
        let from = known[low]
        guard from.offset != offset else { return from.position }
        let position = from.position.advanced(over: record.bytes[from.offset..<offset])
        known.insert((offset, position), at: low + 1)
        return position
    }
}

extension TextPosition {
    /// A position given relative to a text that itself starts at `self`.
    func composed(with relative: TextPosition) -> TextPosition {
        relative.line == 1
            ? TextPosition(line: line, column: column + relative.column - 1)
            : TextPosition(line: line + relative.line - 1, column: relative.column)
    }
}

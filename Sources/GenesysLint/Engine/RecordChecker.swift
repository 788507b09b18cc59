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
    /// The shapes the record's conversations were read in (API JSON, Python SDK, Singer, Airbyte).
    var shapes: Set<ExportShape> = []
    /// Records of Singer or Airbyte streams that carry no conversations, skipped: the finding
    /// about each stream is reported for its first record in an input only.
    var otherStreamRecords: [OtherStreamRecord] = []

    struct OtherStreamRecord: Sendable {
        let stream: String
        let finding: Finding?
    }

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

/// Where the findings about one conversation (or one unreadable stretch) of a record go: the
/// record, its locator, the input's name, and the conversation they are about.
struct FindingSite {
    let record: FramedRecord
    let locator: RecordLocator
    let file: String
    /// Pointer of the conversation in the record ("" when the record is the conversation).
    let conversationPointer: String
    var conversationId: String?
    /// How the file spells the conversation's keys.
    var spelling = KeySpelling.api

    /// The pointer (relative to the record) of a place inside the conversation named in the
    /// API's spelling, as the file spells it.
    func pointer(inside: String) -> String {
        conversationPointer + spelling.filePointer(inside)
    }

    /// A reader problem at `pointer` (relative to the record), placed in the input.
    func problem(_ check: ReaderCheck, _ message: String, at pointer: String) -> ReadProblem {
        ReadProblem(
            check: check, message: message, position: locator.position(of: pointer), pointer: record.pointer + pointer,
            conversationId: conversationId, conversationPointer: record.pointer + conversationPointer
        )
    }
}

extension Linter {
    /// Parses one record, reads the conversations in it, and applies every rule in force.
    /// Runs on any thread: it touches nothing but its arguments.
    func check(_ record: FramedRecord, file: String, mayReframe: Bool = true) -> RecordOutcome {
        // Nothing of the record's tree outlives the check: its memory goes back all at once.
        JSONDocument.withArena { checkInArena(record, file: file, mayReframe: mayReframe) }
    }

    private func checkInArena(_ record: FramedRecord, file: String, mayReframe: Bool) -> RecordOutcome {
        var outcome = RecordOutcome()
        let parsed = record.bytes.withUnsafeBytes { JSONDocument.parse($0) }
        switch parsed {
        case .failure(let error):
            if mayReframe, record.kind == .document, let first = record.bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                // Perhaps a one-line envelope or array: its elements may still be read, so one bad
                // conversation does not cost the others. If that saves nothing, jansson's own
                // account of the error is the clearer one.
                let reframed = reframe(record, file: file)
                if reframed.conversations > 0 { return reframed }
            }
            outcome.unreadable += 1
            outcome.findings += finding(for: DocumentShape.unparsable(record, error: error), file: file).map { [$0] } ?? []
            if collectsRecords { outcome.pieces.append(RecordPiece(text: record.bytes[...], pointer: record.pointer)) }
        case .success(let document):
            // One locator for the record: what it learns of the text serves every conversation.
            let locator = RecordLocator(record)
            document.withRoot { root in
                if record.kind == .document {
                    outcome.closesDocument = true
                    outcome.envelope = DocumentShape.envelope(of: root, record: record)
                }
                let contents = DocumentShape.contents(of: root, record: record, spelling: fieldSpellings.spelling(of:))
                outcome.shapes = contents.shapes
                for item in contents.items {
                    switch item {
                    case .conversation(let json, let pointer, let spelling):
                        outcome.conversations += 1
                        let site = FindingSite(record: record, locator: locator, file: file, conversationPointer: pointer, conversationId: nil)
                        if spelling == .pythonSDK {
                            let (copy, renamed) = PythonSDKSpelling.apiCopy(of: json, fieldTypes: fieldTypes)
                            var sdkSite = site
                            sdkSite.spelling = .pythonSDK(renamed: renamed)
                            copy.withRoot { check($0, at: sdkSite, into: &outcome) }
                        } else {
                            check(json, at: site, into: &outcome)
                        }
                        if collectsRecords { outcome.pieces.append(locator.piece(at: pointer)) }
                    case .otherStream(let stream, let problem, let pointer):
                        let site = FindingSite(record: record, locator: locator, file: file, conversationPointer: pointer, conversationId: nil)
                        outcome.otherStreamRecords.append(.init(stream: stream, finding: finding(for: site.problem(problem.check, problem.message, at: pointer), file: file)))
                    case .problem(let problem, let pointer):
                        let site = FindingSite(record: record, locator: locator, file: file, conversationPointer: pointer, conversationId: nil)
                        add(site.problem(problem.check, problem.message, at: pointer), file: file, to: &outcome)
                        if problem.check.leavesRecordUnread {
                            outcome.unreadable += 1
                            if collectsRecords { outcome.pieces.append(locator.piece(at: pointer)) }
                        }
                    }
                }
            }
        }
        outcome.findings.sort { ($0.line, $0.column, $0.ruleId) < ($1.line, $1.column, $1.ruleId) }
        return outcome
    }

    /// Checks the elements of a one-line document jansson could not parse whole.
    private func reframe(_ record: FramedRecord, file: String) -> RecordOutcome {
        var combined = RecordOutcome()
        for item in DocumentShape.reframed(record, maxRecordBytes: maxRecordBytes, recordLimitName: recordLimitName) {
            switch item {
            case .problem(let problem):
                combined.unreadable += problem.check.leavesRecordUnread ? 1 : 0
                combined.findings += finding(for: problem, file: file).map { [$0] } ?? []
            case .record(let inner):
                let outcome = check(inner, file: file, mayReframe: false)
                combined.findings += outcome.findings
                combined.uniqueValues += outcome.uniqueValues
                combined.conversations += outcome.conversations
                combined.unreadable += outcome.unreadable
                combined.activities += outcome.activities
                combined.profiles += outcome.profiles
                combined.pieces += outcome.pieces
            case .documentEnd(let facts):
                combined.envelope = facts
            }
        }
        // The line was one document, whether or not its framing reached the end.
        combined.closesDocument = true
        return combined
    }

    /// Builds the model of one conversation, `json` in the API's spelling, and applies every
    /// rule to it; its findings go to `site` (whose conversation id is still to be read).
    private func check(_ json: JSONValue, at site: FindingSite, into outcome: inout RecordOutcome) {
        let budget = EvaluationBudget(limit: evaluationBudget)
        var builder = ModelBuilder(fieldTypes: fieldTypes, texts: texts)
        let conversation = builder.build(json, budget: budget)
        var site = site
        site.conversationId = conversation.conversationId
        let (record, locator, file, conversationPointer) = (site.record, site.locator, site.file, site.conversationPointer)
        for problem in builder.problems {
            add(site.problem(problem.check, problem.message, at: site.pointer(inside: problem.pointer)), file: file, to: &outcome)
        }
        // The rule at work when the budget ran out, if it did.
        var unfinished: String? = budget.isExhausted ? "linking agents to queue visits" : nil
        let evaluator = Evaluator(conversation: conversation, asOf: asOf, budget: budget)
        conditions: for (scope, rules) in conditionRules where unfinished == nil {
            for index in conversation.indices(of: scope) {
                let binding = Evaluator.Binding(scope: scope, index: index)
                for check in rules {
                    let fires = check.condition._withUnsafeGuaranteedRef { !evaluator.guardFails($0, at: binding) && evaluator.evaluate($0, at: binding).isTrue }
                    guard !budget.isExhausted else {
                        unfinished = activeRules[check.rule].rule.id
                        break conditions
                    }
                    guard fires else { continue }
                    outcome.findings.append(finding(of: check.rule, at: binding, evaluator: evaluator, site: site))
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
            add(site.problem(.tooComplex, message, at: conversationPointer), file: file, to: &outcome)
        }
        // Only a conversation inside a page can be compared with the page's dataAvailabilityDate;
        // one that is a whole record by itself (an NDJSON line) has no envelope.
        if readerRules[.afterDataAvailability] != nil, !(record.pointer.isEmpty && conversationPointer.isEmpty) {
            let segmentTimes = conversation.segments.flatMap { [$0.segmentStart, $0.segmentEnd] }.compactMap { $0 }
            if let latest = conversation.conversationEnd ?? (segmentTimes + [conversation.conversationStart].compactMap { $0 }).max() {
                let endsAtConversationEnd = conversation.conversationEnd != nil
                let pointer = site.pointer(inside: endsAtConversationEnd ? "/conversationEnd" : "")
                // Every conversation is placed, so a walk to its conversationEnd would cost more
                // than all the other locating: when the record has only the one, a search finds it.
                let position = (endsAtConversationEnd ? locator.positionOfOnlyMember(named: site.spelling.fileName("conversationEnd")) : nil) ?? locator.position(of: pointer)
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
            for index in conversation.indices(of: check.scope) {
                let binding = Evaluator.Binding(scope: check.scope, index: index)
                let value = check.key._withUnsafeGuaranteedRef { evaluator.evaluate($0, at: binding) }
                guard value != .null else { continue }
                let objectPointer = conversation.pointer(of: check.scope, at: index)
                let pointers = check.rules.map { site.pointer(inside: Self.pointer(at: activeRules[$0].rule.at, from: objectPointer)) }
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

    /// The finding of rule `ruleIndex` at `binding`, at the value its `at` names.
    private func finding(of ruleIndex: Int, at binding: Evaluator.Binding, evaluator: Evaluator, site: FindingSite) -> Finding {
        let active = activeRules[ruleIndex]
        let pointer = site.pointer(inside: Self.pointer(at: active.rule.at, from: evaluator.conversation.pointer(of: binding.scope, at: binding.index)))
        // Messages are compiled when a rule fires: most rules never do on most conversations.
        let message = active.rule.message.render(
            evaluate: { evaluator.evaluate(CompiledExpression($0, parameters: active.parameters, texts: texts), at: binding) },
            redact: redactsPersonalData
        )
        let position = site.locator.position(of: pointer)
        return Finding(
            ruleId: active.rule.id, severity: active.severity, message: message, file: site.file,
            line: position.line, column: position.column, pointer: site.record.pointer + pointer,
            conversationId: site.conversationId, conversationPointer: site.record.pointer + site.conversationPointer
        )
    }

    /// The pointer of the value a rule's `at` names, from the object at `objectPointer`.
    private static func pointer(at tokens: [String], from objectPointer: String) -> String {
        tokens.reduce(objectPointer) { pointer, token in JSONPointer.appending(token, to: pointer) }
    }

    /// Adds the finding of a reader problem, when its rule is in force.
    private func add(_ problem: ReadProblem, file: String, to outcome: inout RecordOutcome) {
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

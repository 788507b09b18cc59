import GenesysJSON

/// Where a conversation was read: what the patch log names as its source.
struct RecordSource: Sendable, Equatable {
    let file: String
    let line: Int
    let column: Int
    /// Pointer of the conversation in its document ("" for a whole NDJSON line).
    let pointer: String

    var json: String {
        JSONWriter.object([
            ("file", JSONWriter.quoted(file)), ("line", String(line)), ("column", String(column)), ("pointer", JSONWriter.quoted(pointer)),
        ])
    }
}

/// What one framed item holds, for `fix`: its conversations, each with where it was read, and
/// what of it cannot be carried over.
enum RepairWalkItem {
    case conversation(JSONValue, spelling: ExportShape, source: RecordSource)
    /// A reader finding about input that is not a conversation of the output (malformed JSON,
    /// not an export, too large, an envelope of the wrong type), with the text to quarantine
    /// when the record is unread.
    case notCarried(Finding?, piece: RecordPiece?, unread: Bool)
    /// A record of a Singer or Airbyte stream that carries no conversations.
    case otherStream(String, Finding?)
}

extension Linter {
    /// Walks the conversations of a framed item as `check` reads them (the same records, the
    /// same conversations, in the same order), handing each to `visit` while its document is
    /// parsed. Runs on any thread.
    func walkForRepair(_ item: FramedItem, file: String, mayReframe: Bool = true, visit: (RepairWalkItem) -> Void) {
        switch item {
        case .problem(let problem):
            visit(.notCarried(finding(for: problem, file: file), piece: nil, unread: problem.check.leavesRecordUnread))
        case .documentEnd:
            break
        case .record(let record):
            let parsed = record.bytes.withUnsafeBytes { JSONDocument.parse($0) }
            switch parsed {
            case .failure(let error):
                if mayReframe, record.kind == .document, let first = record.bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                    // As `check` does: the elements of a one-line document, when that saves any.
                    let inner = DocumentShape.reframed(record, maxRecordBytes: maxRecordBytes, recordLimitName: recordLimitName)
                    if inner.contains(where: { outcome(of: $0, file: file).conversations > 0 }) {
                        for item in inner { walkForRepair(item, file: file, mayReframe: false, visit: visit) }
                        return
                    }
                }
                visit(.notCarried(finding(for: DocumentShape.unparsable(record, error: error), file: file), piece: RecordPiece(text: record.bytes[...], pointer: record.pointer), unread: true))
            case .success(let document):
                let locator = RecordLocator(record)
                document.withRoot { root in
                    for item in DocumentShape.contents(of: root, record: record, spelling: fieldSpellings.spelling(of:)).items {
                        switch item {
                        case .conversation(let json, let pointer, let spelling):
                            let position = pointer.isEmpty ? record.position : locator.position(of: pointer)
                            let source = RecordSource(file: file, line: position.line, column: position.column, pointer: record.pointer + pointer)
                            visit(.conversation(json, spelling: spelling, source: source))
                        case .problem(let problem, let pointer):
                            let site = FindingSite(record: record, locator: locator, file: file, conversationPointer: pointer, conversationId: nil)
                            let unread = problem.check.leavesRecordUnread
                            visit(.notCarried(
                                finding(for: site.problem(problem.check, problem.message, at: pointer), file: file),
                                piece: unread ? locator.piece(at: pointer) : nil, unread: unread
                            ))
                        case .otherStream(let stream, let problem, let pointer):
                            let site = FindingSite(record: record, locator: locator, file: file, conversationPointer: pointer, conversationId: nil)
                            visit(.otherStream(stream, finding(for: site.problem(problem.check, problem.message, at: pointer), file: file)))
                        }
                    }
                }
            }
        }
    }
}

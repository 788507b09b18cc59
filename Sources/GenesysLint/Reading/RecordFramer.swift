import GenesysJSON

/// Cuts an input into records, one conversation (or one small document) at a time, whatever
/// its shape: a query-response or jobs-results envelope, a bare array, a single conversation,
/// concatenated documents, or NDJSON. The shape is read from the content, never the file name.
///
/// Only the record being cut is held in memory. The framer checks structure only as far as
/// framing needs; jansson checks each record's syntax when it is parsed.
public struct RecordFramer {
    private var window: InputWindow
    private let maxRecordBytes: Int
    /// How messages name the setting that sets `maxRecordBytes` (the command line names its option).
    private let recordLimitName: String
    private var cursor = 0
    /// Where the content begins: after a byte-order mark, if there is one.
    private var contentStart = 0
    private var mode = Mode.start
    private var pending: [FramedItem] = []

    /// Lines longer than this are not taken as evidence of NDJSON when probing.
    private static let probeLimit = 1 << 20

    private struct Members: Equatable {
        var objectStart: Int
        var objectPosition: TextPosition
        var count = 0
        var isEnvelope = false
        var oversized = false
        var facts = EnvelopeFacts()
    }

    private struct Elements: Equatable {
        var prefix: String
        var count = 0
        /// The envelope to go back to when the array closes; nil for a top-level array.
        var envelope: Members?
    }

    private enum Mode: Equatable {
        case start, lines, document, afterDocument, finished
        case members(Members)
        case elements(Elements)
    }

    /// How the input is laid out: decided from its first line, or known to be JSON documents.
    public enum Layout: Sendable {
        case automatic, document
    }

    private let layout: Layout

    public init(
        source: any ByteSource, maxRecordBytes: Int = 64 << 20, recordLimitName: String = Configuration.defaultRecordLimitName,
        chunkSize: Int = 1 << 20, layout: Layout = .automatic
    ) {
        window = InputWindow(source: source, chunkSize: chunkSize)
        self.maxRecordBytes = maxRecordBytes
        self.recordLimitName = recordLimitName
        self.layout = layout
    }

    /// The next record or problem; nil when the input is done.
    public mutating func next() throws(ReadError) -> FramedItem? {
        while pending.isEmpty {
            switch mode {
            case .finished: return nil
            case .start: try detectLayout()
            case .lines: try frameLine()
            case .document: try startDocument()
            case .afterDocument: mode = try skipWhitespace() == nil ? .finished : .document
            case .members(let members): try frameMember(members)
            case .elements(let elements): try frameElement(elements)
            }
        }
        return pending.removeFirst()
    }

    // MARK: Layout

    /// NDJSON when the first line holds exactly one complete value; a document otherwise.
    private mutating func detectLayout() throws(ReadError) {
        if try window.byte(at: 0) == 0xEF, try window.byte(at: 1) == 0xBB, try window.byte(at: 2) == 0xBF {
            cursor = 3
            contentStart = 3
            window.startText(at: 3)
        }
        guard try skipWhitespace() != nil else {
            report(.emptyInput, at: cursor, pointer: "")
            mode = .finished
            return
        }
        guard layout == .automatic else {
            mode = .document
            return
        }
        let lineStart = try lineStart(before: cursor)
        // A first line longer than a record may be is a one-line document: stream it.
        let probeLimit = min(Self.probeLimit, maxRecordBytes)
        let probe = try ValueScanner.scan(&window, from: cursor, stopAtNewline: true, probeLimit: probeLimit)
        if case .complete(let end) = probe, end - cursor <= probeLimit, try restOfLineIsBlank(from: end) {
            mode = .lines
        } else if try window.byte(at: cursor) == UInt8(ascii: "{"), case .newline = probe,
                  let second = try completeObjectLine(after: cursor, probeLimit: probeLimit),
                  try completeObjectLine(after: second, probeLimit: probeLimit) != nil {
            // A first line cut short, then two lines that are whole objects: NDJSON with a broken
            // first record. (One whole-object line could be the only element of an envelope
            // written one conversation per line; two in a row without a comma cannot.)
            mode = .lines
        } else {
            mode = .document
        }
        if mode == .lines { cursor = lineStart }
    }

    /// If the line after the one holding `offset` is one complete object, where it starts.
    private mutating func completeObjectLine(after offset: Int, probeLimit: Int) throws(ReadError) -> Int? {
        var position = offset
        while let byte = try window.byte(at: position), byte != UInt8(ascii: "\n") { position += 1 }
        position += 1
        while let byte = try window.byte(at: position), Self.isWhitespace(byte) { position += 1 }
        guard try window.byte(at: position) == UInt8(ascii: "{"),
              case .complete(let end) = try ValueScanner.scan(&window, from: position, stopAtNewline: true, probeLimit: probeLimit),
              try restOfLineIsBlank(from: end)
        else { return nil }
        return position
    }

    /// Where the line holding `offset` begins (only leading whitespace can precede it here).
    private mutating func lineStart(before offset: Int) throws(ReadError) -> Int {
        var start = offset
        // Never back over a byte-order mark: it is not part of the first line's record.
        while start > contentStart, let byte = try window.byte(at: start - 1), byte != UInt8(ascii: "\n") {
            start -= 1
        }
        return start
    }

    private mutating func restOfLineIsBlank(from offset: Int) throws(ReadError) -> Bool {
        var position = offset
        while let byte = try window.byte(at: position) {
            switch byte {
            case UInt8(ascii: "\n"): return true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): position += 1
            default: return false
            }
        }
        return true
    }

    // MARK: NDJSON

    private mutating func frameLine() throws(ReadError) {
        let start = cursor
        guard try window.byte(at: start) != nil else {
            mode = .finished
            return
        }
        let startPosition = window.position(at: start)
        var end = start
        var oversized = false
        // Find the line break, releasing the bytes of a line too long to keep.
        while let (hasBreak, length) = try window.withBufferedBytes(from: end, { chunk in
            chunk.firstIndex(of: UInt8(ascii: "\n")).map { (true, $0) } ?? (false, chunk.count)
        }) {
            end += length
            if end - start > maxRecordBytes {
                oversized = true
                window.releasedUpTo = end
            }
            if hasBreak { break }
        }
        cursor = end + 1
        if oversized {
            report(tooLarge(.line, bytes: end - start), position: startPosition, pointer: "")
        } else {
            var lower = start
            var upper = end
            while lower < upper, Self.isWhitespace(window.buffer[lower - window.base]) { lower += 1 }
            while upper > lower, Self.isWhitespace(window.buffer[upper - 1 - window.base]) { upper -= 1 }
            if lower < upper {
                emitRecord(.document, lower..<upper, pointer: "")
            }
        }
        window.releasedUpTo = min(cursor, window.end)
    }

    // MARK: Documents

    private mutating func startDocument() throws(ReadError) {
        guard let byte = try skipWhitespace() else {
            mode = .finished
            return
        }
        switch byte {
        case UInt8(ascii: "{"):
            mode = .members(Members(objectStart: cursor, objectPosition: window.position(at: cursor)))
            window.releasedUpTo = cursor
            cursor += 1
        case UInt8(ascii: "["):
            mode = .elements(Elements(prefix: ""))
            cursor += 1
            window.releasedUpTo = cursor
        default:
            let start = cursor
            guard Self.startsValue(byte) else {
                report(.notJSON(firstByte: byte), at: start, pointer: "")
                mode = .finished
                return
            }
            guard case .complete(let end) = try ValueScanner.scan(&window, from: start, sizeLimit: maxRecordBytes) else {
                return stopTruncated(inside: "a value", pointer: "")
            }
            report(.documentNotAnExport(valueDescribed: ShapeProblem.describeValue(startingWith: byte)), at: start, pointer: "")
            consume(upTo: end)
            mode = .afterDocument
        }
    }

    /// One member of a top-level object. Until a `conversations` array shows the object is an
    /// envelope, the whole object is kept: it may be a single conversation.
    private mutating func frameMember(_ state: Members) throws(ReadError) {
        var state = state
        guard var byte = try skipWhitespace() else {
            return stopTruncated(inside: "the top-level object", pointer: "")
        }
        if byte == UInt8(ascii: "}") {
            cursor += 1
            return finishObject(state)
        }
        if state.count > 0 {
            guard byte == UInt8(ascii: ",") else { return try recoverFromBrokenObject(state) }
            cursor += 1
            guard let next = try skipWhitespace() else {
                return stopTruncated(inside: "the top-level object", pointer: "")
            }
            byte = next
        }
        guard byte == UInt8(ascii: "\""), case .complete(let keyEnd) = try ValueScanner.scan(&window, from: cursor) else {
            return try recoverFromBrokenObject(state)
        }
        let key = Self.decodeKey(window.bytes(cursor..<keyEnd))
        cursor = keyEnd
        guard try skipWhitespace() == UInt8(ascii: ":") else { return try recoverFromBrokenObject(state) }
        cursor += 1
        guard let valueByte = try skipWhitespace() else {
            return stopTruncated(inside: "the top-level object", pointer: "")
        }
        state.count += 1
        if key == "conversations" && valueByte == UInt8(ascii: "[") {
            state.isEnvelope = true
            cursor += 1
            window.releasedUpTo = cursor
            mode = .elements(Elements(prefix: "/conversations", envelope: state))
            return
        }
        let valueStart = cursor
        // In an envelope each member is judged alone; in what may be a single conversation,
        // the whole object counts against the limit.
        let sizeLimit = state.isEnvelope ? maxRecordBytes : max(0, maxRecordBytes - (valueStart - state.objectStart))
        switch try ValueScanner.scan(&window, from: valueStart, sizeLimit: sizeLimit) {
        case .complete(let end):
            cursor = end
        case .tooLarge(let end):
            cursor = end
            if !state.isEnvelope { state.oversized = true }
        case .truncated, .newline, .undecided:
            return stopTruncated(inside: "the value of \"\(key)\"", pointer: "")
        }
        if EnvelopeFacts.key(spelt: key) != nil, cursor - valueStart < 1024,
           case .success(let value) = JSONDocument.parse(Array(window.bytes(valueStart..<cursor))) {
            let position = window.position(at: valueStart)
            value.withRoot { state.facts.read(key, $0, position: position) }
        }
        if key == "conversations" {
            state.isEnvelope = true
            report(.conversationsNotAnArray(valueDescribed: ShapeProblem.describeValue(startingWith: valueByte)), at: valueStart, pointer: "/conversations")
        }
        if state.isEnvelope {
            window.releasedUpTo = cursor
        } else if cursor - state.objectStart > maxRecordBytes {
            state.oversized = true
            window.releasedUpTo = cursor
        }
        mode = .members(state)
    }

    private mutating func finishObject(_ state: Members) {
        if state.isEnvelope {
            pending.append(.documentEnd(state.facts))
        } else {
            if state.oversized {
                report(tooLarge(.conversation, bytes: cursor - state.objectStart), position: state.objectPosition, pointer: "")
            } else {
                emitRecord(.document, state.objectStart..<cursor, pointer: "")
            }
        }
        window.releasedUpTo = cursor
        mode = .afterDocument
    }

    /// The object's syntax broke somewhere framing cannot get past. A single conversation goes
    /// to jansson whole, which names the exact error; in an envelope, reading stops here.
    private mutating func recoverFromBrokenObject(_ state: Members) throws(ReadError) {
        if !state.isEnvelope && !state.oversized {
            cursor = state.objectStart
            return try frameBrokenDocument()
        }
        report(.brokenTopLevelObject, at: cursor, pointer: "")
        mode = .finished
    }

    /// Hands the object starting at the cursor to jansson whole, so its error is named exactly.
    private mutating func frameBrokenDocument() throws(ReadError) {
        let start = cursor
        let startPosition = window.position(at: start)
        switch try ValueScanner.scan(&window, from: start, sizeLimit: maxRecordBytes) {
        case .complete(let end):
            emitRecord(.document, start..<end, pointer: "")
            consume(upTo: end)
            mode = .afterDocument
        case .truncated, .newline, .undecided:
            // The scan read to the end of the input, so it is all in the window.
            emitRecord(.document, start..<window.end, pointer: "")
            mode = .finished
        case .tooLarge(let end):
            report(tooLarge(.document, bytes: end - start), position: startPosition, pointer: "")
            consume(upTo: end)
            mode = .afterDocument
        }
    }

    // MARK: Arrays of conversations

    private mutating func frameElement(_ state: Elements) throws(ReadError) {
        var state = state
        let container = ShapeProblem.Container(pointerPrefix: state.prefix)
        let described = container.described
        guard var byte = try skipWhitespace() else {
            return stopTruncated(inside: "\(described) after \(state.count) element(s)", pointer: state.prefix)
        }
        if byte == UInt8(ascii: "]") {
            cursor += 1
            window.releasedUpTo = cursor
            if var envelope = state.envelope {
                envelope.facts.conversationCount = state.count
                mode = .members(envelope)
            } else {
                pending.append(.documentEnd(nil))
                mode = .afterDocument
            }
            return
        }
        if state.count > 0 {
            if byte == UInt8(ascii: ",") {
                cursor += 1
                guard let next = try skipWhitespace() else {
                    return stopTruncated(inside: "\(described) after \(state.count) element(s)", pointer: state.prefix)
                }
                byte = next
            } else {
                report(.missingSeparator(afterElement: state.count - 1, of: container), at: cursor, pointer: "\(state.prefix)/\(state.count)")
                // A missing comma between two objects is the common slip: read on.
                guard byte == UInt8(ascii: "{") else {
                    mode = .finished
                    return
                }
            }
        }
        guard Self.startsValue(byte) else {
            report(.unexpectedByte(byte, in: container, whereElement: state.count), at: cursor, pointer: "\(state.prefix)/\(state.count)")
            mode = .finished
            return
        }
        let start = cursor
        // Taken before scanning: an oversized element is released while it is scanned.
        let startPosition = window.position(at: start)
        let pointer = "\(state.prefix)/\(state.count)"
        switch try ValueScanner.scan(&window, from: start, sizeLimit: maxRecordBytes) {
        case .complete(let end):
            if byte == UInt8(ascii: "{") {
                emitRecord(.conversation, start..<end, pointer: pointer)
            } else {
                report(.elementNotAnObject(index: state.count, of: container, valueDescribed: ShapeProblem.describeValue(startingWith: byte)), at: start, pointer: pointer)
            }
            cursor = end
        case .tooLarge(let end):
            report(tooLarge(.element(state.count, of: container), bytes: end - start), position: startPosition, pointer: pointer)
            cursor = end
        case .truncated, .newline, .undecided:
            return stopTruncated(inside: "element \(state.count) of \(described)", pointer: pointer)
        }
        window.releasedUpTo = cursor
        state.count += 1
        mode = .elements(state)
    }

    // MARK: Helpers

    /// Moves the cursor past consumed bytes and lets the window drop them.
    private mutating func consume(upTo end: Int) {
        cursor = end
        window.releasedUpTo = cursor
    }

    /// Reports that the input stops inside `place`, and stops framing.
    private mutating func stopTruncated(inside place: String, pointer: String) {
        report(.truncated(inside: place), at: window.end, pointer: pointer)
        mode = .finished
    }

    /// Skips whitespace; returns the next byte (not consumed) or nil at the end.
    private mutating func skipWhitespace() throws(ReadError) -> UInt8? {
        while let byte = try window.byte(at: cursor) {
            guard Self.isWhitespace(byte) else { return byte }
            cursor += 1
        }
        return nil
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }

    private mutating func emitRecord(_ kind: FramedRecord.Kind, _ range: Range<Int>, pointer: String) {
        let position = window.position(at: range.lowerBound)
        pending.append(.record(FramedRecord(kind: kind, bytes: Array(window.bytes(range)), offset: range.lowerBound, position: position, pointer: pointer)))
    }

    private mutating func report(_ problem: ShapeProblem, at offset: Int, pointer: String) {
        report(problem, position: window.position(at: offset), pointer: pointer)
    }

    private mutating func report(_ problem: ShapeProblem, position: TextPosition, pointer: String) {
        pending.append(.problem(ReadProblem(check: problem.check, message: problem.message, position: position, pointer: pointer)))
    }

    private func tooLarge(_ piece: ShapeProblem.Piece, bytes: Int) -> ShapeProblem {
        .tooLarge(piece, bytes: bytes, limit: maxRecordBytes, limitName: recordLimitName)
    }

    /// A key as text; escapes are rare in keys, so jansson decodes only those that have one.
    private static func decodeKey(_ quoted: ArraySlice<UInt8>) -> String {
        guard quoted.count >= 2 else { return "" }
        let inner = quoted.dropFirst().dropLast()
        guard inner.contains(UInt8(ascii: "\\")) else { return String(decoding: inner, as: UTF8.self) }
        return JSONText.decodeString(Array(quoted)) ?? String(decoding: inner, as: UTF8.self)
    }

    /// Whether a JSON value can begin with this byte.
    static func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"),
             UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            false
        }
    }

}

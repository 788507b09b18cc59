/// The conversations of a document whose envelope has not been read yet, with when each was
/// last active: GDQ506 compares them with the page's `dataAvailabilityDate`, which usually
/// comes after the conversations. A single query response can hold millions of them, so each
/// is kept in a few dozen bytes: fixed fields in one array, the texts in one shared buffer.
struct ActivityLog {
    private struct Entry {
        let latest: Int64
        let line: Int32
        let column: Int32
        /// Where the entry's texts start in `text`: pointer, conversation pointer unless it
        /// begins the pointer (as it does: the pointer is at or inside the conversation), id.
        let textStart: Int
        let pointerLength: Int32
        let conversationPointerLength: Int32
        let conversationPointerIsPrefix: Bool
        /// -1 when the conversation has no id.
        let idLength: Int32
    }

    private var entries: [Entry] = []
    private var text: [UInt8] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func append(_ activity: RecordOutcome.Activity) {
        let place = activity.place
        let start = text.count
        let isPrefix = place.pointer.utf8.starts(with: place.conversationPointer.utf8)
        text += place.pointer.utf8
        if !isPrefix { text += place.conversationPointer.utf8 }
        if let id = place.conversationId { text += id.utf8 }
        entries.append(Entry(
            latest: activity.latest, line: Int32(clamping: place.position.line), column: Int32(clamping: place.position.column),
            textStart: start, pointerLength: Int32(place.pointer.utf8.count),
            conversationPointerLength: Int32(place.conversationPointer.utf8.count), conversationPointerIsPrefix: isPrefix,
            idLength: place.conversationId.map { Int32($0.utf8.count) } ?? -1
        ))
    }

    mutating func removeAll() {
        entries.removeAll()
        text.removeAll()
    }

    /// The activities later than `date`, in the order they were added.
    func activities(after date: Int64) -> [RecordOutcome.Activity] {
        entries.filter { $0.latest > date }.map { entry in
            var offset = entry.textStart
            func take(_ length: Int32) -> String {
                defer { offset += Int(length) }
                return String(decoding: text[offset..<offset + Int(length)], as: UTF8.self)
            }
            let pointer = take(entry.pointerLength)
            let conversationPointer = entry.conversationPointerIsPrefix
                ? String(pointer.utf8.prefix(Int(entry.conversationPointerLength))) ?? ""
                : take(entry.conversationPointerLength)
            let id = entry.idLength >= 0 ? take(entry.idLength) : nil
            return RecordOutcome.Activity(latest: entry.latest, place: ReadProblem(
                check: .afterDataAvailability, message: "", position: TextPosition(line: Int(entry.line), column: Int(entry.column)),
                pointer: pointer, conversationId: id, conversationPointer: conversationPointer
            ))
        }
    }
}

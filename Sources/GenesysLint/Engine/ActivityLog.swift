/// The conversations of a document whose envelope has not been read yet, with when each was
/// last active: GDQ506 compares them with the page's `dataAvailabilityDate`, which usually
/// comes after the conversations. A single query response can hold millions of them, so each
/// is packed into 40 bytes in the usual case:
/// - its pointer as an element index: the pointer of the array the conversations are in is
///   kept once for the document, and the only pointers inside a conversation an activity has
///   are the conversation's own or its `conversationEnd`;
/// - its id, a lowercase UUID, as its 128 bits.
/// Any other activity is kept as it came, aside. Entries live in fixed-size blocks, so the log
/// never copies itself to grow, nor holds room for twice what it keeps.
struct ActivityLog {
    private struct Entry {
        let latest: Int64
        /// The id's bits when `shape` has `.uuidId`; with `.textId`, `idHigh` indexes `idTexts`.
        let idHigh: UInt64
        let idLow: UInt64
        let line: Int32
        let column: Int32
        /// The conversation's index in the array at `arrayPointer`; with `.asItCame`, the
        /// activity's index in `keptAsTheyCame`.
        let element: UInt32
        let shape: Shape
    }

    private struct Shape: OptionSet {
        let rawValue: UInt8
        /// The pointer is the conversation's `/conversationEnd` (otherwise the conversation's own).
        static let atConversationEnd = Shape(rawValue: 1 << 0)
        static let uuidId = Shape(rawValue: 1 << 1)
        static let textId = Shape(rawValue: 1 << 2)
        /// The pointers have another form: the whole activity is in `keptAsTheyCame`.
        static let asItCame = Shape(rawValue: 1 << 3)
    }

    /// Entries per block: blocks of about 160 KB.
    static let blockSize = 4096
    /// What one activity of the usual form costs.
    static let bytesPerEntry = MemoryLayout<Entry>.stride
    private var blocks: [[Entry]] = []
    /// The UTF-8 of the pointer of the array the document's conversations are in (empty for a
    /// top-level array), set by the first activity.
    private var arrayPointer: [UInt8]?
    private var idTexts: [String] = []
    private var keptAsTheyCame: [RecordOutcome.Activity] = []

    private static let conversationEndSuffix = Array("/conversationEnd".utf8)

    var isEmpty: Bool { blocks.isEmpty }

    mutating func append(_ activity: RecordOutcome.Activity) {
        let place = activity.place
        var shape: Shape = []
        let element: UInt32
        if let packed = packedPointer(place.pointer, conversation: place.conversationPointer) {
            element = packed.element
            if packed.atConversationEnd { shape.insert(.atConversationEnd) }
        } else {
            shape.insert(.asItCame)
            element = UInt32(keptAsTheyCame.count)
            keptAsTheyCame.append(activity)
        }
        var idHigh: UInt64 = 0, idLow: UInt64 = 0
        if !shape.contains(.asItCame), let id = place.conversationId {
            if let bits = UUIDBits(id) {
                (idHigh, idLow) = (bits.high, bits.low)
                shape.insert(.uuidId)
            } else {
                idHigh = UInt64(idTexts.count)
                idTexts.append(id)
                shape.insert(.textId)
            }
        }
        let entry = Entry(
            latest: activity.latest, idHigh: idHigh, idLow: idLow,
            line: Int32(clamping: place.position.line), column: Int32(clamping: place.position.column),
            element: element, shape: shape
        )
        if blocks.isEmpty || blocks[blocks.count - 1].count == Self.blockSize {
            var block: [Entry] = []
            block.reserveCapacity(Self.blockSize)
            blocks.append(block)
        }
        blocks[blocks.count - 1].append(entry)
    }

    mutating func removeAll() {
        blocks.removeAll()
        arrayPointer = nil
        idTexts.removeAll()
        keptAsTheyCame.removeAll()
    }

    /// The activities later than `date`, in the order they were added.
    func activities(after date: Int64) -> [RecordOutcome.Activity] {
        let array = String(decoding: arrayPointer ?? [], as: UTF8.self)
        return blocks.joined().filter { $0.latest > date }.map { activity(of: $0, array: array) }
    }

    private func activity(of entry: Entry, array: String) -> RecordOutcome.Activity {
        if entry.shape.contains(.asItCame) { return keptAsTheyCame[Int(entry.element)] }
        let conversationPointer = array + "/" + String(entry.element)
        let id: String? =
            if entry.shape.contains(.uuidId) { UUIDBits(high: entry.idHigh, low: entry.idLow).text }
            else if entry.shape.contains(.textId) { idTexts[Int(entry.idHigh)] }
            else { nil }
        return RecordOutcome.Activity(latest: entry.latest, place: ReadProblem(
            check: .afterDataAvailability, message: "",
            position: TextPosition(line: Int(entry.line), column: Int(entry.column)),
            pointer: conversationPointer + (entry.shape.contains(.atConversationEnd) ? "/conversationEnd" : ""),
            conversationId: id, conversationPointer: conversationPointer
        ))
    }

    /// The conversation's index in the document's array, and whether `pointer` is its
    /// `conversationEnd` (otherwise the conversation itself); nil when the pointers have another
    /// form. The first conversation names the document's array.
    private mutating func packedPointer(_ pointer: String, conversation: String) -> (element: UInt32, atConversationEnd: Bool)? {
        Self.withBytes(conversation) { conversation in
            Self.withBytes(pointer) { pointer in
                guard let slash = conversation.lastIndex(of: UInt8(ascii: "/")),
                      let element = Self.element(conversation[(slash + 1)...]),
                      pointer.starts(with: conversation)
                else { return nil }
                let atConversationEnd: Bool
                switch pointer.count - conversation.count {
                case 0: atConversationEnd = false
                case Self.conversationEndSuffix.count where pointer[conversation.count...].elementsEqual(Self.conversationEndSuffix): atConversationEnd = true
                default: return nil
                }
                let array = conversation[..<slash]
                if let arrayPointer {
                    guard array.elementsEqual(arrayPointer) else { return nil }
                } else {
                    arrayPointer = Array(array)
                }
                return (element, atConversationEnd)
            }
        }
    }

    /// An array index written as `String(index)` writes it (so that writing it gives the same text).
    private static func element(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> UInt32? {
        guard let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1 else { return nil }
        var value: UInt32 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowedAgain) = times10.addingReportingOverflow(UInt32(digit - UInt8(ascii: "0")))
            guard !overflowed, !overflowedAgain else { return nil }
            value = sum
        }
        return value
    }

    /// `body` given the UTF-8 of `text` in place: much cheaper than walking a string's UTF-8 view.
    private static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
    }
}

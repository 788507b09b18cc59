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

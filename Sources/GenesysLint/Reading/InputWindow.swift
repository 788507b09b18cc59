/// A sliding window over an input: the framer reads through it by absolute byte offset, and
/// bytes it no longer needs are dropped, so memory stays bounded by the largest record rather
/// than the input size.
struct InputWindow {
    private var source: any ByteSource
    private(set) var buffer: [UInt8] = []
    /// Absolute offset of `buffer[0]`.
    private(set) var base = 0
    private(set) var reachedEnd = false
    /// Bytes before this absolute offset may be dropped.
    var releasedUpTo = 0

    /// A read that failed after bytes arrived in the same fill: thrown by the next fill, so
    /// the records in those bytes are framed and checked first.
    private var pendingFailure: ReadError?

    private var basePosition = TextPosition.start
    private var lastQuery = (offset: 0, position: TextPosition.start)
    private let chunkSize: Int

    init(source: any ByteSource, chunkSize: Int = 1 << 20) {
        self.source = source
        self.chunkSize = chunkSize
    }

    /// Where line 1, column 1 is: after a byte-order mark, if there is one.
    private var textStart = (offset: 0, position: TextPosition.start)

    /// Makes `offset` the first column of line 1: a byte-order mark before it is not text.
    mutating func startText(at offset: Int) {
        textStart = (offset, .start)
        lastQuery = textStart
    }

    /// The nearest place before `offset` whose position is known, to count from: the last
    /// one asked for, else the start of the text or of the window, never the mark before it.
    private func countingStart(for offset: Int) -> (offset: Int, position: TextPosition) {
        if lastQuery.offset <= offset, lastQuery.offset >= base { return lastQuery }
        if textStart.offset <= offset, textStart.offset >= base { return textStart }
        return (base, basePosition)
    }

    /// Absolute offset one past the last byte read so far.
    var end: Int { base + buffer.count }

    /// Reads another chunk; false when the input is exhausted.
    mutating func fill() throws(ReadError) -> Bool {
        if let pendingFailure { throw pendingFailure }
        guard !reachedEnd else { return false }
        compact()
        var readCount = 0
        var failure: ReadError?
        // Read straight into the array's new tail; only the bytes read are kept.
        withUnsafeTemporaryAllocation(byteCount: min(chunkSize, 1 << 16), alignment: 1) { scratch in
            while readCount < chunkSize {
                let count: Int
                do throws(ReadError) {
                    count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<min(scratch.count, chunkSize - readCount)]))
                } catch {
                    failure = error
                    return
                }
                if count == 0 { return }
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
                readCount += count
                // A pipe delivers what it has; hand that on rather than wait for a full chunk.
                if count < scratch.count { return }
            }
        }
        if let failure {
            guard readCount > 0 else { throw failure }
            pendingFailure = failure
        }
        if readCount == 0 { reachedEnd = true }
        return readCount > 0
    }

    /// Makes sure the byte at `offset` is in the buffer; false when the input ends before it.
    mutating func ensure(_ offset: Int) throws(ReadError) -> Bool {
        while offset >= end {
            guard try fill() else { return false }
        }
        return true
    }

    /// The byte at an absolute offset, or nil past the end of the input.
    mutating func byte(at offset: Int) throws(ReadError) -> UInt8? {
        // Released bytes are gone; the framer never asks for them, and if it did, reading
        // nothing is safer than reading out of bounds.
        guard offset >= base, try ensure(offset) else { return nil }
        return buffer[offset - base]
    }

    /// The bytes of `range` that are still in the window (all of them, as the framer uses it).
    func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
        let lower = min(max(range.lowerBound, base), end)
        let upper = min(max(range.upperBound, lower), end)
        return buffer[(lower - base)..<(upper - base)]
    }

    /// Calls `body` with the buffered bytes from `offset` on (reading more first if none are
    /// buffered); returns nil at the end of the input, else what `body` returns.
    mutating func withBufferedBytes<T>(from offset: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) throws(ReadError) -> T? {
        guard offset >= base, try ensure(offset) else { return nil }
        return buffer.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[(offset - base)...]))
        }
    }

    /// Line and column of an absolute offset. Offsets already dropped from the window cannot
    /// be counted to; they get the position of the window's start (callers ask before releasing).
    mutating func position(at offset: Int) -> TextPosition {
        guard offset >= base else { return basePosition }
        let from = countingStart(for: offset)
        let position = from.position.advanced(over: bytes(from.offset..<min(offset, end)))
        lastQuery = (offset, position)
        return position
    }

    /// Drops released bytes once they make up a good part of the buffer.
    private mutating func compact() {
        let droppable = releasedUpTo - base
        guard droppable > 0, droppable >= buffer.count / 2 || droppable >= chunkSize else { return }
        let from = countingStart(for: releasedUpTo)
        basePosition = from.position.advanced(over: bytes(from.offset..<releasedUpTo))
        buffer.removeFirst(droppable)
        base = releasedUpTo
        lastQuery = (base, basePosition)
    }
}

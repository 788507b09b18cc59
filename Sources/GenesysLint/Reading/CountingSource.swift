/// How many bytes a run has read from its inputs so far, as stored (for a gzip file, the
/// compressed bytes), which is what a progress display compares with the inputs' sizes.
/// Used on the reading thread only.
final class ByteCounter {
    private(set) var count = 0

    func add(_ bytes: Int) {
        count += bytes
    }
}

/// Passes another source's bytes through, counting them.
struct CountingSource: ByteSource {
    private var base: any ByteSource
    private let counter: ByteCounter

    init(_ base: any ByteSource, into counter: ByteCounter) {
        self.base = base
        self.counter = counter
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        let count = try base.read(into: buffer)
        counter.add(count)
        return count
    }
}

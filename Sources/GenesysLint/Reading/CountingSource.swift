import Synchronization

/// How many bytes a run has read from its inputs so far, as stored (for a gzip file, the
/// compressed bytes), which is what a progress display compares with the inputs' sizes.
/// Atomic, because with several jobs the input is read on a framing thread of its own while
/// the progress display reads the count on the run's thread.
final class ByteCounter: Sendable {
    private let total = Atomic<Int>(0)

    var count: Int { total.load(ordering: .relaxed) }

    func add(_ bytes: Int) {
        total.add(bytes, ordering: .relaxed)
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

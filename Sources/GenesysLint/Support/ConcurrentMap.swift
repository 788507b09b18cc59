import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `transform` applied to every element on up to `jobs` threads; results in element order,
    /// whatever order the elements were worked on.
    func concurrentMap<Transformed: Sendable>(jobs: Int, _ transform: @Sendable (Element) -> Transformed) -> [Transformed] {
        guard jobs > 1, count > 1 else { return map(transform) }
        let results = ResultSlots<Transformed>(count: count)
        // Each thread takes the next element as it finishes one, so uneven elements balance out.
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: Swift.min(jobs, count)) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                results.store(transform(self[index]), at: index)
            }
        }
        return results.values()
    }
}

/// One slot per result, each written by exactly one worker before `values()` reads them all.
/// That discipline, kept by `concurrentMap`, is why unchecked sendability is safe; the slots
/// are raw memory so concurrent writes to different slots are not exclusive accesses.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }

    func store(_ value: Value, at index: Int) {
        slots[index] = value
    }

    func values() -> [Value] {
        slots.compactMap { $0 }
    }
}

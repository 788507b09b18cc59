/// The file being replayed, named when a promise breaks (nil under libFuzzer, which keeps
/// the input itself). Set only by the replaying command's one thread.
nonisolated(unsafe) var replayedFile: String?

/// Stops the run: a promise of the tool does not hold for this input. libFuzzer keeps the
/// input as a crasher; the message says which promise broke.
func brokenPromise(_ message: String) -> Never {
    fatalError("broken promise: \(message)" + (replayedFile.map { " (input \($0))" } ?? ""))
}

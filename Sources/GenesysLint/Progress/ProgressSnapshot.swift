/// How far a run has got: what `LintRun.progress` is told after each batch of records.
public struct ProgressSnapshot: Sendable, Equatable {
    /// Bytes read from the inputs as stored: for a gzip file, compressed bytes, so that they
    /// compare with the file sizes.
    public var bytesRead: Int
    /// Conversations checked so far.
    public var conversations: Int

    public init(bytesRead: Int, conversations: Int) {
        self.bytesRead = bytesRead
        self.conversations = conversations
    }
}

/// How a run ends, as its exit code: defined once, for the command that exits with it and for
/// the reports that record it (SARIF's invocation).
public enum ExitStatus: Int32, Sendable {
    /// No finding at or above the fail level.
    case passed = 0
    /// Findings at or above the fail level (from rules without a threshold, or whose threshold
    /// was crossed, and not in the baseline).
    case failed = 1
    /// The tool could not do its job: bad usage, an input it could not read, an output it could
    /// not write.
    case trouble = 2
    /// 128 + SIGPIPE: what a command killed by a closed pipe reports, so shells treat it alike.
    case brokenPipe = 141

    /// The end of a finished run: trouble when an input could not be read, else whether its
    /// findings fail it. A partial run (`check --partial`) leaves the findings to the merge.
    public init(_ summary: Summary, inputErrors: Bool, judgesFindings: Bool = true) {
        if inputErrors {
            self = .trouble
        } else {
            self = judgesFindings && summary.failed ? .failed : .passed
        }
    }
}

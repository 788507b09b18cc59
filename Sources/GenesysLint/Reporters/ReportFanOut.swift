/// Sends one run's results everywhere they were asked for: each report format to its
/// destination, the findings to a new baseline, each conversation to the quarantine or the
/// clean file, and its profile to the tally of a run history. This is the run's `LintSink`.
public struct ReportFanOut: LintSink {
    /// A reporter and where its report goes.
    public struct Destination {
        public var reporter: any Reporter
        public let output: ReportOutput

        public init(reporter: any Reporter, output: ReportOutput) {
            self.reporter = reporter
            self.output = output
        }
    }

    private var destinations: [Destination]
    private let wantsProfiles: Bool
    /// Findings kept for `--write-baseline`.
    private var baselineFindings: [Finding]?
    private let quarantine: ReportOutput?
    private let clean: ReportOutput?
    private let splitLevel: FailLevel
    public private(set) var quarantined = 0
    public private(set) var cleanRecords = 0
    /// What a run history records beyond the summary (for `--history`, and partial reports).
    public private(set) var tally: RunTally?

    public init(destinations: [Destination], collectsBaseline: Bool = false, quarantine: ReportOutput? = nil, clean: ReportOutput? = nil, splitLevel: FailLevel = .error, tally: RunTally? = nil) {
        self.destinations = destinations
        self.tally = tally
        wantsProfiles = tally != nil || destinations.contains { $0.reporter.wantsProfiles }
        baselineFindings = collectsBaseline ? [] : nil
        self.quarantine = quarantine
        self.clean = clean
        self.splitLevel = splitLevel
    }

    /// Whether some reporter wants conversation profiles (set `Linter.collectsProfiles`).
    public var needsProfiles: Bool { wantsProfiles }
    /// Whether records are split (set `Linter.collectsRecords`).
    public var needsRecords: Bool { quarantine != nil || clean != nil }

    public mutating func start(_ context: ReportContext) {
        forEachReporter { reporter, output in reporter.start(context, into: &output) }
    }

    public mutating func report(_ finding: Finding) {
        baselineFindings?.append(finding)
        forEachReporter { reporter, output in reporter.add(finding, into: &output) }
    }

    public mutating func suppressed(_ finding: Finding) {
        baselineFindings?.append(finding)
    }

    public mutating func checked(_ profile: ConversationProfile) {
        tally?.add(profile)
        forEachReporter { reporter, output in
            if reporter.wantsProfiles { reporter.add(profile, into: &output) }
        }
    }

    public mutating func read(_ piece: RecordPiece, worst: Severity?) {
        let flagged = worst.map(splitLevel.isFailure) ?? false
        if flagged { quarantined += 1 } else { cleanRecords += 1 }
        guard let output = flagged ? quarantine : clean else { return }
        output.write(bytes: piece.line)
        output.write("\n")
    }

    public mutating func finish(_ summary: Summary) {
        forEachReporter { reporter, output in reporter.finish(summary, into: &output) }
    }

    private mutating func forEachReporter(_ body: (inout any Reporter, inout ReportOutput) -> Void) {
        for index in destinations.indices {
            var output = destinations[index].output
            body(&destinations[index].reporter, &output)
        }
    }

    /// Every report's reader has gone (`| head`) and no file is being written (a run history
    /// is one: it records only whole runs).
    public var isFinished: Bool {
        !needsRecords && baselineFindings == nil && tally == nil && !destinations.isEmpty && destinations.allSatisfy { $0.output.isBrokenPipe }
    }

    /// The new baseline's text, when one is being written.
    public var baselineDocument: String? {
        baselineFindings.map(Baseline.document(of:))
    }

    /// Every output this run writes, to commit (or discard) together.
    public var outputs: [ReportOutput] {
        destinations.map(\.output) + [quarantine, clean].compactMap { $0 }
    }
}

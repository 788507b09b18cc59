import GenesysLint

/// What a run delivers to its sink, in order.
enum RunEvent {
    case finding(Finding)
    case profile(ConversationProfile)
    /// A conversation's or an unreadable record's text, for `--clean` and `--quarantine`.
    case piece(RecordPiece, worst: Severity?)
}

/// Keeps everything a run delivers, so that promises can be checked on it afterwards and
/// reports drawn from it only for the inputs that ask for them.
struct RecordingSink: LintSink {
    var events: [RunEvent] = []

    mutating func report(_ finding: Finding) {
        events.append(.finding(finding))
    }

    mutating func checked(_ profile: ConversationProfile) {
        events.append(.profile(profile))
    }

    mutating func read(_ piece: RecordPiece, worst: Severity?) {
        events.append(.piece(piece, worst: worst))
    }
}

/// One run of the linter over in-memory inputs, with what it delivered.
struct RecordedRun {
    let result: LintRun.Result
    let events: [RunEvent]

    init(linter: Linter, jobs: Int, inputs: [(name: String, bytes: [UInt8])]) {
        var sink = RecordingSink()
        result = LintRun(linter: linter, jobs: jobs).run(texts: inputs, into: &sink)
        events = sink.events
    }

    var findings: [Finding] { Self.findings(of: events) }

    static func findings(of events: [RunEvent]) -> [Finding] {
        events.compactMap { event in
            if case .finding(let finding) = event { finding } else { nil }
        }
    }

    var pieces: [(piece: RecordPiece, worst: Severity?)] {
        events.compactMap { event in
            if case .piece(let piece, let worst) = event { (piece, worst) } else { nil }
        }
    }

    /// The reports the CLI would write for this run, one per format (none for no format).
    func reports(_ formats: [ReportFormat], context: ReportContext) -> [String] {
        Self.reports(of: events, summary: result.summary, formats: formats, context: context)
    }

    /// The reports of a stream of results and its totals, one per format.
    static func reports(of events: [RunEvent], summary: Summary, formats: [ReportFormat], context: ReportContext) -> [String] {
        guard !formats.isEmpty else { return [] }
        var reporters = formats.map { $0.makeReporter(colored: true) }
        var outputs = Array(repeating: "", count: formats.count)
        for index in reporters.indices {
            reporters[index].start(context, into: &outputs[index])
        }
        for event in events {
            for index in reporters.indices {
                switch event {
                case .finding(let finding):
                    reporters[index].add(finding, into: &outputs[index])
                case .profile(let profile) where reporters[index].wantsProfiles:
                    reporters[index].add(profile, into: &outputs[index])
                case .profile, .piece:
                    break
                }
            }
        }
        for index in reporters.indices {
            reporters[index].finish(summary, into: &outputs[index])
        }
        return outputs
    }
}

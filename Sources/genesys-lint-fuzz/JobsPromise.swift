import GenesysLint

/// `--jobs 1` and `--jobs 2` give byte-identical output: the same findings, profiles and
/// totals, in the same order (which is all a reporter sees), the same records to `--clean`
/// and `--quarantine`, each judged alike, and so the same reports.
enum JobsPromise {
    /// `reports`: `single`'s reports in `formats`.
    static func check(_ single: RecordedRun, reports: [String], inputs: [(name: String, bytes: [UInt8])], linter: Linter, formats: [ReportFormat], context: ReportContext) {
        let parallel = RecordedRun(linter: linter, jobs: 2, inputs: inputs)
        if parallel.result.summary != single.result.summary {
            brokenPromise("--jobs 2 totals differ from --jobs 1: \(parallel.result.summary) against \(single.result.summary)")
        }
        if parallel.result.inputErrors.map(\.description) != single.result.inputErrors.map(\.description) {
            brokenPromise("--jobs 2 input errors differ from --jobs 1")
        }
        guard parallel.events.count == single.events.count else {
            brokenPromise("--jobs 2 delivers \(parallel.events.count) results, --jobs 1 \(single.events.count)")
        }
        for (number, (one, two)) in zip(single.events, parallel.events).enumerated() where !one.isSame(as: two) {
            brokenPromise("--jobs 2 delivers another result \(number + 1) than --jobs 1: \(two) against \(one)")
        }
        let parallelReports = parallel.reports(formats, context: context)
        for (format, (one, two)) in zip(formats, zip(reports, parallelReports)) where one != two {
            brokenPromise("--jobs 2 writes another \(format.rawValue) report than --jobs 1")
        }
    }
}

extension RunEvent {
    /// Whether a reporter, `--clean` and `--quarantine` would see the same.
    func isSame(as other: RunEvent) -> Bool {
        switch (self, other) {
        case (.finding(let one), .finding(let two)): one == two
        case (.profile(let one), .profile(let two)): one == two
        case (.piece(let one, let worst), .piece(let two, let otherWorst)): one.line == two.line && one.pointer == two.pointer && worst == otherWorst
        default: false
        }
    }
}

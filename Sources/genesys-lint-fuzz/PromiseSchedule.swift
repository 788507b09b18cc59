import GenesysLint

/// Which promises an input is checked against. The cheap ones hold for every input; the
/// costly ones (drawing reports, running the input again) for one input in N, chosen by a
/// hash of the input rather than a counter, so that an input that breaks a promise breaks it
/// again when replayed alone.
struct PromiseSchedule {
    /// The plain reports (text, JSON, NDJSON, JUnit, GitHub annotations): one input in 32.
    var writesReports: Bool
    /// SARIF and the audit reports (Markdown, HTML), each of which costs several times more
    /// than checking a small input (SARIF describes every rule): one input in 128.
    var writesCostlyReports: Bool
    /// `--jobs 2` gives what `--jobs 1` gives: one input in 64.
    var comparesJobs: Bool
    /// Partial reports merged give what one run gives: one input in 64.
    var comparesMerge: Bool

    static let everything = PromiseSchedule(writesReports: true, writesCostlyReports: true, comparesJobs: true, comparesMerge: true)

    init(writesReports: Bool, writesCostlyReports: Bool, comparesJobs: Bool, comparesMerge: Bool) {
        self.writesReports = writesReports
        self.writesCostlyReports = writesCostlyReports
        self.comparesJobs = comparesJobs
        self.comparesMerge = comparesMerge
    }

    init(for bytes: [UInt8]) {
        // FNV-1a, then each choice reads its own bits.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 29
        writesReports = hash & 31 == 0
        writesCostlyReports = (hash >> 5) & 127 == 0
        comparesJobs = (hash >> 12) & 63 == 0
        comparesMerge = (hash >> 18) & 63 == 0
    }

    static let plainFormats: [ReportFormat] = [.text, .json, .ndjson, .junit, .github]
    static let costlyFormats: [ReportFormat] = [.sarif, .markdown, .html]

    /// The formats to draw for this input.
    var formats: [ReportFormat] {
        (writesReports || writesCostlyReports ? Self.plainFormats : []) + (writesCostlyReports ? Self.costlyFormats : [])
    }
}

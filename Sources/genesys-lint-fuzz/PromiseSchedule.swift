import GenesysLint

/// Which promises an input is checked against. The cheap ones hold for every input; the
/// costly ones (drawing reports, running the input again) for one input in N, chosen by a
/// hash of the input rather than a counter, so that an input that breaks a promise breaks it
/// again when replayed alone.
struct PromiseSchedule {
    /// The plain reports (text, JSON, NDJSON, GitHub annotations): one input in 64.
    var writesReports: Bool
    /// The audit reports (Markdown, HTML), which need every conversation's profile and cost
    /// several times more than checking a small input: one input in 256.
    var writesAuditReports: Bool
    /// SARIF and JUnit, which describe every rule in force whatever the input (the same text
    /// every time, and the dearest part of the path): one input in 4,096.
    var writesRuleReports: Bool
    /// `--jobs 2` gives what `--jobs 1` gives: one input in 64.
    var comparesJobs: Bool
    /// Partial reports merged give what one run gives (six runs, a merge): one input in 256.
    var comparesMerge: Bool
    /// Checking fix's output finds none of the fixed rules' findings (two fixes of two passes
    /// each and a check, about seven times the cost of checking): one input in 64.
    var checksFix: Bool

    static let everything = PromiseSchedule(writesReports: true, writesAuditReports: true, writesRuleReports: true, comparesJobs: true, comparesMerge: true, checksFix: true)

    init(writesReports: Bool, writesAuditReports: Bool, writesRuleReports: Bool, comparesJobs: Bool, comparesMerge: Bool, checksFix: Bool) {
        self.writesReports = writesReports
        self.writesAuditReports = writesAuditReports
        self.writesRuleReports = writesRuleReports
        self.comparesJobs = comparesJobs
        self.comparesMerge = comparesMerge
        self.checksFix = checksFix
    }

    init(for bytes: [UInt8]) {
        // FNV-1a, then each choice reads its own bits.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 29
        writesReports = hash & 63 == 0
        writesAuditReports = (hash >> 6) & 255 == 0
        writesRuleReports = (hash >> 14) & 4095 == 0
        comparesJobs = (hash >> 26) & 63 == 0
        comparesMerge = (hash >> 32) & 255 == 0
        checksFix = (hash >> 40) & 63 == 0
    }

    /// The formats to draw for this input: the plain ones whenever any is drawn.
    var formats: [ReportFormat] {
        let plain: [ReportFormat] = writesReports || writesAuditReports || writesRuleReports ? [.text, .json, .ndjson, .github] : []
        return plain + (writesRuleReports ? [.sarif, .junit] : []) + (writesAuditReports ? [.markdown, .html] : [])
    }
}

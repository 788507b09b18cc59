/// Combines the partial reports of several shares of an export (`check --partial` over each)
/// into the report of one run over all of them: the shares' findings in the order given,
/// values of `unique` rules repeated across shares reported where and by the rules a single
/// run would report them, page totals added up over every share, and thresholds and the
/// verdict settled on the totals.
public struct PartialMerge {
    public let linter: Linter

    public init(linter: Linter) {
        self.linter = linter
    }

    public struct Result: Sendable {
        public var summary = Summary()
        /// The inputs the shares could not read, as their runs described them.
        public var inputErrors: [String] = []
    }

    /// Why partial reports cannot be merged with this linter.
    public struct Mismatch: Error, Sendable, CustomStringConvertible {
        public let name: String
        public let difference: String

        public var description: String {
            "\(name) was made with other rules than this merge (\(difference)); give merge the same --config, --select, --ignore, --severity and --rules options as check"
        }
    }

    /// Checks that every partial report was made with the rules of this linter.
    public func verify(_ parts: [(name: String, report: PartialReport)]) throws(Mismatch) {
        let expected = PartialReport.rules(of: linter)
        for (name, report) in parts where report.rules != expected {
            let missing = expected.first { !report.rules.contains($0) }
            let extra = report.rules.first { !expected.contains($0) }
            let difference = if let missing { "it lacks \(missing)" } else if let extra { "it has \(extra)" } else { "its rules are in another order" }
            throw Mismatch(name: name, difference: difference)
        }
    }

    /// Merges `parts` in the order given, delivering each finding to `sink` in order.
    public func run(_ parts: [PartialReport], into sink: inout some LintSink) -> Result {
        var result = Result()
        var ledger = UniquenessLedger()
        let groups = linter.uniqueCheckByRule
        let rules = Dictionary(linter.activeRules.map { ($0.rule.id, $0.rule) }) { first, _ in first }
        var pages: [TotalHitsPage] = []
        for part in parts {
            result.summary.add(part.summary)
            result.inputErrors += part.inputErrors
            pages += part.pages

            // Values first seen in this share but already seen in an earlier one: the finding of
            // each rule that looks where the earlier share saw it last, as a single run would.
            var added: [(item: Int, finding: Finding)] = []
            for occurrence in part.firstOccurrences {
                guard let rule = occurrence.findings.first?.ruleId, let group = groups[rule],
                      let earlier = ledger.sight(group: group, key: occurrence.key, file: occurrence.file, place: occurrence.place, copy: occurrence.copy, lastSeenIn: occurrence.lastFile)
                else { continue }
                for finding in occurrence.findings where earlier.isReported(by: rules[finding.ruleId]?.repetition, repeatIn: occurrence.file) {
                    var repeated = finding
                    repeated.message = earlier.repeatMessage(finding.message, thisCopy: occurrence.copy)
                    added.append((occurrence.item, repeated))
                }
            }
            // Repeats within the share now say where the value was first seen in the whole run,
            // and how this copy compares with the one seen there.
            var findings = part.findings
            for repeated in part.repeats where findings.indices.contains(repeated.findingIndex) {
                if let group = groups[repeated.ruleId], let earlier = ledger.earlier(group: group, key: repeated.key) {
                    findings[repeated.findingIndex].message = earlier.repeatMessage(repeated.message, thisCopy: repeated.copy)
                }
            }
            deliver(findings, items: part.findingItems, adding: added, into: &sink, summary: &result.summary)
        }
        for finding in linter.totalHitsFindings(pages) {
            result.summary.count(finding)
            sink.report(finding)
        }
        linter.conclude(&result.summary)
        return result
    }

    /// Sends a share's findings in order, each added finding among those of its own item,
    /// ordered as a run orders the findings of one record.
    private func deliver(_ findings: [Finding], items: [Int], adding added: [(item: Int, finding: Finding)], into sink: inout some LintSink, summary: inout Summary) {
        var next = 0
        var pending = added[...]
        while next < findings.count || !pending.isEmpty {
            let item = min(next < findings.count ? items[next] : Int.max, pending.first?.item ?? Int.max)
            var group: [Finding] = []
            while next < findings.count, items[next] == item {
                group.append(findings[next])
                next += 1
            }
            var extra: [Finding] = []
            while let first = pending.first, first.item == item {
                extra.append(first.finding)
                pending = pending.dropFirst()
            }
            if extra.isEmpty {
                group.forEach { sink.report($0) }
                continue
            }
            // The share counted its own findings; only the added ones are counted here, once
            // per rule and conversation.
            var affected = Set(group.map { $0.ruleId + "\u{0}" + $0.conversationPointer })
            for finding in extra {
                summary.count(finding, newlyAffected: affected.insert(finding.ruleId + "\u{0}" + finding.conversationPointer).inserted)
            }
            (group + extra).sorted(by: Finding.isOrderedWithinRecord).forEach { sink.report($0) }
        }
    }
}

extension Summary {
    /// Adds another share's counts to these. Inputs of the same name (standard input, in every
    /// share of a Spark job) are counted as one.
    mutating func add(_ other: Summary) {
        files += other.files
        conversations += other.conversations
        unreadableRecords += other.unreadableRecords
        skippedRecords += other.skippedRecords
        suppressedByBaseline += other.suppressedByBaseline
        findingsBySeverity.merge(other.findingsBySeverity, uniquingKeysWith: +)
        findingsByRule.merge(other.findingsByRule, uniquingKeysWith: +)
        affectedByRule.merge(other.affectedByRule, uniquingKeysWith: +)
        for totals in other.fileTotals {
            guard let index = fileTotals.firstIndex(where: { $0.file == totals.file }) else {
                fileTotals.append(totals)
                continue
            }
            fileTotals[index].conversations += totals.conversations
            fileTotals[index].unreadableRecords += totals.unreadableRecords
            fileTotals[index].skippedRecords += totals.skippedRecords
            fileTotals[index].shapes.formUnion(totals.shapes)
            fileTotals[index].findingsBySeverity.merge(totals.findingsBySeverity, uniquingKeysWith: +)
            fileTotals[index].findingsByRule.merge(totals.findingsByRule, uniquingKeysWith: +)
            fileTotals[index].readError = fileTotals[index].readError ?? totals.readError
            fileTotals[index].bytes = fileTotals[index].bytes.flatMap { bytes in totals.bytes.map { bytes + $0 } }
        }
        files = fileTotals.count
    }
}

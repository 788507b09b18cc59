import GenesysLint

/// The partial reports of the shares of an export (`check --partial` on each), merged
/// (`merge`), give what one run over all the shares gives: the same findings in the same
/// order, the same totals, and so the same reports.
///
/// The shares are the input cut in two at a line break near its middle, and the whole input
/// again: conversations repeat across shares, page totals add up over them, and a share may
/// begin or end inside a document.
enum MergePromise {
    static func shares(of bytes: [UInt8]) -> [(name: String, bytes: [UInt8])] {
        let middle = bytes.count / 2
        let cut = bytes[middle...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count
        return [("share-1.json", Array(bytes[..<cut])), ("share-2.json", Array(bytes[cut...])), ("share-3.json", bytes)]
    }

    static func check(_ bytes: [UInt8], linter: Linter, formats: [ReportFormat], context: ReportContext) {
        let shares = shares(of: bytes)
        let single = RecordedRun(linter: linter, jobs: 1, inputs: shares)
        let parts = shares.map { share in
            var run = LintRun(linter: linter, jobs: 1)
            run.keepsPartial = true
            guard let partial = run.run(text: share.bytes, named: share.name, emit: { _ in }).partial else {
                brokenPromise("a --partial run over \(share.name) kept no partial report")
            }
            // Through the file format, as merge reads it.
            let written = Array(PartialReportWriter.document(partial).utf8)
            do throws(PartialReportError) {
                return (name: share.name, report: try PartialReportReader.read(written, path: share.name))
            } catch {
                brokenPromise("the partial report of \(share.name) does not read back: \(error)")
            }
        }
        let merge = PartialMerge(linter: linter)
        do throws(PartialMerge.Mismatch) {
            try merge.verify(parts)
        } catch {
            brokenPromise("merge refuses partial reports made with its own rules: \(error)")
        }
        var sink = RecordingSink()
        let merged = merge.run(parts.map(\.report), into: &sink)
        if merged.inputErrors != single.result.inputErrors.map(\.description) {
            brokenPromise("the merge's input errors differ from one run's")
        }
        if merged.summary != single.result.summary {
            brokenPromise("the merged totals differ from one run's: \(merged.summary) against \(single.result.summary)")
        }
        let expected = single.findings, findings = RecordedRun.findings(of: sink.events)
        guard findings.count == expected.count else {
            brokenPromise("the merge reports \(findings.count) findings, one run \(expected.count)")
        }
        for (number, (one, two)) in zip(expected, findings).enumerated() where one != two {
            brokenPromise("the merge's finding \(number + 1) differs from one run's: \(two) against \(one)")
        }
        let expectedReports = single.reports(formats, context: context)
        let reports = RecordedRun.reports(of: sink.events, summary: merged.summary, formats: formats, context: context)
        for (format, (one, two)) in zip(formats, zip(expectedReports, reports)) where one != two {
            brokenPromise("the merged \(format.rawValue) report differs from one run's")
        }
    }
}

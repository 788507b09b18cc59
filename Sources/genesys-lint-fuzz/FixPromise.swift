import GenesysLint

/// Once `fix` has run, checking what it wrote finds none of the findings its fixes answer.
///
/// A rule's fix is not applied where its value cannot be worked out (a value with no
/// analytics name, a timestamp whose instant is in doubt): the finding stays, by design. So
/// the promise is checked as: fix the input; check the output; fix the output again. Every
/// finding of a rule with a declared fix that the check of the output still makes must be one
/// the fix declines, so the second fix changes nothing and writes the output again, byte for
/// byte (the output is also one copy per conversation, in the API's spelling: nothing to drop
/// or respell either).
enum FixPromise {
    /// The conversations `fix` writes for `inputs` (compact, one per line) and its totals.
    static func fixed(_ inputs: [(name: String, bytes: [UInt8])], linter: Linter) -> (lines: [[UInt8]], result: FixRun.Result) {
        var lines: [[UInt8]] = []
        let result = FixRun(linter: linter, jobs: 1).run(texts: inputs, into: FixRun.Destinations(
            conversation: { lines.append($0) }, logLine: { _ in }
        ))
        return (lines, result)
    }

    static func check(_ bytes: [UInt8], linter: Linter) {
        let first = fixed([(FuzzTarget.inputName, bytes)], linter: linter)
        if first.result.conversationsWritten != first.lines.count {
            brokenPromise("fix counts \(first.result.conversationsWritten) conversations written and writes \(first.lines.count)")
        }
        let output = Array(first.lines.map { $0 + [UInt8(ascii: "\n")] }.joined())
        let outputName = "fixed.ndjson"
        let checked = RecordedRun(linter: linter, jobs: 1, inputs: [(outputName, output)])
        let fixedRules = Set(linter.activeRules.filter { $0.rule.fix != nil }.map(\.rule.id))
        let remaining = checked.findings.filter { fixedRules.contains($0.ruleId) }
        if checked.result.summary.conversations != first.lines.count {
            brokenPromise("checking fix's output reads \(checked.result.summary.conversations) conversations of the \(first.lines.count) it wrote")
        }
        let again = fixed([(outputName, output)], linter: linter)
        if !again.result.changedByRule.isEmpty {
            let findings = remaining.map { "\($0.ruleId) at \($0.pointer)" }.joined(separator: ", ")
            brokenPromise("checking fix's output finds fixed rules' findings (\(findings)) that fixing it again repairs: \(again.result.changedByRule)")
        }
        if again.lines != first.lines {
            let changed = again.result.conversationsChanged, dropped = again.result.duplicatesDropped + again.result.exactCopiesDropped
            brokenPromise("fixing fix's output again writes other conversations (\(again.lines.count) against \(first.lines.count); \(changed) changed, \(dropped) dropped)")
        }
    }
}

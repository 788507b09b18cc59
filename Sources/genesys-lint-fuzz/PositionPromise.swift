import GenesysJSON
import GenesysLint

/// Every finding's pointer resolves in its record, and its line and column are those of the
/// first byte of the value it names.
///
/// Checked where the finding lies in a document jansson can read whole; in text that is not
/// (a malformed record, a truncated envelope) the pointer may name only the record.
enum PositionPromise {
    /// With `readsContainers`, jansson reads every object and array found at a finding's place
    /// to compare it with the value named (scalars are always read): thorough, but it costs
    /// about one more parse of the input.
    static func check(_ findings: [Finding], in input: InputDocuments, readsContainers: Bool) {
        // The findings in each document, with their byte offsets.
        var placed: [Int: [(finding: Finding, offset: Int)]] = [:]
        for finding in findings {
            guard let offset = input.offset(line: finding.line, column: finding.column) else {
                brokenPromise("\(describe(finding)) is not a place in the text")
            }
            guard let document = input.documentIndex(containing: offset), input.documents[document].isReadAsParsed(at: finding.pointer) else { continue }
            placed[document, default: []].append((finding, offset))
        }
        for (index, findings) in placed.sorted(by: { $0.key < $1.key }) {
            let document = input.documents[index]
            let located = input.ranges(ofPointers: findings.map(\.finding.pointer), in: document)
            document.json.withRoot { root in
                for ((finding, offset), located) in zip(findings, located) {
                    guard let named = root.resolving(finding.pointer) else {
                        brokenPromise("\(describe(finding)): the pointer does not resolve in its document")
                    }
                    guard located.lowerBound == offset else {
                        brokenPromise("\(describe(finding)): the value it names begins at byte \(located.lowerBound), the finding's place is byte \(offset)")
                    }
                    // The locator walks the text its own way; jansson must find there the very
                    // value the pointer names.
                    guard input.holds(named, at: offset, reading: readsContainers) else {
                        brokenPromise("\(describe(finding)): the text there is not the value the pointer names")
                    }
                }
            }
        }
    }

    static func describe(_ finding: Finding) -> String {
        "\(finding.ruleId) at \(finding.line):\(finding.column) \(quoted(finding.pointer))"
    }

    static func quoted(_ pointer: String) -> String {
        "\"\(pointer)\""
    }
}

import GenesysJSON

/// An input read as JSON for the mutator: one document, or lines of which at least one is a
/// document (NDJSON, perhaps with broken lines, which are kept as they are).
struct ParsedExport {
    enum Line {
        case document(EditableJSONDocument)
        case text(ArraySlice<UInt8>)
    }

    enum Layout {
        case document(EditableJSONDocument)
        case lines([Line])
    }

    var layout: Layout
    var byteOrderMark: Bool

    init?(_ input: [UInt8]) {
        byteOrderMark = input.starts(with: Self.byteOrderMark)
        let text = byteOrderMark ? input[3...] : input[...]
        if let document = text.withUnsafeBytes({ EditableJSONDocument.parse($0) }) {
            layout = .document(document)
            return
        }
        guard text.contains(UInt8(ascii: "\n")) else { return nil }
        let lines: [Line] = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.withUnsafeBytes { EditableJSONDocument.parse($0) }.map(Line.document) ?? .text(line)
        }
        guard lines.contains(where: { if case .document = $0 { true } else { false } }) else { return nil }
        layout = .lines(lines)
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Every document of the export.
    var documents: [EditableJSONDocument] {
        switch layout {
        case .document(let document): [document]
        case .lines(let lines): lines.compactMap { if case .document(let document) = $0 { document } else { nil } }
        }
    }

    /// The export as text again, its documents written in a style chosen at random: compact
    /// or indented, sometimes with every non-ASCII character escaped; NDJSON lines end with
    /// LF or CRLF.
    func serialized(random: inout SplitMix64) -> [UInt8] {
        var output = byteOrderMark ? Self.byteOrderMark : []
        let asciiOnly = random.oneIn(8)
        switch layout {
        case .document(let document):
            let indent = random.oneIn(3) ? [1, 2, 4][random.below(3)] : 0
            output += document.serialized(indent: indent, asciiOnly: asciiOnly)
        case .lines(let lines):
            let lineEnd: [UInt8] = random.oneIn(8) ? [0x0D, 0x0A] : [0x0A]
            for (index, line) in lines.enumerated() {
                if index > 0 { output += lineEnd }
                switch line {
                case .document(let document): output += document.serialized(asciiOnly: asciiOnly)
                case .text(let text): output += text
                }
            }
        }
        return output
    }
}

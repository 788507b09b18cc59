import Foundation
import GenesysJSON

/// The findings a team has accepted for now: with `--baseline`, only findings not in it are
/// reported. A finding is known by its rule, its conversation and its pointer inside that
/// conversation, not by file position, so a re-export with shifted lines, reordered
/// conversations or another layout still matches.
public struct Baseline: Sendable {
    /// What identifies a finding across exports.
    public struct Key: Hashable, Sendable, Comparable {
        public var ruleId: String
        public var conversationId: String?
        /// Inside the conversation when there is one; otherwise inside the file.
        public var pointer: String
        /// Only for findings outside any conversation (unreadable records, envelope checks).
        public var file: String?

        public init(_ finding: Finding) {
            ruleId = finding.ruleId
            conversationId = finding.conversationId
            if finding.conversationId != nil, finding.pointer.hasPrefix(finding.conversationPointer) {
                pointer = String(finding.pointer.dropFirst(finding.conversationPointer.count))
                file = nil
            } else {
                pointer = finding.pointer
                file = finding.file
            }
        }

        init(ruleId: String, conversationId: String?, pointer: String, file: String?) {
            self.ruleId = ruleId
            self.conversationId = conversationId
            self.pointer = pointer
            self.file = file
        }

        /// A digest of the key (64-bit FNV-1a, 16 hex digits): the same finding has the same
        /// fingerprint in every run, wherever its line moves. Reports that track findings
        /// across runs (SARIF) carry it.
        public var fingerprint: String {
            var hash = FNV1a()
            hash.mix(ruleId)
            hash.mix(conversationId)
            hash.mix(file)
            hash.mix(pointer)
            return hash.hex
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.ruleId, lhs.conversationId ?? "", lhs.file ?? "", lhs.pointer) < (rhs.ruleId, rhs.conversationId ?? "", rhs.file ?? "", rhs.pointer)
        }
    }

    /// How many findings of each key the baseline still absorbs (a key can repeat, e.g. a
    /// conversation exported twice).
    private var remaining: [Key: Int]
    public let path: String

    public init(path: String, keys: [Key]) {
        self.path = path
        remaining = keys.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    public var count: Int { remaining.values.reduce(0, +) }

    /// Whether the baseline lists this finding; each entry absorbs one finding.
    public mutating func absorbs(_ finding: Finding) -> Bool {
        let key = Key(finding)
        guard let left = remaining[key], left > 0 else { return false }
        remaining[key] = left - 1
        return true
    }

    public static let formatVersion = 1

    /// Reads a baseline written by `--write-baseline`.
    public static func load(path: String) throws(SourceFileError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceFileError(file: path, position: .start, message: "the baseline cannot be read; write one with --write-baseline \(path)")
        }
        let file = JSONSourceFile(path: path, bytes: Array(data))
        let document = try file.parse()
        return try document.withRoot { root throws(SourceFileError) in
            let object = try ObjectReader(file: file, json: root, pointer: [], what: "a baseline")
            try object.rejectUnknownKeys(allowed: ["tool", "version", "findings"])
            guard let version = object.value("version")?.integer, version == formatVersion else {
                throw file.error("this baseline is not version \(formatVersion) of the baseline format; write it again with --write-baseline", at: ["version"])
            }
            guard let findings = object.value("findings"), findings.kind == .array else {
                throw file.error("a baseline needs a \"findings\" array", at: ["findings"])
            }
            var keys: [Key] = []
            for (index, entry) in findings.elements.enumerated() {
                let pointer = ["findings", String(index)]
                let reader = try ObjectReader(file: file, json: entry, pointer: pointer, what: "a baseline entry")
                guard let ruleId = try reader.string("ruleId"), let place = try reader.string("pointer") else {
                    throw file.error("a baseline entry needs \"ruleId\" and \"pointer\"", at: pointer)
                }
                keys.append(Key(ruleId: ruleId, conversationId: try reader.string("conversationId"), pointer: place, file: try reader.string("file")))
            }
            return Baseline(path: path, keys: keys)
        }
    }

    /// The baseline of these findings as JSON text, sorted so that it diffs well in review.
    public static func document(of findings: [Finding]) -> String {
        let entries = findings.map { (Key($0), $0.message) }.sorted { $0.0 < $1.0 }
        var text = "{\n  \"tool\": \"genesys-lint\",\n  \"version\": \(formatVersion),\n  \"findings\": ["
        for (index, (key, message)) in entries.enumerated() {
            var members = [("ruleId", JSONWriter.quoted(key.ruleId))]
            if let id = key.conversationId { members.append(("conversationId", JSONWriter.quoted(id))) }
            if let file = key.file { members.append(("file", JSONWriter.quoted(file))) }
            members.append(("pointer", JSONWriter.quoted(key.pointer)))
            members.append(("message", JSONWriter.quoted(message)))
            text += (index == 0 ? "\n    " : ",\n    ") + JSONWriter.object(members)
        }
        return text + (entries.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }
}

import Foundation
import GenesysJSON
import GenesysLint

/// Cuts example exports into seeds small enough to fuzz quickly: each conversation alone,
/// and two at a time in each shape an export takes (query response, jobs results page,
/// bare array, NDJSON).
///
/// `genesys-lint-fuzz cut-seeds FOLDER EXPORT...` (files or folders of exports).
enum SeedCutter {
    static func cut(_ paths: [String], into folder: String, maxSize: Int) -> Int {
        var linter = FuzzTarget.linter
        linter.collectsProfiles = false
        guard let inputs = try? InputDiscovery.inputs(for: paths) else {
            FileHandle.standardError.write(Data("cut-seeds: cannot read \(paths.joined(separator: " "))\n".utf8))
            exit(2)
        }
        var sink = RecordingSink()
        _ = LintRun(linter: linter, jobs: 1).run(inputs, into: &sink)
        let conversations: [[UInt8]] = sink.events.compactMap { event in
            guard case .piece(let piece, _) = event else { return nil }
            let line = Array(piece.line)
            let isConversation = (try? JSONDocument.parse(line).get())?.withRoot { $0.kind == .object } ?? false
            return isConversation ? line : nil
        }
        var seeds: [[UInt8]] = conversations
        for start in stride(from: 0, to: conversations.count, by: 2) {
            let group = Array(conversations[start..<min(start + 2, conversations.count)])
            let elements = group.joined(separator: [UInt8(ascii: ",")])
            seeds.append(Array(#"{"totalHits":\#(group.count),"conversations":["#.utf8) + elements + Array("]}".utf8))
            seeds.append(Array(#"{"conversations":["#.utf8) + elements + Array(#"],"cursor":"c\#(start)","dataAvailabilityDate":"2026-03-03T00:00:00.000Z"}"#.utf8))
            seeds.append([UInt8(ascii: "[")] + elements + [UInt8(ascii: "]")])
            seeds.append(Array(group.joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")])
        }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written = 0
        for seed in seeds where seed.count <= maxSize {
            let path = (folder as NSString).appendingPathComponent("seed-\(written)")
            guard FileManager.default.createFile(atPath: path, contents: Data(seed)) else {
                FileHandle.standardError.write(Data("cut-seeds: cannot write \(path)\n".utf8))
                exit(2)
            }
            written += 1
        }
        return written
    }
}

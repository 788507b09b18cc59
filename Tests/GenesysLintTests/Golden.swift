import Foundation
import Testing

/// Outputs kept in Tests/GenesysLintTests/Golden/, compared byte for byte; after an intended
/// change, GENESYS_LINT_UPDATE_GOLDEN=1 swift test rewrites them, and the diff is reviewed.
enum Golden {
    static let directory = TestSupport.packageRoot.appendingPathComponent("Tests/GenesysLintTests/Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["GENESYS_LINT_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file `name`, or (GENESYS_LINT_UPDATE_GOLDEN=1) writes it.
    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            print("wrote golden file \(url.path)")
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden file \(url.path) is missing; create it with GENESYS_LINT_UPDATE_GOLDEN=1 swift test --filter EndToEnd and review it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record(Comment(rawValue: difference(expected: expected, actual: actual, name: name)), sourceLocation: sourceLocation)
        }
    }

    /// The first lines that differ, with a little context.
    static func difference(expected: String, actual: String, name: String) -> String {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let common = min(expectedLines.count, actualLines.count)
        let first = (0..<common).first { expectedLines[$0] != actualLines[$0] } ?? common
        var message = "output differs from golden file \(name) at line \(first + 1) (golden: \(expectedLines.count) lines, output: \(actualLines.count) lines)\n"
        for index in max(0, first - 2)..<min(max(expectedLines.count, actualLines.count), first + 4) {
            let old = index < expectedLines.count ? expectedLines[index] : nil
            let new = index < actualLines.count ? actualLines[index] : nil
            if old == new, let old {
                message += "    \(index + 1)  \(old)\n"
            } else {
                if let old { message += "  - \(index + 1)  \(old)\n" }
                if let new { message += "  + \(index + 1)  \(new)\n" }
            }
        }
        return message + "(- golden, + output.) If the change is intended: GENESYS_LINT_UPDATE_GOLDEN=1 swift test --filter EndToEnd, then review the diff."
    }
}

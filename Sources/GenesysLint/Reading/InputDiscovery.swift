import Foundation

/// One input of a run.
public enum Input: Sendable, Equatable {
    case file(String)
    case standardInput

    /// How findings name it.
    public var displayName: String {
        switch self {
        case .file(let path): path
        case .standardInput: "<stdin>"
        }
    }
}

/// Turns the paths a user gave into inputs: files as they are, directories searched
/// recursively for exports, `-` for standard input.
public enum InputDiscovery {
    public static let exportExtensions = ["json", "jsonl", "ndjson"]

    /// Whether a file name in a folder looks like an export: `day.ndjson`, or gzipped,
    /// `day.ndjson.gz`. (Named files are read whatever their name.)
    static func isExportName(_ name: String) -> Bool {
        var name = name.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        return exportExtensions.contains((name as NSString).pathExtension)
    }

    public static func inputs(for paths: [String]) throws(ReadError) -> [Input] {
        var inputs: [Input] = []
        for path in paths {
            if path == "-" {
                inputs.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ReadError.notFound(path: path)
            }
            guard isDirectory.boolValue else {
                inputs.append(.file(path))
                continue
            }
            let found = exports(in: path)
            guard !found.isEmpty else { throw ReadError.noInputs(path: path) }
            inputs += found.map { .file($0) }
        }
        return inputs
    }

    /// Export files under a directory, sorted so runs are repeatable. Hidden entries and
    /// the tool's own configuration file are skipped.
    static func exports(in directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { enumerator.skipDescendants() }
                continue
            }
            guard isExportName(name) else { continue }
            let path = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}

import Foundation

/// The names the OpenLineage event of a run gives its job, the run and the datasets it read and
/// wrote: the `OpenLineageSettings` in force, with defaults for what they leave unset.
public struct OpenLineageRun: Sendable, Equatable {
    public static let defaultJobNamespace = "genesys-lint"
    public static let defaultDatasetNamespace = "file"
    public static let defaultStdinDatasetName = "stdin"

    public var jobNamespace: String
    public var jobName: String
    public var runId: String
    public var datasetNamespace: String
    public var datasetNamePrefix: String?
    public var stdinDatasetName: String
    /// The files the run writes conversations to (`--clean`, `--quarantine`), as given.
    public var outputs: [String]

    /// - Parameters:
    ///   - command: the job's name unless the settings give one (`check`, `merge`).
    ///   - outputs: the files the run writes conversations to.
    public init(_ settings: OpenLineageSettings = OpenLineageSettings(), command: String = "check", outputs: [String] = []) {
        jobNamespace = settings.jobNamespace ?? Self.defaultJobNamespace
        jobName = settings.jobName ?? command
        // A run nobody named is a new run: lineage tools tell runs apart by this id.
        runId = settings.runId ?? UUID().uuidString.lowercased()
        datasetNamespace = settings.datasetNamespace ?? Self.defaultDatasetNamespace
        datasetNamePrefix = settings.datasetNamePrefix
        stdinDatasetName = settings.stdinDatasetName ?? Self.defaultStdinDatasetName
        self.outputs = outputs
    }

    /// The dataset name of an input or output as the run names it (`<stdin>` for standard
    /// input): the path without leading `./`, after the prefix when it is relative.
    public func datasetName(of file: String) -> String {
        if file == "<stdin>" { return stdinDatasetName }
        var path = Substring(file)
        while path.hasPrefix("./") { path = path.dropFirst(2).drop(while: { $0 == "/" }) }
        guard let prefix = datasetNamePrefix, !path.hasPrefix("/") else { return String(path) }
        return prefix.hasSuffix("/") ? prefix + path : prefix + "/" + path
    }
}

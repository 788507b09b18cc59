import Foundation

/// How a run names itself and its datasets in the OpenLineage event of `--format openlineage`,
/// as the "openlineage" object of `.genesys-lint.json` and the command line set it. A value
/// left unset takes its default when the event is made (see `OpenLineageRun`).
public struct OpenLineageSettings: Sendable, Equatable {
    /// The namespace of the job (default `genesys-lint`).
    public var jobNamespace: String?
    /// The job's name within its namespace (default: the command, `check` or `merge`).
    public var jobName: String?
    /// The run's id, a UUID in its canonical lowercase form (default: a new one for each run).
    public var runId: String?
    /// The namespace of the input and output datasets (default `file`).
    public var datasetNamespace: String?
    /// Joined before relative paths to make dataset names (default: none, the path as given).
    public var datasetNamePrefix: String?
    /// The dataset name of standard input (default `stdin`).
    public var stdinDatasetName: String?

    public init(jobNamespace: String? = nil, jobName: String? = nil, runId: String? = nil, datasetNamespace: String? = nil, datasetNamePrefix: String? = nil, stdinDatasetName: String? = nil) {
        self.jobNamespace = jobNamespace
        self.jobName = jobName
        self.runId = runId
        self.datasetNamespace = datasetNamespace
        self.datasetNamePrefix = datasetNamePrefix
        self.stdinDatasetName = stdinDatasetName
    }

    /// The keys of the configuration file's "openlineage" object.
    static let keys = ["namespace", "job", "runId", "datasetNamespace", "datasetNamePrefix", "stdinDatasetName"]

    /// These settings, with each value that `overrides` sets in place of this one's.
    public func overridden(by overrides: OpenLineageSettings) -> OpenLineageSettings {
        OpenLineageSettings(
            jobNamespace: overrides.jobNamespace ?? jobNamespace,
            jobName: overrides.jobName ?? jobName,
            runId: overrides.runId ?? runId,
            datasetNamespace: overrides.datasetNamespace ?? datasetNamespace,
            datasetNamePrefix: overrides.datasetNamePrefix ?? datasetNamePrefix,
            stdinDatasetName: overrides.stdinDatasetName ?? stdinDatasetName
        )
    }

    /// `text` as a run id: the canonical lowercase form of the UUID it spells (OpenLineage's
    /// schema wants a UUID), or nil when it spells none.
    public static func runId(from text: String) -> String? {
        UUID(uuidString: text).map { $0.uuidString.lowercased() }
    }

    /// An example run id for messages.
    public static let exampleRunId = "0f6e2a4c-1b3d-4e5f-8a7b-9c0d1e2f3a4b"

    /// Reads the "openlineage" object of a configuration file.
    static func load(_ object: ObjectReader) throws(SourceFileError) -> OpenLineageSettings {
        try object.rejectUnknownKeys(allowed: keys)
        func name(_ key: String) throws(SourceFileError) -> String? {
            guard let text = try object.string(key) else { return nil }
            guard !text.isEmpty else {
                throw object.file.error("\"\(key)\" in \"openlineage\" must not be empty; leave it out for the default", at: object.pointer + [key])
            }
            return text
        }
        var settings = OpenLineageSettings(
            jobNamespace: try name("namespace"),
            jobName: try name("job"),
            datasetNamespace: try name("datasetNamespace"),
            datasetNamePrefix: try name("datasetNamePrefix"),
            stdinDatasetName: try name("stdinDatasetName")
        )
        if let text = try name("runId") {
            guard let runId = runId(from: text) else {
                throw object.file.error("\"runId\" must be a UUID such as \"\(exampleRunId)\"; leave it out for a new one each run", at: object.pointer + ["runId"])
            }
            settings.runId = runId
        }
        return settings
    }
}

import ArgumentParser
import GenesysLint

/// How the OpenLineage event names the job, the run and the datasets, shared by `check` and
/// `merge`; they override the "openlineage" object of the configuration file.
struct LineageOptions: ParsableArguments {
    @Option(name: .customLong("openlineage-namespace"), help: ArgumentHelp("The job's namespace in the OpenLineage event (default: genesys-lint).", valueName: "namespace"))
    var jobNamespace: String?

    @Option(name: .customLong("openlineage-job"), help: ArgumentHelp("The job's name in the OpenLineage event (default: the command, check or merge).", valueName: "name"))
    var jobName: String?

    @Option(name: .customLong("openlineage-run-id"), help: ArgumentHelp("The run's id in the OpenLineage event, a UUID (default: a new one), e.g. the id your scheduler gave the run.", valueName: "uuid"))
    var runId: String?

    @Option(name: .customLong("openlineage-dataset-namespace"), help: ArgumentHelp("The namespace of the datasets in the OpenLineage event (default: file).", valueName: "namespace"))
    var datasetNamespace: String?

    /// Checks the values, and that they have an event to go to.
    func validate(formats: [OutputRequest]) throws {
        let given = [("--openlineage-namespace", jobNamespace), ("--openlineage-job", jobName), ("--openlineage-run-id", runId), ("--openlineage-dataset-namespace", datasetNamespace)]
        guard let first = given.first(where: { $0.1 != nil }) else { return }
        if !formats.contains(where: { $0.format == .openlineage }) {
            throw ValidationError("\(first.0) names things in the OpenLineage event; add --format openlineage=lineage.json")
        }
        if let empty = given.first(where: { $0.1?.isEmpty == true }) {
            throw ValidationError("\(empty.0) must not be empty; leave it out for the default")
        }
        if let runId, OpenLineageSettings.runId(from: runId) == nil {
            throw ValidationError("--openlineage-run-id takes a UUID such as \(OpenLineageSettings.exampleRunId); leave it out for a new one each run")
        }
    }

    /// The settings given, to override the configuration file's.
    var settings: OpenLineageSettings {
        OpenLineageSettings(
            jobNamespace: jobNamespace, jobName: jobName, runId: runId.flatMap(OpenLineageSettings.runId(from:)),
            datasetNamespace: datasetNamespace
        )
    }
}

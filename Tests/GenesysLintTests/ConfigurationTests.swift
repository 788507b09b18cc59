import Foundation
import Testing
@testable import GenesysLint

private func temporaryFile(_ name: String, _ text: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("genesys-lint-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

private func setupError(_ config: String?, settings: CommandLineSettings = CommandLineSettings()) throws -> SetupError? {
    let path = try config.map { try temporaryFile(".genesys-lint.json", $0) }
    return caught { () throws(SetupError) in _ = try Setup.load(configFile: path, searchFrom: nil, settings: settings) }
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test("a configuration selects, ignores, overrides severity and parameters")
    func appliesSettings() throws {
        let path = try temporaryFile(".genesys-lint.json", """
        {"select": ["GDQ101", "GDQ102", "GDQ103", "GDQ104", "GDQ105", "GDQ201"], "ignore": ["GDQ105"], "severity": {"GDQ201": "error"}, "failOn": "warning"}
        """)
        let setup = try Setup.load(configFile: path, searchFrom: nil, settings: CommandLineSettings())
        let ids = setup.linter.activeRules.map(\.rule.id)
        #expect(ids == ["GDQ101", "GDQ102", "GDQ103", "GDQ104", "GDQ201"])
        #expect(setup.linter.activeRules.last?.severity == .error)
        #expect(setup.failOn == .warning)
    }

    @Test("command-line settings win over the file")
    func commandLineWins() throws {
        let path = try temporaryFile(".genesys-lint.json", #"{"select": ["GDQ1"], "failOn": "warning"}"#)
        var settings = CommandLineSettings()
        settings.select = ["GDQ301"]
        settings.failOn = .never
        let setup = try Setup.load(configFile: path, searchFrom: nil, settings: settings)
        #expect(setup.linter.activeRules.map(\.rule.id) == ["GDQ301"])
        #expect(setup.failOn == .never)
    }

    @Test("asOf sets the moment ages are measured against; the command line wins")
    func asOf() throws {
        let path = try temporaryFile(".genesys-lint.json", #"{"asOf": "2026-03-04T00:00:00Z"}"#)
        #expect(try Setup.load(configFile: path, searchFrom: nil, settings: CommandLineSettings()).linter.asOf == 1_772_582_400_000)
        var settings = CommandLineSettings()
        settings.asOf = 0
        #expect(try Setup.load(configFile: path, searchFrom: nil, settings: settings).linter.asOf == 0)
        let bad = try #require(try setupError(#"{"asOf": "next tuesday"}"#))
        #expect(bad.description.contains("\"asOf\" must be an ISO-8601 date-time"))
    }

    @Test("openlineage names the event's job, run and datasets; the command line wins, value by value")
    func openLineage() throws {
        let path = try temporaryFile(".genesys-lint.json", """
        {"openlineage": {"namespace": "acme", "job": "nightly", "runId": "3F1C9A52-8D47-4B6E-9E21-5A0B7C3D2E18", "datasetNamespace": "s3://landing", "datasetNamePrefix": "genesys", "stdinDatasetName": "today.ndjson"}}
        """)
        var settings = CommandLineSettings()
        settings.openLineage.jobName = "hourly"
        let loaded = try Setup.load(configFile: path, searchFrom: nil, settings: settings).configuration.openLineage
        #expect(loaded == OpenLineageSettings(jobNamespace: "acme", jobName: "hourly", runId: "3f1c9a52-8d47-4b6e-9e21-5a0b7c3d2e18",
                                              datasetNamespace: "s3://landing", datasetNamePrefix: "genesys", stdinDatasetName: "today.ndjson"))
        let unknown = try #require(try setupError(#"{"openlineage": {"runID": "x"}}"#))
        #expect(unknown.description.contains(#"unknown key "runID" in "openlineage"; did you mean "runId"?"#))
        let badRunId = try #require(try setupError(#"{"openlineage": {"runId": "42"}}"#))
        #expect(badRunId.description.contains(#":1:27: "runId" must be a UUID"#))
        let notAnObject = try #require(try setupError(#"{"openlineage": "acme"}"#))
        #expect(notAnObject.description.contains(#""openlineage" must be a JSON object"#))
    }

    @Test("the nearest .genesys-lint.json above the working directory is found")
    func discovery() throws {
        let path = try temporaryFile(".genesys-lint.json", "{}")
        let nested = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let found = try #require(Configuration.discover(from: nested.path))
        #expect(URL(fileURLWithPath: found).resolvingSymlinksInPath() == URL(fileURLWithPath: path).resolvingSymlinksInPath())
    }

    @Test("unknown keys, rule ids and parameters are errors located in the file")
    func rejectsMistakes() throws {
        let unknownKey = try #require(try setupError(#"{"selct": ["GDQ1"]}"#))
        #expect(unknownKey.description.contains(":1:11: unknown key \"selct\""))
        #expect(unknownKey.description.contains("did you mean \"select\""))
        let unknownId = try #require(try setupError("{\n  \"severity\": {\"GDQ290\": \"error\"}\n}"))
        #expect(unknownId.description.contains(":2:26: unknown rule id \"GDQ290\""))
        let noMatch = try #require(try setupError(#"{"ignore": ["XYZ"]}"#))
        #expect(noMatch.description.contains("no rule matches \"XYZ\""))
        let badParameter = try #require(try setupError(#"{"parameters": {"GDQ201": {"limit": 3}}}"#))
        #expect(badParameter.description.contains("GDQ201 has no parameter \"limit\""))
        let badLevel = try #require(try setupError(#"{"failOn": "sometimes"}"#))
        #expect(badLevel.description.contains("\"failOn\" must be one of"))
    }

    @Test("command-line selectors that match nothing are usage errors")
    func rejectsCommandLineMistakes() throws {
        var settings = CommandLineSettings()
        settings.select = ["XYZ9"]
        #expect(try setupError(nil, settings: settings) == .usage("--select: no rule matches \"XYZ9\"; `genesys-lint rules --all` lists them"))
    }
}

@Suite("Rule selection")
struct SelectionTests {
    @Test("prefixes select whole categories; ignore wins over select")
    func prefixes() {
        var configuration = Configuration()
        configuration.select = ["GDQ2", "GDQ301"]
        configuration.ignore = ["GDQ20"]
        #expect(!configuration.isEnabled("GDQ201"))
        #expect(configuration.isEnabled("GDQ301"))
        #expect(!configuration.isEnabled("GDQ101"))
        configuration.select = ["ALL"]
        configuration.ignore = []
        #expect(configuration.isEnabled("ACME001"))
    }
}

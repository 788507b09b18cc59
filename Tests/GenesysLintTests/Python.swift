import Foundation
import Testing

/// Runs python3 for what the reports are checked against and Swift has no library for here:
/// the SARIF JSON schema (`jsonschema`) and XML parsing (`xml.etree`). Scripts/bootstrap
/// installs both.
enum Python {
    struct Outcome: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "python3 exited \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
    }

    /// Runs `script` with `arguments` (as `sys.argv[1...]`).
    static func run(_ script: String, arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let result = try Subprocess(command: ["python3", "-c", script] + arguments).run()
        return Outcome(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// The official SARIF 2.1.0 schema (OASIS), kept with the test fixtures so that the check
    /// runs wherever the tests do.
    static let sarifSchema = TestSupport.path("Tests/Fixtures/sarif-schema-2.1.0.json")

    /// The problems `jsonschema` (Draft 7, as the schema declares) finds in the SARIF document
    /// `text`, one per line; empty when it is valid.
    static func sarifSchemaViolations(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("genesys-lint-\(UUID().uuidString).sarif")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try run("""
            import json, sys
            try:
                from jsonschema import Draft7Validator
            except ImportError:
                print("the Python package jsonschema is missing: run Scripts/bootstrap (or pip install jsonschema)")
                sys.exit(2)
            with open(sys.argv[1], encoding="utf-8") as f:
                schema = json.load(f)
            with open(sys.argv[2], encoding="utf-8") as f:
                document = json.load(f)
            validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
            for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))[:20]:
                print("/" + "/".join(map(str, error.absolute_path)) + ": " + error.message[:300])
            """, arguments: [sarifSchema, file.path], sourceLocation: sourceLocation)
        if outcome.status != 0, outcome.stdout.isEmpty {
            Issue.record("the schema check did not run: \(outcome)", sourceLocation: sourceLocation)
            return "not checked"
        }
        return outcome.stdout
    }

    /// A JUnit report as `xml.etree` reads it, summed up as JSON: each suite with its counts as
    /// written and as counted from its cases, and each case with its outcome, message and text.
    /// Throws when the XML does not parse.
    static func junitStructure(_ xml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("genesys-lint-\(UUID().uuidString).xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try run("""
            import json, sys
            import xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            suites = []
            for suite in root.findall("testsuite"):
                cases = []
                for case in suite.findall("testcase"):
                    outcome, message, text = "passed", None, None
                    for kind in ("failure", "error", "skipped"):
                        element = case.find(kind)
                        if element is not None:
                            outcome, message, text = kind, element.get("message"), element.text
                    output = case.find("system-out")
                    cases.append({"name": case.get("name"), "classname": case.get("classname"), "outcome": outcome,
                                  "message": message, "text": text, "type": (case.find(outcome).get("type") if outcome != "passed" else None),
                                  "output": output.text if output is not None else None})
                counted = {kind: sum(1 for c in cases if c["outcome"] == kind) for kind in ("failure", "error", "skipped")}
                suites.append({"name": suite.get("name"),
                               "written": {"tests": int(suite.get("tests")), "failures": int(suite.get("failures")),
                                           "errors": int(suite.get("errors")), "skipped": int(suite.get("skipped"))},
                               "counted": {"tests": len(cases), "failures": counted["failure"], "errors": counted["error"], "skipped": counted["skipped"]},
                               "properties": {p.get("name"): p.get("value") for p in suite.findall("properties/property")},
                               "cases": cases})
            print(json.dumps({"root": root.tag, "suites": suites}))
            """, arguments: [file.path], sourceLocation: sourceLocation)
        guard outcome.status == 0 else {
            throw PythonFailure(description: "the JUnit report does not parse: \(outcome)")
        }
        return outcome.stdout
    }

    struct PythonFailure: Error, CustomStringConvertible {
        var description: String
    }
}

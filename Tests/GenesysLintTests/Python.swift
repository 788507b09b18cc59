import Foundation
import Testing

/// Runs python3 for what the reports are checked against and Swift has no library for here:
/// the SARIF and OpenLineage JSON schemas (`jsonschema`) and XML parsing (`xml.etree`).
/// Scripts/bootstrap --tests installs both.
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

    /// Runs `script` on `text`, written to a temporary file whose path follows `arguments` in
    /// `sys.argv`.
    static func run(_ script: String, on text: String, fileExtension: String, arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("genesys-lint-\(UUID().uuidString).\(fileExtension)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run(script, arguments: arguments + [file.path], sourceLocation: sourceLocation)
    }

    /// What a schema check printed: its problems, one per line, none when the document is
    /// valid. A check that could not run (a missing package) is an issue of the test.
    private static func problems(_ outcome: Outcome, of check: String, sourceLocation: SourceLocation) -> String {
        guard outcome.status == 0 else {
            Issue.record("the \(check) did not run: \(outcome)", sourceLocation: sourceLocation)
            return "not checked"
        }
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The official SARIF 2.1.0 schema (OASIS), kept with the test fixtures so that the check
    /// runs wherever the tests do.
    static let sarifSchema = TestSupport.path("Tests/Fixtures/sarif-schema-2.1.0.json")

    /// The problems `jsonschema` (Draft 7, as the schema declares) finds in the SARIF document
    /// `text`, one per line; empty when it is valid.
    static func sarifSchemaViolations(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outcome = try run("""
            import json, sys
            try:
                from jsonschema import Draft7Validator
            except ImportError:
                print("the Python package jsonschema is missing: run Scripts/bootstrap --tests (or pip install jsonschema)")
                sys.exit(2)
            with open(sys.argv[1], encoding="utf-8") as f:
                schema = json.load(f)
            with open(sys.argv[2], encoding="utf-8") as f:
                document = json.load(f)
            validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
            for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))[:20]:
                print("/" + "/".join(map(str, error.absolute_path)) + ": " + error.message[:300])
            """, on: text, fileExtension: "sarif", arguments: [sarifSchema], sourceLocation: sourceLocation)
        return problems(outcome, of: "SARIF schema check", sourceLocation: sourceLocation)
    }

    /// The OpenLineage schemas (spec 2-0-2 and the two data-quality facets), copied from the
    /// OpenLineage project with a note of their source and licence.
    static let openLineageSchemas = TestSupport.path("Tests/Fixtures/openlineage")

    /// The problems found in the OpenLineage event `text`, one per line; empty when it is valid.
    /// The event is checked against the spec's schema (Draft 2020-12), each input facet against
    /// its own schema (the spec's schema sees only a base facet), with the facets' references
    /// to the spec resolved against the copy here; the formats `jsonschema` checks only with
    /// optional packages (uri, and date-time on older versions) are checked by hand.
    static func openLineageViolations(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outcome = try run("""
            import datetime, json, os, sys, urllib.parse, uuid
            try:
                import jsonschema
                from jsonschema import Draft202012Validator
            except ImportError:
                print("the Python package jsonschema is missing: run Scripts/bootstrap --tests (or pip install jsonschema)")
                sys.exit(2)

            def load(name):
                with open(os.path.join(sys.argv[1], name), encoding="utf-8") as f:
                    return json.load(f)

            spec = load("OpenLineage.json")
            facets = {"dataQualityAssertions": load("DataQualityAssertionsDatasetFacet.json"),
                      "dataQualityMetrics": load("DataQualityMetricsInputDatasetFacet.json")}
            schemas = [spec] + list(facets.values())

            def validator(schema):
                checker = Draft202012Validator.FORMAT_CHECKER
                try:
                    from referencing import Registry, Resource
                except ImportError:  # jsonschema before 4.18, as in Debian 12
                    resolver = jsonschema.RefResolver.from_schema(schema, store={s["$id"]: s for s in schemas})
                    return Draft202012Validator(schema, resolver=resolver, format_checker=checker)
                registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
                return Draft202012Validator(schema, registry=registry, format_checker=checker)

            problems = []
            def report(where, errors):
                for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path)))[:20]:
                    problems.append(where + "/" + "/".join(map(str, error.absolute_path)) + ": " + error.message[:300])

            with open(sys.argv[2], encoding="utf-8") as f:
                text = f.read()
            if text.count("\\n") != 1 or not text.endswith("\\n"):
                problems.append("the event is not one line ending with a newline")
            event = json.loads(text)
            report("", validator(spec).iter_errors(event))
            uris = [("/producer", event.get("producer")), ("/schemaURL", event.get("schemaURL"))]
            for index, dataset in enumerate(event.get("inputs", [])):
                for name, facet in dataset.get("inputFacets", {}).items():
                    where = "/inputs/%d/inputFacets" % index
                    if name not in facets:
                        problems.append(where + "/" + name + ": a facet this check has no schema for")
                        continue
                    report(where, validator(facets[name]).iter_errors({name: facet}))
                    uris += [(where + "/" + name + "/_producer", facet.get("_producer")), (where + "/" + name + "/_schemaURL", facet.get("_schemaURL"))]
            for where, uri in uris:
                parts = urllib.parse.urlparse(uri or "")
                if not (parts.scheme and parts.netloc):
                    problems.append(where + ": not an absolute URI: %r" % uri)
            try:
                uuid.UUID(event["run"]["runId"])
            except (KeyError, TypeError, ValueError):
                problems.append("/run/runId: not a UUID")
            try:
                moment = datetime.datetime.fromisoformat(event["eventTime"].replace("Z", "+00:00"))
                if moment.utcoffset() is None:
                    problems.append("/eventTime: no time zone")
            except (KeyError, TypeError, ValueError):
                problems.append("/eventTime: not an ISO 8601 date-time")
            print("\\n".join(problems))
            """, on: text, fileExtension: "json", arguments: [openLineageSchemas], sourceLocation: sourceLocation)
        return problems(outcome, of: "OpenLineage schema check", sourceLocation: sourceLocation)
    }

    /// A JUnit report as `xml.etree` reads it, summed up as JSON: each suite with its counts as
    /// written and as counted from its cases, and each case with its outcome, message and text.
    /// Throws when the XML does not parse.
    static func junitStructure(_ xml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
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
            """, on: xml, fileExtension: "xml", sourceLocation: sourceLocation)
        guard outcome.status == 0 else {
            throw PythonFailure(description: "the JUnit report does not parse: \(outcome)")
        }
        return outcome.stdout
    }

    struct PythonFailure: Error, CustomStringConvertible {
        var description: String
    }
}

import Testing
@testable import GenesysLint

/// A valid rule file to break one piece at a time.
private func ruleText(condition: String = "disconnectType == 'spam'", extra: String = "", id: String = "ACME001") -> String {
    """
    {
      "id": "\(id)",
      "name": "spam-anywhere",
      "severity": "warning",
      "confidence": "heuristic",
      "scope": "segment",
      "condition": "\(condition)",\(extra)
      "message": "spam on {session.mediaType}",
      "documentation": {"whatItChecks": "a", "whyItMatters": "b", "whatToDo": "c"},
      "examples": {
        "fire": [{"input": {"conversationId": "c", "participants": [{"sessions": [{"segments": [{"disconnectType": "spam"}]}]}]},
                  "findings": ["/participants/0/sessions/0/segments/0"]}],
        "pass": [{"input": {"conversationId": "c"}}]
      }
    }
    """
}

private func load(_ text: String) throws(SourceFileError) -> Rule {
    try RuleLoader.loadRule(JSONSourceFile(path: "rules/x.json", bytes: Array(text.utf8)), vocabulary: TestSupport.catalog.vocabulary, isBuiltIn: false)
}

private func loadError(_ text: String) -> SourceFileError? {
    caught { () throws(SourceFileError) in _ = try load(text) }
}

@Suite("Loading rule files")
struct RuleLoaderTests {
    @Test("a valid rule loads, and its examples pass")
    func validRule() throws {
        let rule = try load(ruleText())
        #expect(rule.id == "ACME001")
        #expect(rule.severity == .warning)
        var sources = EmbeddedRules.files.map { (file: JSONSourceFile(path: $0.path, bytes: Array($0.text.utf8)), isBuiltIn: true, readsExamples: true) }
        sources.append((JSONSourceFile(path: "rules/x.json", bytes: Array(ruleText().utf8)), false, true))
        let catalog = try RuleCatalog.load(sources)
        #expect(RuleExampleRunner.failures(of: rule, in: catalog).isEmpty)
    }

    @Test("a typo in a condition is reported at its line and column inside the file")
    func expressionTypo() throws {
        let error = try #require(loadError(ruleText(condition: "disconnectTyp == 'spam'")))
        #expect(error.file == "rules/x.json")
        #expect(error.position == TextPosition(line: 7, column: 17))
        #expect(error.message.contains("did you mean 'disconnectType'"))
        #expect(error.description.hasPrefix("rules/x.json:7:17: "))
    }

    @Test("the column inside a condition accounts for escapes before the mistake")
    func columnAfterEscapes() throws {
        let error = try #require(loadError(ruleText(condition: "segmentType == \\\"alert\\\" and bogus")))
        // `segmentType == "alert" and ` is 27 characters of text but 29 in the file.
        #expect(error.position == TextPosition(line: 7, column: 17 + 29))
    }

    @Test("an unknown key is rejected with a suggestion")
    func unknownKey() throws {
        let error = try #require(loadError(ruleText(extra: "\n  \"severty\": \"error\",")))
        #expect(error.message.contains("unknown key \"severty\""))
        #expect(error.message.contains("did you mean \"severity\""))
        #expect(error.position.line == 8)
    }

    @Test("wrong types, bad ids and missing parts are each named")
    func badValues() {
        #expect(loadError(ruleText(id: "acme-1"))?.message.contains("capital letters") == true)
        #expect(loadError(ruleText().replacingOccurrences(of: "\"warning\"", with: "\"fatal\""))?.message.contains("error, warning, info") == true)
        #expect(loadError(ruleText().replacingOccurrences(of: "\"segment\"", with: "\"call\""))?.message.contains("conversation, participant") == true)
        #expect(loadError(ruleText().replacingOccurrences(of: "\"pass\": [{\"input\": {\"conversationId\": \"c\"}}]", with: "\"pass\": []"))?.message.contains("\"pass\" example") == true)
        #expect(loadError(ruleText(extra: "\n  \"unique\": \"conversationId\","))?.message.contains("exactly one") == true)
        #expect(loadError("{\"id\": \"ACME001\",}")?.message.contains("not valid JSON") == true)
        #expect(loadError("[]")?.message.contains("must be a JSON object") == true)
    }

    @Test("malformed JSON is located where jansson stopped")
    func malformedJSON() throws {
        let error = try #require(loadError("{\n  \"id\": \"ACME001\"\n  \"name\": \"x\"\n}"))
        #expect(error.position.line == 3)
    }

    @Test("a message placeholder is checked like a condition")
    func badPlaceholder() throws {
        let error = try #require(loadError(ruleText().replacingOccurrences(of: "{session.mediaType}", with: "{session.mediaTyp}")))
        #expect(error.message.contains("in \"message\""))
        #expect(error.position.line == 8)
    }

    @Test("two rules with one id are refused")
    func duplicateIds() {
        let sources = [ruleText(), ruleText()].enumerated().map { index, text in
            (file: JSONSourceFile(path: "rules/\(index).json", bytes: Array(text.utf8)), isBuiltIn: false, readsExamples: true)
        }
        #expect(throws: SourceFileError.self) { try RuleCatalog.load(sources) }
    }

    @Test("parameters are declared with defaults and read as params.name")
    func parameters() throws {
        let text = ruleText(condition: "durationMs > params.limitMs", extra: "\n  \"parameters\": {\"limitMs\": {\"default\": 1000, \"description\": \"d\"}},")
        let rule = try load(text)
        #expect(rule.parameters.map(\.name) == ["limitMs"])
        #expect(rule.parameters.first?.defaultValue == .number(1000))
    }
}

@Suite struct QuickStartCatalogTests {
    @Test("without the built-in examples, the catalog holds the same rules, only without examples")
    func catalogWithoutBuiltInExamples() throws {
        let quick = try RuleCatalog.load(builtInExamples: false)
        let full = TestSupport.catalog
        #expect(quick.rules.map(\.id) == full.rules.map(\.id))
        #expect(quick.rules.allSatisfy { $0.examples.isEmpty })
        for (fast, complete) in zip(quick.rules, full.rules) {
            #expect(fast.expressionText == complete.expressionText)
            #expect(fast.documentation.whatToDo == complete.documentation.whatToDo)
            #expect(fast.severity == complete.severity)
        }
    }
}

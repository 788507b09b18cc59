import GenesysJSON
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
        var sources = EmbeddedRules.files.map { RuleSource.builtIn($0, withExamples: true) }
        sources.append(RuleSource(file: JSONSourceFile(path: "rules/x.json", bytes: Array(ruleText().utf8)), isBuiltIn: false))
        let catalog = try RuleCatalog.load(sources)
        #expect(RuleExampleRunner.failures(of: rule, in: catalog).isEmpty)
    }

    @Test("an example the reader cannot take as conversations fails, since the rule never saw it")
    func unreadableExample() throws {
        let text = ruleText().replacingOccurrences(of: "\"pass\": [{\"input\": {\"conversationId\": \"c\"}}]", with: "\"pass\": [{\"input\": {\"id\": \"c\"}}]")
        let rule = try load(text)
        var sources = EmbeddedRules.files.map { RuleSource.builtIn($0, withExamples: true) }
        sources.append(RuleSource(file: JSONSourceFile(path: "rules/x.json", bytes: Array(text.utf8)), isBuiltIn: false))
        let failures = RuleExampleRunner.failures(of: rule, in: try RuleCatalog.load(sources))
        #expect(failures.map(\.kind) == [.pass])
        #expect(failures.first?.description.contains("could not be read as conversations") == true, "\(failures)")
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

    @Test("covers names analytics disconnect types and the article's outcomes; anything else is refused where it is")
    func covers() throws {
        let rule = try load(ruleText(extra: "\n  \"covers\": [{\"outcome\": \"notResponding\", \"disconnectTypes\": [\"peer\", \"client\"]}],"))
        #expect(rule.covers == [ReasonOutcomePair(disconnectType: "peer", outcome: .notResponding), ReasonOutcomePair(disconnectType: "client", outcome: .notResponding)])
        let dotted = try #require(loadError(ruleText(extra: "\n  \"covers\": [{\"outcome\": \"abandoned\", \"disconnectTypes\": [\"transfer.noanswer\"]}],")))
        #expect(dotted.message.contains("not an analytics disconnectType"))
        #expect(dotted.position.line == 8)
        #expect(loadError(ruleText(extra: "\n  \"covers\": [{\"outcome\": \"dropped\", \"disconnectTypes\": [\"peer\"]}],"))?.message.contains("abandoned, handled, notResponding") == true)
        #expect(loadError(ruleText(extra: "\n  \"covers\": [{\"outcome\": \"handled\"}],"))?.message.contains("names the disconnect types") == true)
        #expect(loadError(ruleText(extra: "\n  \"covers\": [{\"outcome\": \"handled\", \"reasons\": [\"peer\"]}],"))?.message.contains("unknown key \"reasons\"") == true)
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
            RuleSource(file: JSONSourceFile(path: "rules/\(index).json", bytes: Array(text.utf8)), isBuiltIn: false)
        }
        #expect(throws: SourceFileError.self) { try RuleCatalog.load(sources) }
    }

    @Test("rules compiled in parallel report the first mistake in source order, as one by one would")
    func parallelLoadReportsTheFirstMistake() throws {
        let texts = [
            ruleText(id: "ACME001"),
            ruleText(id: "ACME002"),
            ruleText(id: "ACME001"),
            ruleText(condition: "disconnectTyp == 'spam'", id: "ACME003"),
            ruleText(id: "acme-5"),
            "{",
        ]
        func sources(from first: Int) -> [RuleSource] {
            (first..<texts.count).map { index in
                RuleSource(file: JSONSourceFile(path: "rules/\(index).json", bytes: Array(texts[index].utf8)), isBuiltIn: false)
            }
        }
        // Each file from the third on has a mistake, so compiling out of order would show.
        for first in texts.indices {
            let oneByOne = try #require(caught { () throws(SourceFileError) in _ = try RuleCatalog.load(sources(from: first), jobs: 1) })
            for _ in 0..<20 {
                let parallel = caught { () throws(SourceFileError) in _ = try RuleCatalog.load(sources(from: first), jobs: 4) }
                #expect(parallel == oneByOne)
            }
        }
        let duplicate = try #require(caught { () throws(SourceFileError) in _ = try RuleCatalog.load(sources(from: 0), jobs: 4) })
        #expect(duplicate.description == "rules/2.json:2:9: rule id ACME001 is already used by rules/0.json; give this rule its own id")
        let typo = try #require(caught { () throws(SourceFileError) in _ = try RuleCatalog.load(sources(from: 1), jobs: 4) })
        #expect(typo.file == "rules/3.json")
        #expect(typo.position == TextPosition(line: 7, column: 17))
    }

    @Test("rules compiled in parallel make the same catalog, in the same order, every time")
    func parallelLoadIsDeterministic() throws {
        let sources = EmbeddedRules.files.map { RuleSource.builtIn($0, withExamples: false) }
        let oneByOne = try RuleCatalog.load(sources, jobs: 1)
        for _ in 0..<5 {
            let parallel = try RuleCatalog.load(sources, jobs: 4)
            #expect(parallel.rules.map(\.id) == oneByOne.rules.map(\.id))
            #expect(parallel.rules.map(\.source) == oneByOne.rules.map(\.source))
            #expect(parallel.rules.map(\.expressionText) == oneByOne.rules.map(\.expressionText))
        }
    }

    @Test("ids are capitals then digits, names are kebab-case, in ASCII only")
    func idsAndNames() {
        #expect(RuleLoader.isValidId("ACME001"))
        for id in ["ACME", "001", "acme001", "ACME01a", "ACMÉ001", "ACME00\u{0663}", "A\u{301}001", "ACME001\u{301}", ""] {
            #expect(!RuleLoader.isValidId(id), "\(id)")
        }
        #expect(RuleLoader.isKebabCase("abandoned-client-disconnect"))
        #expect(RuleLoader.isKebabCase("t2-over-30s"))
        for name in ["", "-a", "a-", "a--b", "A-b", "a_b", "a b", "café", "a-\u{301}b", "a\r\nb"] {
            #expect(!RuleLoader.isKebabCase(name), "\(name)")
        }
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
            #expect(fast.severity == complete.severity)
            #expect(fast.category == complete.category)
            #expect(fast.parameters.map(\.name) == complete.parameters.map(\.name))
        }
    }

    @Test("a built-in rule's documentation is read when asked for, and is the one of its file under Rules/")
    func deferredDocumentation() throws {
        let quick = try RuleCatalog.load(builtInExamples: false)
        for rule in quick.rules {
            guard case .deferred = rule.documentationSource else {
                Issue.record("\(rule.id)'s documentation was read at load time")
                continue
            }
            let text = try String(contentsOfFile: TestSupport.path(rule.source), encoding: .utf8)
            let written: [String?] = try JSONDocument.parse(text).get().withRoot { root in
                ["whatItChecks", "whyItMatters", "whatToDo"].map { root["documentation"]?[$0]?.string }
            }
            #expect(written == [rule.documentation.whatItChecks, rule.documentation.whyItMatters, rule.documentation.whatToDo], "\(rule.id)")
        }
    }
}

import ArgumentParser
import GenesysLint

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain a rule: what it checks, why it matters, what to do.")

    @Argument(help: "A rule id, e.g. GDQ201.")
    var id: String

    @Flag(name: .long, help: "Also print the input of each example.")
    var examples = false

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let setup = try ruleOptions.setup()
        guard let rule = setup.catalog.rule(withId: id.uppercased()) ?? setup.catalog.rules.first(where: { $0.name == id }) else {
            let hint = Configuration.hint(id, setup.catalog)
            throw CommandFailure("no rule \"\(id)\"\(hint); `genesys-lint rules --all` lists them")
        }
        print(RuleDocumentation.explanation(of: rule, configuration: setup.configuration, includeInputs: examples), terminator: "")
    }
}

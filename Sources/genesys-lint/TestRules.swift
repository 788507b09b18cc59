import ArgumentParser
import GenesysLint

struct TestRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-rules",
        abstract: "Run the examples of every rule (built-in and --rules folders) and report those that misbehave."
    )

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let setup = try ruleOptions.setup()
        var failures = 0
        var examples = 0
        for rule in setup.catalog.rules where setup.configuration.isEnabled(rule.id) {
            examples += rule.examples.count
            for failure in RuleExampleRunner.failures(of: rule, in: setup.catalog) {
                print(failure.description)
                failures += 1
            }
        }
        print(failures == 0 ? "All \(examples) rule examples behave." : "\(failures) of \(examples) rule examples misbehave.")
        if failures > 0 { throw Exit.findings }
    }
}

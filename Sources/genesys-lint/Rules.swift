import ArgumentParser
import GenesysLint

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List the rules in force.")

    @Flag(name: .long, help: "Also list rules that are disabled by the configuration or selection.")
    var all = false

    enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown, coverage
    }

    @Option(name: .long, help: "Listing format: text, json, markdown (the index in Rules/README.md), or coverage (the table of disconnect reasons × outcomes and the rules that check each pair).")
    var format: ListingFormat = .text

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let setup = try ruleOptions.setup()
        switch format {
        case .text: print(RuleDocumentation.listing(setup.catalog, configuration: setup.configuration, includeDisabled: all), terminator: "")
        case .json: print(RuleDocumentation.listingJSON(setup.catalog, configuration: setup.configuration), terminator: "")
        case .markdown: print(RuleDocumentation.markdownIndex(setup.catalog), terminator: "")
        case .coverage:
            do {
                print(try ReasonOutcomeCoverage.builtIn().markdownTable(setup.catalog), terminator: "")
            } catch {
                throw CommandFailure("the built-in table of reasons and outcomes cannot be read: \(error)")
            }
        }
    }
}

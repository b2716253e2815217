import ArgumentParser
import Foundation
import RedressPlaybook

/// `redress handlers`: every registered handler with its parameters, outputs, outcomes and
/// policy, which is all the validator needs to check playbooks offline.
struct HandlersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handlers",
        abstract: "List every step handler with its parameters, outputs, outcomes and policy.")

    @Option(help: "Output format: human or json.")
    var format: ResultFormat = .human

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let registry = try HandlerRegistry.load(plugins)
        let catalog = try registry.catalog(triage: try TriageFile.load(folder: nil))
        let origins = Dictionary(registry.plugins.handlers.map { ($0.descriptor.name, $0.manifestPath) }, uniquingKeysWith: { first, _ in first })
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            let data = try encoder.encode(catalog.descriptors.map { HandlerListing($0, origin: origins[$0.name]) })
            FileOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
        case .human:
            FileOutput.standardOutput.write(catalog.descriptors.map { HandlerListing.text($0, origin: origins[$0.name]) }.joined(separator: "\n"))
        }
    }
}

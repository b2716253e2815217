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
    var format: OutputFormat = .human

    func run() throws {
        let catalog = try HandlerRegistry.catalog()
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            let data = try encoder.encode(catalog.descriptors.map(HandlerListing.init))
            FileOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
        case .human, .sarif:
            FileOutput.standardOutput.write(catalog.descriptors.map(HandlerListing.text).joined(separator: "\n"))
        }
    }
}

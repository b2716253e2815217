import ArgumentParser

/// `redress config ...`: the configuration file.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check redress.yaml, or show the settings in effect (secrets masked).",
        subcommands: [ConfigCheckCommand.self, ConfigShowCommand.self])
}

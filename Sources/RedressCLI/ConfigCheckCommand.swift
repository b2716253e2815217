import ArgumentParser
import Foundation

/// `redress config check`: reads the configuration file as every command does and reports its
/// problems (file:line:column, codes, snippets); exit 0 when it is usable, 2 when not.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check the configuration file (--config, $REDRESS_CONFIG, else redress.yaml in the state directory).")

    @OptionGroup var plugins: PluginOptions

    func run() async throws {
        let settings = try plugins.configuration()
        guard let path = settings.path else {
            FileOutput.standardOutput.write("no configuration file: the defaults apply (sandbox wallet, ./Playbooks, single-operator mode)\n")
            return
        }
        _ = try plugins.folders()
        FileOutput.standardOutput.write("\(path): ok\n")
    }
}

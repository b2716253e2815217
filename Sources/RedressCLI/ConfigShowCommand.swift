import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressRuntime

/// `redress config show`: the settings in effect after the file, the environment and the
/// defaults, one `key: value` per line; secrets are masked, never printed.
struct ConfigShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the settings in effect (secrets masked).")

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions

    func run() async throws {
        let settings = try plugins.configuration()
        let environment = ProcessInfo.processInfo.environment
        let wallet: WalletSetting
        do {
            wallet = try settings.wallet.overridden(by: environment, allowInsecure: settings.allowInsecureHTTP)
        } catch {
            FileOutput.standardError.write("redress: error: \(error)\n")
            throw ExitStatus.usage
        }
        var lines: [(String, String)] = [("config", settings.path ?? "(none: defaults)"), ("state", state.resolvedDirectory)]
        lines += wallet.summary
        if environment["REDRESS_WALLET_URL"].map({ !$0.isEmpty }) == true { lines.append(("wallet.url.from", "REDRESS_WALLET_URL")) }
        lines.append(("playbooks", environment["REDRESS_PLAYBOOKS"] ?? settings.playbookFolder ?? "Playbooks"))
        lines.append(("plugins", (try plugins.folders()).joined(separator: ", ")))
        lines.append(("trust.verifiers", settings.trustedVerifiers.sorted().joined(separator: ", ")))
        if let actors = settings.actors {
            for actor in actors.values.sorted(by: { $0.name < $1.name }) {
                let roles = actor.roles.map(\.rawValue).sorted().joined(separator: ", ")
                lines.append(("actors.\(actor.name)", "[\(roles)]" + (actor.tokenSHA256 == nil ? "" : " token ********")))
            }
        } else {
            lines.append(("actors", "(none: single-operator mode)"))
        }
        for (key, value) in lines { FileOutput.standardOutput.write(TerminalText.escape("\(key): \(value)") + "\n") }
    }
}

import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressRuntime

/// `redress actors`: who may act under the configuration, and tokens for them.
struct ActorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actors", abstract: "List the actors redress.yaml configures, or make a token for one.",
        subcommands: [List.self, Token.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the configured actors and their roles (never their tokens).")
        @OptionGroup var plugins: PluginOptions

        func run() async throws {
            let settings = try plugins.configuration()
            guard let actors = settings.actors else {
                FileOutput.standardOutput.write(
                    "no actors configured: single-operator mode (any --as name may do anything; four-eyes still compares names)\n")
                return
            }
            let rows = actors.values.sorted { $0.name < $1.name }.map { actor in
                [
                    TerminalText.escape(actor.name), actor.roles.sorted().map(\.rawValue).joined(separator: ", "),
                    actor.tokenSHA256 == nil ? "name only" : "token",
                ]
            }
            FileOutput.standardOutput.write(TextTable.render(header: ["ACTOR", "ROLES", "PROVES IT WITH"], rows: rows))
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new random token: give the token to its actor (it goes in $REDRESS_TOKEN) and put the digest in redress.yaml.")

        func run() async throws {
            let (token, digest) = ActorDirectory.newToken()
            FileOutput.standardOutput.write("token:        \(token)\ntoken_sha256: \(digest)\n")
        }
    }
}

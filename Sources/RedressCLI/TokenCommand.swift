import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressPlaybook
import RedressRuntime

/// `redress token create|list|revoke`: bearer tokens for configured actors, kept hashed in the
/// state directory; a revoked or expired token stops working at once, in `redress serve` too.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue, list and revoke bearer tokens for the actors redress.yaml configures.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token for an actor; it is printed once (only its SHA-256 is kept): hand it over through a secret store.")

        @Option(help: "The configured actor the token acts as.")
        var actor: String

        @Option(help: "How long it works (e.g. 30d, 12h); without it, until revoked.")
        var expires: String?

        @Option(help: "What it is for (shown by 'redress token list').")
        var note: String?

        @OptionGroup var state: StateOptions
        @OptionGroup var plugins: PluginOptions

        func run() async throws {
            let settings = try plugins.configuration()
            guard let actors = settings.actors, actors[actor] != nil else {
                let known = (settings.actors?.keys.sorted() ?? []).joined(separator: ", ")
                FileOutput.standardError.write(
                    TerminalText.escape("redress: error: '\(actor)' is not an actor configured in redress.yaml (configured: \(known.isEmpty ? "none" : known))") + "\n")
                throw ExitStatus.usage
            }
            var expiresAt: Date?
            if let expires {
                guard let span = PlaybookDuration(expires), span.seconds > 0 else {
                    FileOutput.standardError.write("redress: error: --expires '\(TerminalText.escape(expires))' is not a duration (e.g. 30d, 12h)\n")
                    throw ExitStatus.usage
                }
                expiresAt = Date().addingTimeInterval(span.seconds)
            }
            let store = TokenStore(directory: state.resolvedDirectory)
            let (token, record) = try Self.report { try store.issue(actor: actor, expiresAt: expiresAt, note: note) }
            FileOutput.standardOutput.write("token: \(token)\nid:    \(record.id)\n")
            FileOutput.standardError.write(
                "issued \(record.id) for \(TerminalText.escape(actor))" + (expiresAt.map { ", until \($0.formatted(.iso8601))" } ?? ", until revoked")
                    + "; the token is not stored and is shown only now\n")
        }

        static func report<T>(_ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch {
                FileOutput.standardError.write("redress: error: \(TerminalText.escape(String(describing: error)))\n")
                throw ExitStatus.usage
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List issued tokens (never the tokens themselves).")

        @OptionGroup var state: StateOptions

        func run() async throws {
            let tokens = try Create.report { try TokenStore(directory: state.resolvedDirectory).all() }
            let now = Date()
            let rows = tokens.map { token in
                [
                    token.id, TerminalText.escape(token.actor), token.createdAt.formatted(.iso8601), token.expiresAt?.formatted(.iso8601) ?? "never",
                    token.revokedAt != nil ? "revoked" : (token.isLive(at: now) ? "live" : "expired"), TerminalText.escape(token.note ?? ""),
                ]
            }
            FileOutput.standardOutput.write(TextTable.render(header: ["ID", "ACTOR", "ISSUED", "EXPIRES", "STATUS", "NOTE"], rows: rows))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id; it stops working at once.")

        @Argument(help: "The token's id (tok_…), from 'redress token list'.")
        var id: String

        @OptionGroup var state: StateOptions

        func run() async throws {
            guard try Create.report({ try TokenStore(directory: state.resolvedDirectory).revoke(id) }) else {
                FileOutput.standardError.write("redress: error: no live token \(TerminalText.escape(id)) (see 'redress token list')\n")
                throw ExitStatus.usage
            }
            FileOutput.standardOutput.write("revoked \(id)\n")
        }
    }
}

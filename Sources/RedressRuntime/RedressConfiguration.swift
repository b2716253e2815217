import Foundation
import RedressDiagnostics
import RedressPlaybook
import RedressYAML

/// `redress.yaml`: the project's settings, read by the same YAML layer and with the same
/// diagnostics (file:line:column, codes) as playbooks. It says which wallet and store to use,
/// where playbooks and plugins are, whom to trust and who may act:
///
/// ```yaml
/// wallet:
///   kind: http                     # or sandbox (the default)
///   url: https://wallet.example/api
///   auth: {kind: bearer, token_env: WALLET_TOKEN}   # or token_file; hmac: secret_env/secret_file
///   timeouts: {connect: 2s, call: 10s}
/// playbooks: Playbooks
/// plugins: [Plugins/acme]
/// trust:
///   verifiers: [acme.face_check]   # external handlers allowed to verify the user's identity
/// actors:
///   alice: {roles: [operator]}
///   rita: {roles: [reviewer], token_sha256: 5e88…}   # acting as rita needs her token
/// ```
///
/// Contract: `load` collects every problem; a file with an error yields no configuration (a
/// half-read trust list must not decide who may verify identity, nor a half-read actor list who
/// may approve). No file means the defaults: no external handler is trusted to verify identity,
/// and no `actors:` means single-operator mode (any name, every role).
package struct RedressConfiguration: Sendable {
    /// External handlers that may declare `verifies_identity_on`.
    package var trustedVerifiers: Set<String> = []
    /// The configured actors by name, or `nil` when the file has no `actors:`.
    package var actors: [String: ConfiguredActor]?
    /// The file it was read from, if any.
    package var path: String?
    /// The wallet the handlers talk to.
    package var wallet: WalletSetting = .sandbox
    /// Whether plain http to a host other than this machine is allowed (`REDRESS_WALLET_URL` too).
    package var allowInsecureHTTP = false
    /// The playbook folder, or `nil` for the command line's and environment's default.
    package var playbookFolder: String?
    /// Plugin folders besides `./Plugins`, `$REDRESS_PLUGIN_PATH` and `--plugins`.
    package var pluginFolders: [String] = []

    /// The defaults.
    package init() {}

    static let topLevelKeys = ["wallet", "playbooks", "plugins", "trust", "actors"]
    static let trustKeys = ["verifiers"]
    static let actorKeys = ["roles", "token_sha256"]

    /// The file's configuration, or its diagnostics (with the source, for snippets).
    package static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<RedressConfiguration, Problems> {
        let (source, parsed) = YAMLParser().parseFile(atPath: path, requireMapping: true)
        var diagnostics = parsed.errors.map(\.diagnostic)
        var configuration = RedressConfiguration()
        configuration.path = path
        if let document = parsed.document {
            var reader = NodeReader(source: source)
            let top = reader.mapping(document.root, "redress.yaml", allowed: topLevelKeys)
            if let trustNode = top?["trust"]?.value, let trust = reader.mapping(trustNode, "trust", allowed: trustKeys) {
                for name in trust["verifiers"].map({ reader.stringList($0.value, "a handler name") }) ?? [] {
                    guard PluginManifestDecoder.isHandlerName(name.value) else {
                        reader.sink.error(.badIdentifier, "'\(name.value)' is not a handler name ('namespace.name')", at: name.mark, length: name.length)
                        continue
                    }
                    configuration.trustedVerifiers.insert(name.value)
                }
            }
            if let actorsNode = top?["actors"]?.value { configuration.actors = readActors(actorsNode, &reader) }
            let folder = (path as NSString).deletingLastPathComponent
            var extra: [Diagnostic] = []
            if let walletNode = top?["wallet"]?.value {
                (configuration.wallet, configuration.allowInsecureHTTP) = readWallet(walletNode, &reader, &extra, environment: environment, folder: folder)
            }
            func resolved(_ located: Located<String>) -> String {
                located.value.hasPrefix("/") ? located.value : (folder as NSString).appendingPathComponent(located.value)
            }
            configuration.playbookFolder = top?["playbooks"].flatMap { reader.string($0.value, "playbooks") }.map(resolved)
            configuration.pluginFolders = top?["plugins"].map { reader.stringList($0.value, "a plugin folder").map(resolved) } ?? []
            diagnostics += reader.sink.diagnostics + extra
        }
        // In file order, as a reader fixes them (the schema's and the wallet's checks run apart).
        diagnostics.sort { ($0.mark.line, $0.mark.column) < ($1.mark.line, $1.mark.column) }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return .failure(Problems(source: source, diagnostics: diagnostics)) }
        return .success(configuration)
    }

    /// `actors:`: names mapped to `{roles: [...], token_sha256: HEX}`.
    private static func readActors(_ node: YAMLNode, _ reader: inout NodeReader) -> [String: ConfiguredActor] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "actors must map names to {roles: [...]}", at: node)
            return [:]
        }
        var actors: [String: ConfiguredActor] = [:]
        for entry in node.entries {
            guard let name = reader.string(entry.key, "an actor name") else { continue }
            guard name.value.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}/) != nil else {
                reader.sink.error(.badIdentifier, "actor name '\(name.value)' must be letters, digits, '_', '.', '@' or '-' (at most 64)", at: entry.key)
                continue
            }
            guard let fields = reader.mapping(entry.value, "actor '\(name.value)'", allowed: actorKeys) else { continue }
            var roles: Set<ActorRole> = []
            for role in fields["roles"].map({ reader.stringList($0.value, "a role") }) ?? [] {
                guard let known = ActorRole(rawValue: role.value) else {
                    let names = ActorRole.allCases.map(\.rawValue)
                    let suggestion = Suggestions.closest(to: role.value, among: names).map { "; did you mean '\($0)'?" } ?? ""
                    reader.sink.error(
                        .badValue, "unknown role '\(role.value)'\(suggestion)", at: role.mark, length: role.length,
                        notes: [.init("roles: " + names.joined(separator: ", "))])
                    continue
                }
                roles.insert(known)
            }
            if roles.isEmpty, fields["roles"] == nil {
                reader.sink.error(.missingKey, "actor '\(name.value)' needs 'roles' (\(ActorRole.allCases.map(\.rawValue).joined(separator: ", ")))", at: entry.key)
            }
            var digest: String?
            if let tokenNode = fields["token_sha256"]?.value, let text = reader.string(tokenNode, "token_sha256") {
                if text.value.wholeMatch(of: /[0-9a-fA-F]{64}/) != nil {
                    digest = text.value.lowercased()
                } else {
                    reader.sink.error(
                        .badValue, "token_sha256 must be 64 hex digits: the SHA-256 of the token, never the token itself", at: tokenNode,
                        notes: [.init("'redress actors token' makes a token and prints its digest")])
                }
            }
            actors[name.value] = ConfiguredActor(name: name.value, roles: roles, tokenSHA256: digest)
        }
        return actors
    }

    /// Who may act, from `actors:` (single-operator mode without it).
    package var directory: ActorDirectory { ActorDirectory(actors: actors) }

    /// The actor directory that also accepts the tokens `redress token create` issued into
    /// `stateDirectory`.
    package func directory(stateDirectory: String) -> ActorDirectory {
        ActorDirectory(actors: actors, issued: TokenStore(directory: stateDirectory))
    }

    /// What was wrong with a configuration file.
    package struct Problems: Error, Sendable {
        /// The file, for snippets.
        package let source: SourceFile
        /// Every problem found.
        package let diagnostics: [Diagnostic]
    }
}

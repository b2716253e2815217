import Crypto
import Foundation

/// Who may act, and as whom: the configured actors, or, when `redress.yaml` configures none, the
/// single-operator mode of a laptop (any name, every role, as before actors existed).
///
/// Contract: `authorize` says yes only for a configured name whose token (when it has one) hashes
/// to the configured digest, with a role that allows the action; every refusal says why in words
/// an operator can act on, and never echoes the token.
package struct ActorDirectory: Sendable {
    /// The configured actors by name; `nil` in single-operator mode.
    package let actors: [String: ConfiguredActor]?
    /// Tokens issued by `redress token create`, checked beside the configured digests.
    package let issued: TokenStore?

    /// A directory of `actors` (`nil`: single-operator mode), also accepting the live tokens of
    /// `issued`.
    package init(actors: [String: ConfiguredActor]?, issued: TokenStore? = nil) {
        self.actors = actors
        self.issued = issued
    }

    /// Why an actor was refused.
    package struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// What to tell them.
        package let message: String
        package var description: String { message }
    }

    /// `name` acting `action`, proved by `token` when the actor has one; the name to record.
    package func authorize(_ name: String, token: String?, for action: ActorAction) -> Result<String, Refusal> {
        guard let actors else { return .success(name) }
        guard let actor = actors[name] else {
            let known = actors.keys.sorted().joined(separator: ", ")
            return .failure(Refusal(message: "'\(name)' is not a configured actor (actors in redress.yaml: \(known.isEmpty ? "none" : known)); act as one with --as or REDRESS_ACTOR"))
        }
        if let expected = actor.tokenSHA256 {
            guard let token, !token.isEmpty else {
                return .failure(Refusal(message: "actor '\(name)' needs its token in REDRESS_TOKEN"))
            }
            let issuedToThem = issued?.live(digest: Self.digest(token))?.actor == name
            guard Self.matches(token, expected) || issuedToThem else { return .failure(Refusal(message: "the token in REDRESS_TOKEN is not actor '\(name)''s")) }
        }
        return Self.permits(actor, action)
    }

    /// The configured actor whose token is `token` (a bearer token on the HTTP API), comparing
    /// every actor's digest without an early exit; `nil` for no match or no actors configured.
    /// An issued token (`redress token create`) counts while it is live and its actor is still
    /// configured.
    package func actor(bearing token: String) -> ConfiguredActor? {
        guard let actors, !token.isEmpty else { return nil }
        let digest = Self.digest(token)
        var found: ConfiguredActor?
        for actor in actors.values.sorted(by: { $0.name < $1.name }) {
            if let expected = actor.tokenSHA256, Self.equalDigests(digest, expected), found == nil { found = actor }
        }
        if found == nil, let record = issued?.live(digest: digest) { found = actors[record.actor] }
        return found
    }

    /// Whether `actor` has a role that allows `action`; the refusal says which role would.
    package static func permits(_ actor: ConfiguredActor, _ action: ActorAction) -> Result<String, Refusal> {
        guard actor.roles.contains(where: { $0.actions.contains(action) }) else {
            let allowed = ActorRole.allCases.filter { $0.actions.contains(action) }.map(\.rawValue).joined(separator: " or ")
            let has = actor.roles.sorted().map(\.rawValue).joined(separator: ", ")
            return .failure(Refusal(message: "actor '\(actor.name)' (\(has.isEmpty ? "no role" : has)) may not \(action.rawValue); that needs the role \(allowed)"))
        }
        return .success(actor.name)
    }

    /// Whether `token` hashes to the hex digest `expected`, compared without an early exit.
    static func matches(_ token: String, _ expected: String) -> Bool {
        equalDigests(digest(token), expected)
    }

    /// Whether two hex digests are the same, compared without an early exit.
    package static func equalDigests(_ actual: String, _ expected: String) -> Bool {
        let actual = Array(actual.lowercased().utf8)
        let wanted = Array(expected.lowercased().utf8)
        guard actual.count == wanted.count else { return false }
        return zip(actual, wanted).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Lower-case hex SHA-256 of a token: what `token_sha256` holds.
    package static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A fresh token and the digest to configure for it.
    package static func newToken() -> (token: String, sha256: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "rdt_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return (token, digest(token))
    }
}

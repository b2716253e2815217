import Foundation

/// How to reach a back office over the gateway contract: the `wallet:` section of
/// `redress.yaml` with `kind: http`, after its secret was read from the environment or a file.
package struct HTTPWalletSettings: Sendable, Hashable {
    /// The base URL (`https://wallet.example/api`); the contract's paths follow it.
    package var baseURL: URL
    /// How requests are authenticated.
    package var authentication: Authentication = .none
    /// How long establishing a connection may take.
    package var connectTimeout: Duration = .seconds(2)
    /// How long one call may take from sending to the last byte of its answer.
    package var callTimeout: Duration = .seconds(10)
    /// The most bytes an answer may have (the rest is not read: the answer is invalid).
    package var maxResponseBytes = 1 << 20
    /// Connections kept per host.
    package var maxConnections = 64

    /// How requests prove who sends them.
    package enum Authentication: Sendable, Hashable {
        /// Nothing (a back office on loopback, the served sandbox).
        case none
        /// `Authorization: Bearer TOKEN`.
        case bearer(token: String)
        /// HMAC-SHA256 signatures under a shared secret (`RequestSignature`).
        case hmac(secret: String)

        /// What the setting is, without its secret (for `config show` and errors).
        package var masked: String {
            switch self {
            case .none: return "none"
            case .bearer: return "bearer (token ********)"
            case .hmac: return "hmac-sha256 (secret ********)"
            }
        }
    }

    /// Settings for `baseURL` with the defaults.
    package init(baseURL: URL) { self.baseURL = baseURL }

    /// Whether `host` is this machine (plain http is only allowed there unless configured).
    package static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.first == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

import Foundation
import RedressHTTPWallet

/// Which wallet the engine's handlers talk to (`wallet:` in `redress.yaml`).
package enum WalletSetting: Sendable, Hashable {
    /// The built-in sandbox wallet in the state directory (the default).
    case sandbox
    /// A back office over the gateway contract.
    case http(HTTPWalletSettings)

    /// `REDRESS_WALLET_URL`, when set, replaces the URL (and makes the wallet `http`, keeping
    /// the file's authentication and timeouts when it names an http wallet). A plain-http URL to
    /// another host is refused unless the file allows it.
    package func overridden(by environment: [String: String], allowInsecure: Bool) throws -> WalletSetting {
        guard let text = environment["REDRESS_WALLET_URL"], !text.isEmpty else { return self }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty else {
            throw WalletSettingError("REDRESS_WALLET_URL '\(text)' is not an http(s) URL")
        }
        if scheme == "http", !allowInsecure, !HTTPWalletSettings.isLoopback(host) {
            throw WalletSettingError(
                "REDRESS_WALLET_URL uses plain http to \(host), which is not this machine; use https, or set 'allow_insecure_http: true' under wallet: in redress.yaml")
        }
        switch self {
        case .sandbox: return .http(HTTPWalletSettings(baseURL: url))
        case .http(var settings):
            settings.baseURL = url
            return .http(settings)
        }
    }

    /// The setting as `config show` prints it (secrets masked).
    package var summary: [(String, String)] {
        switch self {
        case .sandbox: return [("wallet", "sandbox (built in, in the state directory)")]
        case .http(let settings):
            return [
                ("wallet", "http"), ("wallet.url", settings.baseURL.absoluteString), ("wallet.auth", settings.authentication.masked),
                ("wallet.timeouts.connect", "\(settings.connectTimeout)"), ("wallet.timeouts.call", "\(settings.callTimeout)"),
                ("wallet.max_response_bytes", "\(settings.maxResponseBytes)"), ("wallet.max_connections", "\(settings.maxConnections)"),
            ]
        }
    }
}

/// A wallet setting that cannot be used (from the environment; the file's problems are diagnostics).
package struct WalletSettingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    package let description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import RedressDiagnostics
import RedressHTTPWallet
import RedressPlaybook
import RedressYAML

extension RedressConfiguration {
    static let walletKeys = ["kind", "url", "auth", "timeouts", "max_response_bytes", "max_connections", "allow_insecure_http"]
    static let authKeys = ["kind", "token_env", "token_file", "secret_env", "secret_file", "token", "secret"]
    static let timeoutKeys = ["connect", "call"]
    /// The wallet kinds `wallet.kind` accepts.
    static let walletKinds = ["sandbox", "http"]
    /// The authentication kinds `wallet.auth.kind` accepts.
    static let authKinds = ["none", "bearer", "hmac"]

    /// `wallet:`: `{kind: sandbox}` or `{kind: http, url, auth, timeouts, ...}`. Secrets are read
    /// here from the environment variable or file the file names; a secret written in the file
    /// itself is an error, never read.
    static func readWallet(
        _ node: YAMLNode, _ reader: inout NodeReader, _ extra: inout [Diagnostic], environment: [String: String], folder: String
    ) -> (WalletSetting, allowInsecure: Bool) {
        guard let fields = reader.mapping(node, "wallet", allowed: walletKeys) else { return (.sandbox, false) }
        let kind = fields["kind"].flatMap { reader.string($0.value, "wallet.kind") }
        if let kind, !walletKinds.contains(kind.value) {
            reader.sink.error(.badValue, "wallet.kind must be \(walletKinds.joined(separator: " or ")), not '\(kind.value)'", at: kind.mark, length: kind.length)
            return (.sandbox, false)
        }
        let allowInsecure = fields["allow_insecure_http"].flatMap { reader.bool($0.value, "allow_insecure_http") } ?? false
        guard kind?.value == "http" else {
            for key in fields.keys where key != "kind" {
                reader.sink.error(.badValue, "'\(key)' applies to an http wallet; this one is the sandbox (add 'kind: http')", at: fields[key]?.key.mark ?? node.mark)
            }
            return (.sandbox, false)
        }
        guard let urlNode = fields["url"]?.value, let text = reader.string(urlNode, "wallet.url") else {
            if fields["url"] == nil { reader.sink.error(.missingKey, "an http wallet needs 'url' (https://…)", at: fields["kind"]?.key.mark ?? node.mark) }
            return (.sandbox, allowInsecure)
        }
        guard let url = URL(string: text.value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty,
            url.query == nil, url.fragment == nil
        else {
            extra.append(
                Diagnostic(.error, code: ConfigurationDiagnosticCode.badURL.rawValue, message: "wallet.url '\(text.value)' is not http(s)://host[:port][/path]", at: text.mark, length: text.length))
            return (.sandbox, allowInsecure)
        }
        if scheme == "http", !allowInsecure, !HTTPWalletSettings.isLoopback(host) {
            extra.append(
                Diagnostic(
                    .error, code: ConfigurationDiagnosticCode.insecureWalletURL.rawValue,
                    message: "plain http to \(host) would send money requests and identity proofs unencrypted; use https", at: text.mark, length: text.length,
                    notes: [.init("plain http is allowed to this machine (127.0.0.1, ::1, localhost); elsewhere only with 'allow_insecure_http: true'")]))
        }
        var settings = HTTPWalletSettings(baseURL: url)
        if let authNode = fields["auth"]?.value {
            settings.authentication = readAuthentication(authNode, &reader, &extra, environment: environment, folder: folder)
        }
        if let timeouts = fields["timeouts"].flatMap({ reader.mapping($0.value, "wallet.timeouts", allowed: timeoutKeys) }) {
            if let connect = timeouts["connect"].flatMap({ reader.duration($0.value, "timeouts.connect") }) {
                settings.connectTimeout = .milliseconds(connect.value.milliseconds)
            }
            if let call = timeouts["call"].flatMap({ reader.duration($0.value, "timeouts.call") }) { settings.callTimeout = .milliseconds(call.value.milliseconds) }
        }
        if let bytes = fields["max_response_bytes"].flatMap({ reader.integer($0.value, "max_response_bytes", in: 1024...(64 << 20)) }) {
            settings.maxResponseBytes = bytes
        }
        if let connections = fields["max_connections"].flatMap({ reader.integer($0.value, "max_connections", in: 1...1024) }) {
            settings.maxConnections = connections
        }
        return (.http(settings), allowInsecure)
    }

    /// `auth:`: `{kind: bearer, token_env: NAME}` / `token_file`, `{kind: hmac, secret_env | secret_file}`.
    private static func readAuthentication(
        _ node: YAMLNode, _ reader: inout NodeReader, _ extra: inout [Diagnostic], environment: [String: String], folder: String
    ) -> HTTPWalletSettings.Authentication {
        guard let fields = reader.mapping(node, "wallet.auth", allowed: authKeys) else { return .none }
        for key in ["token", "secret"] {
            if let entry = fields[key] {
                extra.append(
                    Diagnostic(
                        .error, code: ConfigurationDiagnosticCode.secretInConfiguration.rawValue,
                        message: "a \(key) is never written in redress.yaml (it would be copied, committed and shown)", at: entry.key.mark,
                        length: key.count, notes: [.init("name where to read it: '\(key)_env: VARIABLE' or '\(key)_file: PATH'")]))
            }
        }
        guard let kind = fields["kind"].flatMap({ reader.string($0.value, "wallet.auth.kind") }) else {
            if fields["kind"] == nil { reader.sink.error(.missingKey, "wallet.auth needs 'kind' (\(authKinds.joined(separator: ", ")))", at: node.mark) }
            return .none
        }
        switch kind.value {
        case "none": return .none
        case "bearer", "hmac":
            let name = kind.value == "bearer" ? "token" : "secret"
            guard let secret = readSecret(name, fields, &reader, &extra, environment: environment, folder: folder, at: kind) else { return .none }
            return kind.value == "bearer" ? .bearer(token: secret) : .hmac(secret: secret)
        default:
            reader.sink.error(.badValue, "wallet.auth.kind must be \(authKinds.joined(separator: ", ")), not '\(kind.value)'", at: kind.mark, length: kind.length)
            return .none
        }
    }

    /// The secret named by `NAME_env` or `NAME_file`.
    private static func readSecret(
        _ name: String, _ fields: [String: YAMLNode.Entry], _ reader: inout NodeReader, _ extra: inout [Diagnostic], environment: [String: String],
        folder: String, at kind: Located<String>
    ) -> String? {
        func missing(_ message: String, _ mark: SourceMark, _ length: Int) -> String? {
            extra.append(Diagnostic(.error, code: ConfigurationDiagnosticCode.missingSecret.rawValue, message: message, at: mark, length: length))
            return nil
        }
        if let variable = fields["\(name)_env"].flatMap({ reader.string($0.value, "\(name)_env") }) {
            guard let value = environment[variable.value], !value.isEmpty else {
                return missing("the environment variable \(variable.value) (the wallet's \(name)) is not set", variable.mark, variable.length)
            }
            return value
        }
        if let file = fields["\(name)_file"].flatMap({ reader.string($0.value, "\(name)_file") }) {
            let path = file.value.hasPrefix("/") ? file.value : (folder as NSString).appendingPathComponent(file.value)
            guard let data = FileManager.default.contents(atPath: path), data.count <= 4096,
                let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
            else { return missing("the wallet's \(name) file '\(file.value)' is missing, unreadable, empty or over 4 KB", file.mark, file.length) }
            return text
        }
        return missing("auth kind '\(kind.value)' needs '\(name)_env: VARIABLE' or '\(name)_file: PATH'", kind.mark, kind.length)
    }
}

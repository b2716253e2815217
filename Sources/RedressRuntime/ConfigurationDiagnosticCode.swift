/// The stable codes of `redress.yaml` diagnostics beyond the schema codes it shares with
/// playbooks (`unknown-key`, `wrong-type`, ...). Never rename one.
package enum ConfigurationDiagnosticCode: String, Sendable, CaseIterable {
    /// A secret written in the file itself (`token:`, `secret:`).
    case secretInConfiguration = "secret-in-configuration"
    /// A secret's environment variable is unset or its file is unreadable or empty.
    case missingSecret = "missing-secret"
    /// A URL that is not `http(s)://host[:port][/path]`.
    case badURL = "bad-url"
    /// Plain `http://` to a host that is not this machine, without `allow_insecure_http: true`.
    case insecureWalletURL = "insecure-wallet-url"
}

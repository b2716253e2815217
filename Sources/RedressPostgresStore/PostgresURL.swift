import Foundation
import PostgresNIO
import RedressEngine

/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require]` as a client
/// configuration. TLS is required unless the host is this machine or `sslmode=disable` says so.
enum PostgresURL {
    static func configuration(_ text: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""), let host = url.host, !host.isEmpty,
            let user = url.user, !user.isEmpty
        else { throw RunStoreError.unusable("'\(redacted(text))' is not postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        let mode = url.queryItems?.first { $0.name == "sslmode" }?.value
        let local = ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("/")
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case nil where local: tls = .disable
        default: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: user, password: url.password, database: database.isEmpty ? nil : database, tls: tls)
        configuration.options.minimumConnections = 0
        configuration.options.maximumConnections = 16
        return configuration
    }

    /// The URL with its password replaced by `***` (for errors and logs).
    static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "***"
        return url.string ?? "postgres://…"
    }
}

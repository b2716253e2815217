import AsyncHTTPClient
import NIOCore
import Synchronization

/// The HTTP clients of this process, one per connection setting, kept for its life (like
/// `HTTPClient.shared`): a client must be shut down before it is released, and a gateway is a
/// value that many tasks copy, so no gateway owns one.
enum ClientPool {
    private struct Setting: Hashable {
        let connectTimeout: Duration
        let maxConnections: Int
    }

    private static let clients = Mutex<[Setting: HTTPClient]>([:])

    /// The client for these settings (made on first use).
    static func client(connectTimeout: Duration, maxConnections: Int) -> HTTPClient {
        clients.withLock { clients in
            let setting = Setting(connectTimeout: connectTimeout, maxConnections: maxConnections)
            if let client = clients[setting] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout.components.seconds * 1000 + connectTimeout.components.attoseconds / 1_000_000_000_000_000)))
            configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnections)
            configuration.redirectConfiguration = .disallow
            configuration.httpVersion = .http1Only
            configuration.decompression = .disabled
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[setting] = client
            return client
        }
    }
}

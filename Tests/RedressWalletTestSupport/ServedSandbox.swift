import Foundation
import Logging
import RedressHTTPWallet
import RedressSandbox
import RedressSandboxServer
import RedressWalletAPI
import Synchronization

/// How a scenario's handlers reach the sandbox wallet: in process, or over HTTP through the
/// gateway contract to the sandbox served on a loopback port (real sockets, real JSON).
package enum WalletTransport: String, CaseIterable, Sendable {
    case inProcess = "in-process"
    case http
}

/// A sandbox wallet served on 127.0.0.1 (a free port) for the life of this object.
package final class ServedSandbox: Sendable {
    /// The gateway's base URL.
    package let url: URL
    private let task: Task<Void, any Error>

    /// Serves `wallet` with `faults`, returning once it listens.
    package init(_ wallet: SandboxWallet, faults: SandboxFaults = SandboxFaults(), authentication: ServerAuthentication = .none) async throws {
        let server = SandboxServer(wallet: wallet, authentication: authentication, faults: faults)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) { port in
            continuation.yield(port)
            continuation.finish()
        }
        task = Task { try await application.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        url = URL(string: "http://127.0.0.1:\(port)")!
    }

    /// A gateway to this server with `change` applied to the default settings.
    package func gateway(_ change: (inout HTTPWalletSettings) -> Void = { _ in }) -> HTTPWalletGateway {
        var settings = HTTPWalletSettings(baseURL: url)
        change(&settings)
        return HTTPWalletGateway(settings)
    }

    deinit { task.cancel() }
}

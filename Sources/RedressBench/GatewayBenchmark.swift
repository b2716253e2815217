import Foundation
import Logging
import RedressHTTPWallet
import RedressSandbox
import RedressSandboxServer
import RedressWalletAPI

/// `redress-bench gateway`: the HTTP gateway's overhead per call against the sandbox served on
/// loopback (keep-alive on), beside the in-process sandbox as the baseline of the same run:
/// p50/p99 latency and calls/s of an order snapshot read at concurrency 1, 8 and 64.
enum GatewayBenchmark {
    static func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redress-bench-gw-\(UUID().uuidString)").path
        let wallet = try SandboxWallet(directory: directory)
        let server = SandboxServer(wallet: wallet)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })) {
            continuation.yield($0)
            continuation.finish()
        }
        let serving = Task { try await application.run() }
        defer { serving.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), let url = URL(string: "http://127.0.0.1:\(port)") else { return }
        let http = HTTPWalletGateway(HTTPWalletSettings(baseURL: url))
        let calls = 4_000
        print("order snapshot reads, \(calls) per row")
        print("gateway      concurrency   p50 µs   p99 µs    calls/s")
        for concurrency in [1, 8, 64] {
            for (name, gateway) in [("in-process", wallet as any WalletGateway), ("http", http)] {
                _ = try await measure(gateway, calls: 200, concurrency: concurrency)
                let sample = try await measure(gateway, calls: calls, concurrency: concurrency)
                print(
                    name.padding(toLength: 13, withPad: " ", startingAt: 0)
                        + String(format: "%11d %8.0f %8.0f %10.0f", concurrency, sample.p50, sample.p99, sample.perSecond))
            }
        }
    }

    /// `calls` snapshot reads (of three demo orders in turn) from `concurrency` tasks.
    static func measure(_ gateway: any WalletGateway, calls: Int, concurrency: Int) async throws -> LatencySample {
        try await LatencySample.measure((0..<calls).map { "ORD-\(1001 + $0 % 3)" }, concurrency: concurrency) { order in
            _ = try await gateway.snapshot(order: order)
        }
    }
}

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
                let (latencies, seconds) = try await measure(gateway, calls: calls, concurrency: concurrency)
                let sorted = latencies.sorted()
                let p50 = sorted[sorted.count / 2] * 1e6
                let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)] * 1e6
                print(
                    name.padding(toLength: 13, withPad: " ", startingAt: 0) + String(format: "%11d %8.0f %8.0f %10.0f", concurrency, p50, p99, Double(calls) / seconds))
            }
        }
    }

    /// `calls` snapshot reads from `concurrency` tasks; each call's latency and the wall time.
    static func measure(_ gateway: any WalletGateway, calls: Int, concurrency: Int) async throws -> ([Double], Double) {
        let started = Date()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    var call = worker
                    while call < calls {
                        let begin = Date()
                        _ = try await gateway.snapshot(order: "ORD-\(1001 + call % 3)")
                        mine.append(Date().timeIntervalSince(begin))
                        call += concurrency
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        return (latencies, Date().timeIntervalSince(started))
    }
}

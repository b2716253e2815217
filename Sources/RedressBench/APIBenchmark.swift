import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RedressCases
import RedressEngine
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import RedressRuntime
import RedressSQLiteStore
import RedressSandbox
import RedressServer
import RedressWalletPlugin

/// `redress-bench api`: `POST /v1/cases` and `GET /v1/runs/{id}` through `redress serve`'s API on
/// loopback (SQLite store, sandbox wallet, the shipped playbooks in `./Playbooks`), beside the
/// same operation called in process (`CaseIntake.open`, `RunStore.load`) as the baseline of the
/// same run: p50/p99 latency and requests/s at concurrency 1, 16 and 128.
enum APIBenchmark {
    static func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redress-bench-api-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let wallet = try SandboxWallet(directory: directory)
        let triage = WalletPlugin.builtInTriage
        var configuration = EngineConfiguration(owner: "bench")
        configuration.logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        configuration.owners = WalletOrderOwners(gateway: wallet)
        let handlers = try HandlerSet(FlowPlugin.handlers + WalletPlugin.handlers(gateway: wallet, triage: triage))
        let engine = Engine(store: try SQLiteRunStore(directory: directory), handlers: handlers, configuration: configuration)
        let intake = CaseIntake(engine: engine, wallet: wallet, triage: triage, playbookFolder: "Playbooks")
        let (token, digest) = ActorDirectory.newToken()
        var server = APIServer(
            engine: engine, intake: intake, directory: ActorDirectory(actors: ["app": ConfiguredActor(name: "app", roles: [.ingest, .operator], tokenSHA256: digest)]),
            playbookFolder: "Playbooks", validator: PlaybookValidator(catalog: handlers.catalog, triage: triage))
        // The benchmark measures the API, not its per-actor rate limit.
        server.requestsPerSecond = 1e9
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = server.application(host: "127.0.0.1", port: 0, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })) {
            continuation.yield($0)
            continuation.finish()
        }
        let serving = Task { try await application.run() }
        defer { serving.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { return }
        let base = "http://127.0.0.1:\(port)"
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 128
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        defer { _ = client.shutdown() }

        let calls = 2_000
        let concurrencies = [1, 16, 128]
        let orders = try wallet.generate(calls * concurrencies.count * 2 + 400)
        var next = 0
        func take(_ count: Int) -> [String] {
            defer { next += count }
            return Array(orders[next..<(next + count)])
        }
        print("\(calls) requests per row; in-process is the same operation without HTTP")
        print("operation                 via          concurrency   p50 µs   p99 µs   requests/s")
        var opened: [String] = []
        for concurrency in concurrencies {
            let inProcess = take(calls)
            let local = try await LatencySample.measure(inProcess, concurrency: concurrency) { order in
                guard case .opened(let run, _) = try await intake.open(order: order, actor: "app") else { throw BenchmarkError(message: "\(order) was not opened") }
                _ = run
            }
            report("POST /v1/cases", "in-process", concurrency, local)
            let overHTTP = take(calls)
            let remote = try await LatencySample.measure(overHTTP, concurrency: concurrency) { order in
                var request = HTTPClientRequest(url: base + "/v1/cases")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                request.body = .bytes(ByteBuffer(string: "{\"order_id\":\"\(order)\"}"))
                let response = try await client.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 1 << 20)
                guard response.status == .created else { throw BenchmarkError(message: "POST /v1/cases \(order): \(response.status) \(String(buffer: body))") }
            }
            report("POST /v1/cases", "http", concurrency, remote)
        }
        opened = try await engine.store.list(status: .pending, limit: 1_000).map(\.id)
        for concurrency in concurrencies {
            let reads = (0..<calls).map { opened[$0 % opened.count] }
            let local = try await LatencySample.measure(reads, concurrency: concurrency) { id in
                guard try await engine.store.load(id) != nil else { throw BenchmarkError(message: "no run \(id)") }
            }
            report("GET /v1/runs/{id}", "in-process", concurrency, local)
            let remote = try await LatencySample.measure(reads, concurrency: concurrency) { id in
                var request = HTTPClientRequest(url: base + "/v1/runs/\(id)")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let response = try await client.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 20)
                guard response.status == .ok else { throw BenchmarkError(message: "GET /v1/runs/\(id): \(response.status)") }
            }
            report("GET /v1/runs/{id}", "http", concurrency, remote)
        }
    }

    static func report(_ operation: String, _ via: String, _ concurrency: Int, _ sample: LatencySample) {
        print(
            operation.padding(toLength: 26, withPad: " ", startingAt: 0) + via.padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: "%12d %8.0f %8.0f %12.0f", concurrency, sample.p50, sample.p99, sample.perSecond))
    }
}

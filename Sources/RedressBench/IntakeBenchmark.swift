import Foundation
import Logging
import RedressCases
import RedressEngine
import RedressFlowPlugin
import RedressPluginAPI
import RedressSQLiteStore
import RedressSandbox
import RedressWalletAPI
import RedressWalletPlugin

/// `redress-bench intake`: opening cases on SQLite with 8 intakes at once over 10,000 orders.
/// The baseline is the plain insert a run without a case gets (`Engine.start`), in the same
/// process on a fresh database; the ratio is the case guard's cost. Then a second intake of every
/// open case (answered from the index, nothing stored), and the whole `handle` intake path
/// (wallet snapshot, playbook choice, case) on the sandbox wallet.
enum IntakeBenchmark {
    static let orders = ProcessInfo.processInfo.environment["REDRESS_BENCH_ORDERS"].flatMap(Int.init) ?? 10_000
    static let concurrency = 8
    static let playbook = """
        playbook: intake-bench
        title: Intake bench
        anomaly: transaction_failed
        inputs:
          order_id: {type: string, required: true}
        steps:
          - id: wait
            uses: flow.await
            with: {signal: go, deadline: 1h}
        """

    static func run() async throws {
        let ids = (1...orders).map { String(format: "ORD-B%07d", $0) }
        let insert = try await fresh { engine in
            try await timed(ids) { order in
                _ = try await engine.start(playbookText: playbook, path: "intake.yaml", inputs: ["order_id": .string(order)])
            }
        }
        var repeatSeconds = 0.0
        let open = try await fresh { engine in
            let seconds = try await timed(ids) { order in
                _ = try await engine.openCase(playbookText: playbook, path: "intake.yaml", inputs: ["order_id": .string(order)], caseKey: order)
            }
            repeatSeconds = try await timed(ids) { order in
                guard case .open = try await engine.openCase(
                    playbookText: playbook, path: "intake.yaml", inputs: ["order_id": .string(order)], caseKey: order)
                else { throw BenchmarkError(message: "a second intake of \(order) stored a new run") }
            }
            return seconds
        }
        report("insert without a case (baseline)", insert)
        report("open case", open)
        report("second intake of an open case (nothing stored)", repeatSeconds)
        print("intake: case guard cost, open case / insert = \(YAMLBenchmark.format(open / insert, digits: 2)) (time ratio)")
        try await handleIntake()
    }

    /// `CaseIntake.open` as `handle` and `scan` call it: sandbox snapshot, cached playbook
    /// choice, case write. The playbooks are the shipped ones, read from `./Playbooks`.
    private static func handleIntake() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let wallet = try SandboxWallet(directory: directory)
        let generated = try wallet.generate(orders)
        let engine = try engine(try SQLiteRunStore(directory: directory), wallet: wallet)
        let intake = CaseIntake(engine: engine, wallet: wallet, triage: WalletPlugin.builtInTriage, playbookFolder: "Playbooks")
        let seconds = try await timed(generated) { order in _ = try await intake.open(order: order) }
        report("CaseIntake.open on the sandbox wallet (snapshot, playbook choice, case)", seconds)
    }

    private static func fresh(_ body: (Engine) async throws -> Double) async throws -> Double {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(try engine(try SQLiteRunStore(directory: directory), wallet: nil))
    }

    private static func engine(_ store: any RunStore, wallet: SandboxWallet?) throws -> Engine {
        var configuration = EngineConfiguration(owner: "bench")
        configuration.logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let handlers = FlowPlugin.handlers + (wallet.map { WalletPlugin.handlers(gateway: $0) } ?? [])
        return Engine(store: store, handlers: try HandlerSet(handlers), configuration: configuration)
    }

    private static func report(_ label: String, _ seconds: Double) {
        print(
            "intake, \(concurrency) at once, \(orders) orders, \(label): \(Int(Double(orders) / seconds)) per s, "
                + "\(YAMLBenchmark.format(seconds / Double(orders) * 1e6, digits: 1)) µs each")
    }

    private static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("redress-bench-intake-\(UUID().uuidString)").path
    }

    /// Wall time to call `body` once per item, `concurrency` at a time.
    private static func timed(_ items: [String], _ body: @escaping @Sendable (String) async throws -> Void) async throws -> Double {
        let start = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            for _ in 0..<min(concurrency, items.count) {
                let item = items[next]
                next += 1
                group.addTask { try await body(item) }
            }
            while try await group.next() != nil, next < items.count {
                let item = items[next]
                next += 1
                group.addTask { try await body(item) }
            }
            try await group.waitForAll()
        }
        return Date().timeIntervalSince(start)
    }
}

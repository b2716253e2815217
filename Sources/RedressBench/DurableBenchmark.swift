import Foundation
import GRDB
import RedressEngine
import RedressPostgresStore
import RedressSQLiteStore

/// `redress-bench durable`: runs driven through a durable store the way `redress tick` and
/// `redress worker` drive them (sweeps of due runs, `concurrency` at a time), for pure,
/// side-effect and refund-shaped runs at concurrency 1, 8 and 64: on SQLite always, and on
/// PostgreSQL when `REDRESS_BENCH_POSTGRES` names a server (`postgres://USER@127.0.0.1:PORT/`;
/// each row gets a fresh database), where 1, 2 and 4 worker processes drain refund-shaped runs
/// too. Also the bytes a finished refund-shaped run takes on disk.
///
/// `REDRESS_BENCH_KIND` (pure, effect, mixed) and `REDRESS_BENCH_CONCURRENCY` pick one row.
enum DurableBenchmark {
    /// A workload: a label, a short name, and the handlers its steps cycle through.
    struct Kind {
        let label: String
        let name: String
        let handlers: [String]
        var steps: Int { handlers.count }
    }

    static let kinds = [
        Kind(label: "pure steps (5)", name: "pure", handlers: Array(repeating: "bench.noop", count: 5)),
        Kind(label: "side-effect steps (5; intent + result FULL-synced)", name: "effect", handlers: Array(repeating: "bench.effect", count: 5)),
        Kind(
            label: "refund-shaped (10 steps: a lookup, a verification and a payment FULL-synced, 7 pure)", name: "mixed",
            handlers: ["bench.owner", "bench.verify", "bench.noop", "bench.noop", "bench.noop", "bench.pay", "bench.noop", "bench.noop", "bench.noop", "bench.noop"]),
    ]

    /// A fresh, empty store, and how many bytes it takes on disk.
    struct FreshStore {
        let store: any RunStore
        let bytesOnDisk: () async throws -> Int
    }

    static func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let onlyConcurrency = environment["REDRESS_BENCH_CONCURRENCY"].flatMap(Int.init)
        let onlyKind = environment["REDRESS_BENCH_KIND"]
        var stores: [(String, () async throws -> FreshStore)] = [("SQLite", freshSQLite)]
        if let server = environment["REDRESS_BENCH_POSTGRES"] { stores.append(("PostgreSQL", { try await freshPostgres(server) })) }
        for (storeName, fresh) in stores {
            for kind in kinds where onlyKind == nil || kind.name == onlyKind {
                for concurrency in onlyConcurrency.map({ [$0] }) ?? [1, 8, 64] {
                    let runs = concurrency >= 64 ? 4_000 : 400
                    let target = try await fresh()
                    let engine = try EngineBenchmark.engine(target.store)
                    let text = EngineBenchmark.playbook(steps: kind.steps, cycling: kind.handlers)
                    for _ in 0..<runs { _ = try await engine.start(playbookText: text, path: "bench.yaml", inputs: [:]) }
                    let before = try await target.bytesOnDisk()
                    let start = Date()
                    let cpuStart = CPUClock.now()
                    let driven = try await drain(engine, concurrency: concurrency, limit: runs)
                    let seconds = Date().timeIntervalSince(start)
                    let cpu = CPUClock.now() - cpuStart
                    guard driven == runs else { throw BenchmarkError(message: "drove \(driven) of \(runs) runs") }
                    let steps = Double(runs * kind.steps)
                    var line = "durable, \(storeName), \(kind.label), concurrency \(concurrency): \(Int(steps / seconds)) steps/s wall; "
                        + "\(YAMLBenchmark.format(cpu / steps * 1e6, digits: 1)) µs CPU per step in this process, \(YAMLBenchmark.format(cpu / seconds, digits: 2)) cores busy"
                    if kind.name == "mixed" && concurrency >= 64 {
                        let after = try await target.bytesOnDisk()
                        line += "; \(YAMLBenchmark.format(Double(after) / Double(runs) / 1_000, digits: 2)) KB on disk per finished run"
                            + " (\(YAMLBenchmark.format(Double(after - before) / Double(runs) / 1_000, digits: 2)) KB written while driving)"
                    }
                    print(line)
                }
            }
            if storeName == "PostgreSQL", let server = environment["REDRESS_BENCH_POSTGRES"], onlyConcurrency == nil, onlyKind == nil || onlyKind == "processes" {
                for processes in [1, 2, 4] { try await workerProcesses(processes, server: server) }
            }
        }
    }

    /// Sweeps until nothing is due; the number of runs that ended.
    static func drain(_ engine: Engine, concurrency: Int, limit: Int) async throws -> Int {
        var driven = 0
        while true {
            let report = try await engine.sweep(limit: limit, concurrency: concurrency)
            if let failure = report.failures.first { throw failure.error }
            if report.touched.isEmpty { return driven }
            driven += report.touched.count
        }
    }

    /// A SQLite state database in a fresh folder; its size is the pages in use (`dbstat`, the
    /// WAL's newer pages included), not the file, which the WAL keeps growing until a checkpoint.
    static func freshSQLite() async throws -> FreshStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redress-bench-\(UUID().uuidString)").path
        let store = try SQLiteRunStore(directory: directory)
        let path = (directory as NSString).appendingPathComponent("redress.sqlite")
        return FreshStore(store: store) {
            let reader = try DatabaseQueue(path: path)
            return try await reader.read { db in try Int.fetchOne(db, sql: "SELECT SUM(pgsize) FROM dbstat") ?? 0 }
        }
    }

    /// A fresh database on the PostgreSQL server.
    static func freshPostgres(_ server: String) async throws -> FreshStore {
        let url = try await PostgresRunStore.createDatabase("bench_\(UInt32.random(in: 0...UInt32.max))_\(getpid())", on: server)
        let store = try await PostgresRunStore.connect(url)
        return FreshStore(store: store) { try await store.databaseSize() }
    }

    /// `processes` copies of this program (`durable-worker`, see `workerMain`) drain 4,000
    /// refund-shaped runs from one fresh PostgreSQL database, 16 at a time each.
    static func workerProcesses(_ processes: Int, server: String) async throws {
        let runs = 4_000
        let kind = kinds[2]
        let url = try await PostgresRunStore.createDatabase("bench_workers_\(UInt32.random(in: 0...UInt32.max))_\(getpid())", on: server)
        let store = try await PostgresRunStore.connect(url)
        let engine = try EngineBenchmark.engine(store)
        let text = EngineBenchmark.playbook(steps: kind.steps, cycling: kind.handlers)
        for _ in 0..<runs { _ = try await engine.start(playbookText: text, path: "bench.yaml", inputs: [:]) }
        let childrenBefore = childCPU()
        let start = Date()
        let children = try (0..<processes).map { _ in
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["durable-worker", url, "16"]
            try child.run()
            return child
        }
        for child in children { child.waitUntilExit() }
        let seconds = Date().timeIntervalSince(start)
        let cpu = childCPU() - childrenBefore
        let completed = try await store.list(status: .completed, limit: runs + 1).count
        guard completed == runs, children.allSatisfy({ $0.terminationStatus == 0 }) else {
            throw BenchmarkError(message: "\(processes) worker processes completed \(completed) of \(runs) runs")
        }
        let steps = Double(runs * kind.steps)
        print(
            "durable, PostgreSQL, refund-shaped, \(processes) worker process\(processes == 1 ? "" : "es") x 16: \(Int(steps / seconds)) steps/s wall; "
                + "\(YAMLBenchmark.format(cpu / steps * 1e6, digits: 1)) µs worker CPU per step (the server's CPU not included)")
    }

    /// One worker process of `workerProcesses`: drains the database, then exits 0.
    static func workerMain(url: String, concurrency: Int) async throws {
        let engine = try EngineBenchmark.engine(try await PostgresRunStore.connect(url), owner: "bench-\(getpid())")
        _ = try await drain(engine, concurrency: concurrency, limit: concurrency * 2)
    }

    /// CPU seconds used by ended child processes so far.
    static func childCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

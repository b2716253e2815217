import Foundation
import RedressEngine
import RedressSQLiteStore

/// `redress-bench store`: the SQLite store's own operations at concurrency 64 (claim, load,
/// commit-and-release of a finished 5-step run), to see where durable throughput goes.
enum StoreBenchmark {
    static func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redress-bench-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteRunStore(directory: directory)
        let engine = try EngineBenchmark.engine(store)
        let text = EngineBenchmark.playbook(steps: 5, handler: "bench.noop")
        let count = 4_000
        var ids: [String] = []
        for _ in 0..<count { ids.append(try await engine.start(playbookText: text, path: "bench.yaml", inputs: [:]).id) }
        // A finished run's state and audit trail, as a drive's last commit carries them.
        let sample = try await engine.drive(ids.removeLast())
        let audit = try await store.audit(for: sample.id)
        let now = Date()
        var leases: [String: Lease] = [:]
        let claimSeconds = try await timed(ids) { id in _ = try await store.claim(id, owner: "bench", until: now.addingTimeInterval(600), now: now) }
        for id in ids { leases[id] = try await store.claim(id, owner: "bench", until: now.addingTimeInterval(600), now: now) }
        let loadSeconds = try await timed(ids) { id in _ = try await store.load(id) }
        // The worker's way in: claim-and-load of single runs, and of due runs 32 at a time.
        let later = now.addingTimeInterval(700)
        let claimAndLoadSeconds = try await timed(ids) { id in
            _ = try await store.claimAndLoad(id, owner: "bench2", until: later.addingTimeInterval(600), now: later, replacing: nil)
        }
        let muchLater = later.addingTimeInterval(700)
        let dueStart = Date()
        var claimedDue = 0
        while true {
            let batch = try await store.claimDue(owner: "bench3", until: muchLater.addingTimeInterval(600), now: muchLater, limit: 32)
            if batch.isEmpty { break }
            claimedDue += batch.count
        }
        let dueSeconds = Date().timeIntervalSince(dueStart) * Double(ids.count) / Double(max(1, claimedDue))
        for id in ids { leases[id] = try await store.claim(id, owner: "bench", until: muchLater.addingTimeInterval(600), now: muchLater.addingTimeInterval(700)) }
        let frozen = leases
        let commitSeconds = try await timed(ids) { id in
            var state = sample
            state.id = id
            let records = audit.map { AuditRecord(runID: id, sequence: $0.sequence + 1_000, event: $0.event, previousHash: $0.previousHash, hash: $0.hash) }
            if let lease = frozen[id] { try await store.commitAndRelease(state, lease: lease, journal: [], audit: records, durable: false) }
        }
        for (label, seconds) in [
            ("claim", claimSeconds), ("load", loadSeconds), ("claim and load in one write", claimAndLoadSeconds),
            ("claim and load of due runs, 32 per write (per run, one caller)", dueSeconds),
            ("commit+release of a finished run (\(audit.count) audit records)", commitSeconds),
        ] {
            print("store, concurrency 64, \(label): \(Int(Double(ids.count) / seconds)) per s wall, \(YAMLBenchmark.format(seconds / Double(ids.count) * 1e6, digits: 1)) µs each")
        }
    }

    private static func timed(_ ids: [String], _ body: @escaping @Sendable (String) async throws -> Void) async throws -> Double {
        let start = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            for _ in 0..<64 { group.addTask {} }
            while next < ids.count {
                try await group.next()
                let id = ids[next]
                next += 1
                group.addTask { try await body(id) }
            }
            try await group.waitForAll()
        }
        return Date().timeIntervalSince(start)
    }
}

import Foundation

/// Latencies of one benchmark row: `items` handled by `concurrency` tasks, each item timed, and
/// the wall time of the whole row (the gateway and API suites share it).
struct LatencySample {
    /// Every item's latency in seconds, unordered.
    let latencies: [Double]
    /// The row's wall time in seconds.
    let seconds: Double

    /// Runs `body` once per item, `concurrency` at a time.
    static func measure<Item: Sendable>(_ items: [Item], concurrency: Int, _ body: @escaping @Sendable (Item) async throws -> Void) async throws -> LatencySample {
        let started = Date()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    var index = worker
                    while index < items.count {
                        let begin = Date()
                        try await body(items[index])
                        mine.append(Date().timeIntervalSince(begin))
                        index += concurrency
                    }
                    return mine
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        return LatencySample(latencies: latencies, seconds: Date().timeIntervalSince(started))
    }

    /// The median latency in microseconds.
    var p50: Double { percentile(50) }
    /// The 99th-percentile latency in microseconds.
    var p99: Double { percentile(99) }
    /// Items per second of wall time.
    var perSecond: Double { Double(latencies.count) / seconds }

    private func percentile(_ rank: Int) -> Double {
        let sorted = latencies.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, sorted.count * rank / 100)] * 1e6
    }
}

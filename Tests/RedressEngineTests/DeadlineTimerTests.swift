import Dispatch
import Foundation
import Synchronization
import Testing

@testable import RedressEngine

/// The shared timeout thread: never early, never after a cancel, woken for an earlier deadline.
@Suite struct DeadlineTimerTests {
    /// Records when each action ran.
    final class Firings: Sendable {
        private let times = Mutex<[String: UInt64]>([:])
        func record(_ name: String) { times.withLock { $0[name] = DispatchTime.now().uptimeNanoseconds } }
        func time(_ name: String) -> UInt64? { times.withLock { $0[name] } }
    }

    private func waitFor(_ firings: Firings, _ name: String) async throws -> UInt64? {
        let limit = Date().addingTimeInterval(10)
        while Date() < limit {
            if let time = firings.time(name) { return time }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        return nil
    }

    @Test func anEarlierDeadlineArmedAfterALaterOneFiresFirstAndNeverEarly() async throws {
        let timer = DeadlineTimer()
        let firings = Firings()
        let start = DispatchTime.now().uptimeNanoseconds
        _ = timer.schedule(after: 30) { firings.record("late") }
        _ = timer.schedule(after: 0.05) { firings.record("soon") }
        let fired = try #require(try await waitFor(firings, "soon"))
        #expect(fired - start >= 50_000_000)
        #expect(firings.time("late") == nil)
    }

    @Test func aCancelledTimeoutNeverRunsEvenAmongThousandsOfCancelledOnes() async throws {
        let timer = DeadlineTimer()
        let firings = Firings()
        // A long-lived entry on top, thousands of cancelled ones below it: the heap is compacted
        // and the live ones still fire.
        _ = timer.schedule(after: 60) { firings.record("top") }
        for index in 0..<5_000 { timer.cancel(timer.schedule(after: 0.02 + Double(index) / 1_000_000) { firings.record("cancelled") }) }
        let cancelledLast = timer.schedule(after: 0.01) { firings.record("cancelled") }
        timer.cancel(cancelledLast)
        _ = timer.schedule(after: 0.1) { firings.record("live") }
        #expect(try await waitFor(firings, "live") != nil)
        #expect(firings.time("cancelled") == nil)
    }
}

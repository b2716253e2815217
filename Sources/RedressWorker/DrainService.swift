import Foundation
import RedressEngine
import ServiceLifecycle
import Synchronization

/// The loop of `redress worker` (and of the server's embedded worker) as a swift-service-lifecycle
/// `Service`: claim due runs in small batches, drive them, sleep until the next timer or the
/// poll interval (woken early by the store's `DueRunHints`, when it has them), again.
///
/// Graceful shutdown (the group's SIGTERM or SIGINT) asks the engine's drives to stop at their
/// next safe point (`EngineConfiguration.stop`): no new claims, the steps in flight finish, their
/// leases are released, and `run()` returns. Task cancellation (the group's grace period ran
/// out) ends the loop at its next await; runs still leased are taken over once their leases
/// lapse. A round that fails (the store unreachable, a database restart) is reported and
/// retried after the poll interval: the service only ends on shutdown.
package struct DrainService: Service {
    let engine: Engine
    let concurrency: Int
    let poll: Duration
    let report: @Sendable (Event) -> Void

    /// What the service tells its owner (who logs it).
    package enum Event: Sendable {
        /// A round drove runs, or some could not be driven.
        case round(DrainReport)
        /// A round failed as a whole (the store unreachable); the next comes after the poll interval.
        case roundFailed(any Error)
        /// The service stopped; everything it drove.
        case stopped(DrainReport)
    }

    /// A service driving `engine`'s due runs `concurrency` at a time, polling at most every
    /// `poll`; `report` hears of every round that did something, of failures and of the stop.
    package init(engine: Engine, concurrency: Int, poll: Duration, report: @escaping @Sendable (Event) -> Void) {
        self.engine = engine
        self.concurrency = max(1, concurrency)
        self.poll = poll
        self.report = report
    }

    package func run() async throws {
        let stop = engine.configuration.stop
        let hinted = HintFlag()
        let hints = (engine.store as? any DueRunHints).map { store in
            Task {
                for await _ in store.dueRunHints() { hinted.raised.store(true, ordering: .relaxed) }
            }
        }
        defer { hints?.cancel() }
        var total = DrainReport()
        await withGracefulShutdownHandler {
            while !stop.isRequested, !Task.isCancelled {
                hinted.raised.store(false, ordering: .relaxed)
                do {
                    // Small batches: a worker claims only what it can start soon, so a fleet
                    // shares the work and a worker that dies or stalls holds few runs.
                    let round = try await engine.drain(concurrency: concurrency, batch: concurrency * 2)
                    total.merge(round)
                    if round.driven > 0 || !round.failures.isEmpty { report(.round(round)) }
                    let untilWake = round.nextWake.map { Duration.milliseconds(Int64(max(50, $0.timeIntervalSinceNow * 1_000))) } ?? poll
                    await pause(min(poll, untilWake), woken: { stop.isRequested || hinted.raised.load(ordering: .relaxed) })
                } catch {
                    report(.roundFailed(error))
                    await pause(poll, woken: { stop.isRequested })
                }
            }
        } onGracefulShutdown: {
            stop.request()
        }
        report(.stopped(total))
    }

    /// Sleeps `span` in 50 ms slices, ending early once `woken` says so or the task is cancelled.
    private func pause(_ span: Duration, woken: () -> Bool) async {
        let deadline = ContinuousClock.now + span
        while ContinuousClock.now < deadline, !woken(), !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Set when the store hinted that runs may be due; read and cleared by the loop.
private final class HintFlag: Sendable {
    let raised = Atomic<Bool>(false)
}

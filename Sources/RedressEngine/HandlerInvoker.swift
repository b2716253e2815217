import Dispatch
import Foundation
import RedressPluginAPI
import Synchronization

/// Calls a handler with a timeout. On timeout the handler's task is cancelled and the caller
/// goes on at once; if the handler returns anyway, `onLate` receives what it returned (the
/// engine journals it as `late` and otherwise ignores it).
///
/// The timeout is measured in real time: it bounds how long a handler may hold a process,
/// which no virtual clock changes (schedule time, such as waits and backoffs, is the run
/// clock's business).
enum HandlerInvoker {
    enum Outcome: Sendable {
        case returned(StepResult)
        case failed(StepError)
        /// The waiting handler would not take the signal it was handed.
        case refused(SignalRefused)
        case timedOut

        var isRefusal: Bool {
            if case .refused = self { return true }
            return false
        }
    }

    /// Resumes a continuation exactly once, whichever of the work and the timer finishes first.
    private final class Race: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<Outcome, Never>?, done: Bool)>((nil, false))

        func arm(_ continuation: CheckedContinuation<Outcome, Never>) {
            state.withLock { $0.continuation = continuation }
        }

        /// Resumes with `outcome` if nobody has yet; returns whether this call won.
        func finish(_ outcome: Outcome) -> Bool {
            let continuation = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
                guard !state.done else { return nil }
                state.done = true
                defer { state.continuation = nil }
                return state.continuation
            }
            continuation?.resume(returning: outcome)
            return continuation != nil
        }
    }

    static func call(
        _ handler: any StepHandler, _ context: StepContext, timeout: TimeInterval, onLate: @escaping @Sendable (Outcome) -> Void
    ) async -> Outcome {
        let race = Race()
        let nanoseconds = UInt64(max(0, min(timeout, 86_400)) * 1_000_000_000)
        return await withCheckedContinuation { continuation in
            race.arm(continuation)
            // The timer has a thread of its own, not the cooperative pool, so a handler that
            // blocks its thread cannot delay its own timeout; it is disarmed when the work wins.
            let workHandle = Mutex<Task<Void, Never>?>(nil)
            let timer = DeadlineTimer.shared.schedule(after: Double(nanoseconds) / 1_000_000_000) {
                if race.finish(.timedOut) { workHandle.withLock { $0 }?.cancel() }
            }
            let work = Task {
                let outcome: Outcome
                do {
                    outcome = .returned(try await handler.run(context))
                } catch let error as StepError {
                    outcome = .failed(error)
                } catch let refusal as SignalRefused {
                    outcome = .refused(refusal)
                } catch is CancellationError {
                    outcome = .failed(StepError(.retryable, "cancelled"))
                } catch {
                    outcome = .failed(StepError(.fatal, "\(error)"))
                }
                if race.finish(outcome) {
                    DeadlineTimer.shared.cancel(timer)
                } else {
                    onLate(outcome)
                }
            }
            workHandle.withLock { $0 = work }
        }
    }
}

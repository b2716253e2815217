import Foundation
import PostgresNIO
import RedressEngine
import Synchronization

/// Bounds every call the PostgreSQL store makes: a call that has not finished within the
/// deadline throws `RunStoreError.unusable` and is cancelled.
///
/// Why: a store call must not hang a worker forever. In the fleet drill, a worker paused
/// (SIGSTOP) while the database restarted sometimes waited for ever on its first call after it
/// was resumed, on a pool whose connections had all died meanwhile (postgres-nio 1.33); the
/// worker then never saw SIGTERM through. A bounded call turns that into a failed round the
/// worker retries. The call runs in a task of its own and the caller is answered at the
/// deadline even if that task does not end when cancelled: a wedged call can cost a task and a
/// connection, never the process. Safe for money: a commit that timed out may still land, and
/// fencing refuses it if another process has claimed the run since; the engine repeats steps
/// from the last durable state under the same idempotency keys.
///
/// A server error leaves as `RunStoreError.unusable` with the server's message (postgres-nio's
/// own description hides it), unless the call turned it into a `RunStoreError` itself.
package struct StoreDeadline: Sendable {
    /// How long a call may take.
    package let limit: Duration

    /// Calls bounded by `limit`.
    package init(limit: Duration) {
        self.limit = limit
    }

    /// `body`'s result, or `RunStoreError.unusable` after `limit`.
    package func run<Result: Sendable>(_ operation: String, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let answer = Answer<Result>()
        let work = Task {
            do {
                answer.give(.success(try await body()))
            } catch let error as PSQLError {
                answer.give(.failure(RunStoreError.unusable("PostgreSQL: \(PostgresRunStore.describe(error))")))
            } catch {
                answer.give(.failure(error))
            }
        }
        // The timer ends as soon as the caller has its answer, so a fast call leaves no task
        // sleeping out the whole limit behind it.
        let limit = self.limit
        let timer = Task {
            try await Task.sleep(for: limit)
            if answer.give(.failure(RunStoreError.unusable("PostgreSQL did not answer \(operation) within \(limit)"))) { work.cancel() }
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                answer.wait(continuation)
            }
        } onCancel: {
            work.cancel()
        }
    }
}

/// The first of a call's result and its deadline, handed to the one waiting caller.
private final class Answer<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Value, any Error>)
        case given(Result<Value, any Error>)
        case done
    }

    private let state = Mutex(State.pending)

    /// Registers the caller; answers at once if the result is in.
    func wait(_ continuation: CheckedContinuation<Value, any Error>) {
        let ready: Result<Value, any Error>? = state.withLock { state in
            if case .given(let result) = state {
                state = .done
                return result
            }
            state = .waiting(continuation)
            return nil
        }
        if let ready { continuation.resume(with: ready) }
    }

    /// Gives `result` if nothing was given before; whether it was the first.
    @discardableResult
    func give(_ result: Result<Value, any Error>) -> Bool {
        let (first, waiting): (Bool, CheckedContinuation<Value, any Error>?) = state.withLock { state in
            switch state {
            case .pending:
                state = .given(result)
                return (true, nil)
            case .waiting(let continuation):
                state = .done
                return (true, continuation)
            case .given, .done:
                return (false, nil)
            }
        }
        waiting?.resume(with: result)
        return first
    }
}

import Foundation
import GRDB
import Synchronization

/// Group commit: writes submitted while a transaction is being written wait for it, then all go
/// into the next transaction together. No write waits longer than one transaction, and many
/// runs' commits share one disk sync.
///
/// Each write runs in its own savepoint, so one that fails (a lost lease) is rolled back and
/// reported to its caller alone; the rest of the batch commits. The batch is synced (`FULL`) if
/// any write in it asked to be.
///
/// The batches run on one thread of their own that sleeps while nothing is pending: writes are
/// the store's serial section, and a thread that only loops over SQLite keeps actor hops and
/// async bridging off that path.
final class GroupCommitter: Sendable {
    fileprivate struct Request {
        let durable: Bool
        let work: @Sendable (Database) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    /// What the writer thread and the submitters share (the thread holds this, not the
    /// committer, so dropping the store stops the thread).
    private final class Queue: Sendable {
        struct Contents {
            var pending: [Request] = []
            var isStopped = false
        }

        let contents = Mutex(Contents())
        let wakeUp = DispatchSemaphore(value: 0)
    }

    private let queue = Queue()

    init(pool: DatabasePool) {
        let queue = self.queue
        let thread = Thread { Self.loop(pool: pool, queue: queue) }
        thread.name = "redress.sqlite.writer"
        thread.start()
    }

    deinit {
        queue.contents.withLock { $0.isStopped = true }
        queue.wakeUp.signal()
    }

    /// Runs `work` in the next transaction and returns what it returned.
    func submit<T: Sendable>(durable: Bool, _ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            let wasIdle = queue.contents.withLock { contents in
                contents.pending.append(Request(durable: durable, work: { try work($0) }, continuation: continuation))
                return contents.pending.count == 1
            }
            if wasIdle { queue.wakeUp.signal() }
        }
        guard let typed = value as? T else { throw DatabaseError(message: "a batched write returned the wrong type") }
        return typed
    }

    private static func loop(pool: DatabasePool, queue: Queue) {
        while true {
            let (batch, stopped) = queue.contents.withLock { contents in
                let batch = contents.pending
                contents.pending = []
                return (batch, contents.isStopped)
            }
            if batch.isEmpty {
                if stopped { return }
                queue.wakeUp.wait()
                continue
            }
            for (request, result) in zip(batch, execute(batch, pool: pool)) {
                request.continuation.resume(with: result)
            }
        }
    }

    private static func execute(_ batch: [Request], pool: DatabasePool) -> [Result<any Sendable, any Error>] {
        let durable = batch.contains { $0.durable }
        do {
            return try pool.writeWithoutTransaction { db -> [Result<any Sendable, any Error>] in
                if durable { try db.execute(sql: "PRAGMA synchronous = FULL") }
                defer { if durable { try? db.execute(sql: "PRAGMA synchronous = NORMAL") } }
                var results: [Result<any Sendable, any Error>] = []
                try db.inTransaction(.immediate) {
                    for request in batch {
                        var outcome: Result<any Sendable, any Error> = .failure(DatabaseError(message: "not run"))
                        do {
                            try db.inSavepoint {
                                outcome = .success(try request.work(db))
                                return .commit
                            }
                        } catch {
                            outcome = .failure(error)
                        }
                        results.append(outcome)
                    }
                    return .commit
                }
                return results
            }
        } catch {
            return batch.map { _ in .failure(error) }
        }
    }
}

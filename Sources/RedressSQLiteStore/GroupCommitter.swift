import Foundation
import GRDB

/// Group commit: writes submitted while a transaction is being written wait for it, then all go
/// into the next transaction together. No write waits longer than one transaction, and many
/// runs' commits share one disk sync.
///
/// A batch runs its writes back to back in one transaction. If one throws (a lost lease), the
/// transaction is rolled back and the batch runs again with a savepoint per write, so that write
/// alone fails and the rest commit; failures are rare and a savepoint per write cost a fifth of
/// a batch.
///
/// Durable writes are synced before their callers resume, by a `WALSyncer` on a thread of its
/// own: while it waits for the disk, this thread already writes the next batch, so the sync's
/// latency overlaps SQL work instead of adding to it.
///
/// The batches run on one thread of their own that sleeps while nothing is pending: writes are
/// the store's serial section, and a thread that only loops over SQLite keeps actor hops and
/// async bridging off that path.
final class GroupCommitter: Sendable {
    fileprivate struct Request {
        let durable: Bool
        let work: @Sendable (WriterConnection) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    /// What the writer thread and the submitters share (the thread holds it, not the
    /// committer, so dropping the store stops the thread).
    private let requests = Mailbox<Request>()

    init(pool: DatabasePool, path: String) {
        let requests = self.requests
        let syncer = WALSyncer(walPath: path + "-wal")
        // Without a connection of its own, SQLite's automatic checkpoint in the writer remains.
        let checkpointer = try? WALCheckpointer(path: path)
        if checkpointer != nil {
            _ = try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.backstopPages)") }
        }
        let thread = Thread { Self.loop(pool: pool, requests: requests, syncer: syncer, checkpointer: checkpointer) }
        thread.name = "redress.sqlite.writer"
        thread.start()
    }

    deinit {
        requests.close()
    }

    /// Runs `work` in the next transaction and returns what it returned; with `durable`, only
    /// once the transaction is on disk.
    func submit<T: Sendable>(durable: Bool, _ work: @escaping @Sendable (WriterConnection) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            requests.post(Request(durable: durable, work: { try work($0) }, continuation: continuation))
        }
        guard let typed = value as? T else { throw DatabaseError(message: "a batched write returned the wrong type") }
        return typed
    }

    private static func loop(pool: DatabasePool, requests: Mailbox<Request>, syncer: WALSyncer, checkpointer: WALCheckpointer?) {
        // Prepared on the first batch, released on this thread's way out (before the pool
        // closes the connection).
        var statements: WriterStatements?
        defer { pool.writeWithoutTransaction { _ in statements?.finalize() } }
        defer {
            syncer.stop()
            checkpointer?.stop()
        }
        while let batch = requests.take() {
            let durable = batch.contains { $0.durable }
            // Without a WAL file to sync (it could not be opened), the transaction itself syncs.
            let syncsItself = durable && !syncer.isAvailable
            var toSync: [(CheckedContinuation<any Sendable, any Error>, Result<any Sendable, any Error>)] = []
            for (request, result) in zip(batch, execute(batch, pool: pool, statements: &statements, fullSync: syncsItself)) {
                if request.durable, !syncsItself, case .success = result {
                    toSync.append((request.continuation, result))
                } else {
                    request.continuation.resume(with: result)
                }
            }
            if !toSync.isEmpty { syncer.sync(toSync) }
            checkpointer?.noteCommit()
        }
    }

    private static func execute(
        _ batch: [Request], pool: DatabasePool, statements: inout WriterStatements?, fullSync: Bool
    ) -> [Result<any Sendable, any Error>] {
        do {
            return try pool.writeWithoutTransaction { db -> [Result<any Sendable, any Error>] in
                guard let handle = db.sqliteConnection else { throw DatabaseError(message: "the writer connection is closed") }
                let hot = statements ?? WriterStatements(connection: handle)
                statements = hot
                let connection = WriterConnection(db: db, statements: hot)
                if fullSync { try db.execute(sql: "PRAGMA synchronous = FULL") }
                defer { if fullSync { try? db.execute(sql: "PRAGMA synchronous = NORMAL") } }
                var results: [Result<any Sendable, any Error>] = []
                results.reserveCapacity(batch.count)
                do {
                    try db.inTransaction(.immediate) {
                        for request in batch { results.append(.success(try request.work(connection))) }
                        return .commit
                    }
                    return results
                } catch {
                    results.removeAll()
                }
                try db.inTransaction(.immediate) {
                    for request in batch {
                        var outcome: Result<any Sendable, any Error> = .failure(DatabaseError(message: "not run"))
                        do {
                            try db.inSavepoint {
                                outcome = .success(try request.work(connection))
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

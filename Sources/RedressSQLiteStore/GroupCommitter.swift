import GRDB

/// Group commit: writes submitted while a transaction is being written wait for it, then all go
/// into the next transaction together. No write waits longer than one transaction, and many
/// runs' commits share one disk sync.
///
/// Each write runs in its own savepoint, so one that fails (a lost lease) is rolled back and
/// reported to its caller alone; the rest of the batch commits. The batch is synced (`FULL`) if
/// any write in it asked to be.
actor GroupCommitter {
    private struct Request {
        let durable: Bool
        let work: @Sendable (Database) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let pool: DatabasePool
    private var pending: [Request] = []
    private var flushing = false

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `work` in the next transaction and returns what it returned.
    func submit<T: Sendable>(durable: Bool, _ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            pending.append(Request(durable: durable, work: { try work($0) }, continuation: continuation))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
        guard let typed = value as? T else { throw DatabaseError(message: "a batched write returned the wrong type") }
        return typed
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let results = await Self.execute(batch, pool: pool)
            for (request, result) in zip(batch, results) {
                request.continuation.resume(with: result)
            }
        }
        flushing = false
    }

    private static func execute(_ batch: [Request], pool: DatabasePool) async -> [Result<any Sendable, any Error>] {
        let durable = batch.contains { $0.durable }
        let works = batch.map(\.work)
        do {
            return try await pool.writeWithoutTransaction { db -> [Result<any Sendable, any Error>] in
                if durable { try db.execute(sql: "PRAGMA synchronous = FULL") }
                defer { if durable { try? db.execute(sql: "PRAGMA synchronous = NORMAL") } }
                var results: [Result<any Sendable, any Error>] = []
                try db.inTransaction(.immediate) {
                    for work in works {
                        var outcome: Result<any Sendable, any Error> = .failure(DatabaseError(message: "not run"))
                        do {
                            try db.inSavepoint {
                                outcome = .success(try work(db))
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

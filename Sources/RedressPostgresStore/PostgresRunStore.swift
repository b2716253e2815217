import Foundation
import Logging
import NIOCore
import PostgresNIO
import RedressEngine
import RedressStoreCodec

/// The `RunStore` on PostgreSQL, for several `redress` processes on several machines driving
/// the same runs (postgres-nio's `PostgresClient` pool).
///
/// Contract, beyond `RunStore`'s:
/// - Every write is one transaction. A lease is a fencing token on the run row; every write a
///   lease holder makes carries the token in its `WHERE` clause, so a process that lost its
///   lease (paused past it, cut off, killed and restarted) changes nothing, even where the
///   queue-in-a-table designs it follows (River, Oban, Graphile Worker) would let it finish.
/// - Batch claims pick due rows with `FOR UPDATE SKIP LOCKED` in a CTE and lease them with one
///   `UPDATE … RETURNING`: two workers never wait on, nor take, the same run.
/// - One open run per case: the partial unique index `run_open_case` refuses a second in the
///   same transaction that would store it.
/// - `durable: true` commits wait for the WAL flush (`synchronous_commit` on, the server's
///   default); others may return before it (`SET LOCAL synchronous_commit = off`), which risks
///   only a lost step that the engine repeats under the same idempotency key.
/// - Run states, journal entries and audit records are stored as the bytes the SQLite store
///   writes (`StoredJSON`), so both stores read the same encoding.
///
/// Concurrency: the store is `Sendable` and safe from any number of tasks; each call leases a
/// pooled connection for its one query or transaction and never holds it across calls.
package final class PostgresRunStore: RunStore {
    /// The pool (its `run()` is driven by `runner` for the store's life).
    let client: PostgresClient
    private let runner: Task<Void, Never>
    let logger: Logger
    /// How long one store call may take before it fails (see `StoreDeadline`).
    let deadline: StoreDeadline

    /// A store on the database at `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`),
    /// migrated to this version's schema; an unusable URL, or a server that does not answer
    /// within `connectTimeout`, is `RunStoreError.unusable` (the URL's password masked).
    /// Every later call that takes longer than `callLimit` fails (`StoreDeadline`).
    package static func connect(
        _ url: String, connectTimeout: Duration = .seconds(5), callLimit: Duration = .seconds(15), logger: Logger = Logger(label: "redress.postgres")
    ) async throws -> PostgresRunStore {
        let configuration = try PostgresURL.configuration(url)
        let store = PostgresRunStore(client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger, callLimit: callLimit)
        do {
            // The pool retries a refused connection for as long as a request waits: bound the
            // first one, so a wrong URL or a server that is down is an error, not a hang.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await PostgresMigrations.migrate(store.client, logger: logger) }
                group.addTask {
                    try await Task.sleep(for: connectTimeout)
                    throw RunStoreError.unusable("no answer within \(connectTimeout)")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch {
            throw RunStoreError.unusable("cannot use the PostgreSQL database at \(PostgresURL.redacted(url)): \(PostgresRunStore.describe(error))")
        }
        return store
    }

    private init(client: PostgresClient, logger: Logger, callLimit: Duration) {
        self.client = client
        self.logger = logger
        deadline = StoreDeadline(limit: callLimit)
        runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    // MARK: Writing runs

    package func insert(_ run: RunState, audit: [AuditRecord]) async throws {
        try await deadline.run("insert") { [self] in
            try await transaction(durable: false) { connection in
                try await Self.insertRow(run, audit: audit, connection, logger: self.logger)
            }
            await hintDue()
        }
    }

    package func openCase(_ run: RunState, audit: [AuditRecord], reopen: Bool) async throws -> CaseOpening {
        try await deadline.run("openCase") { [self] in
            guard let caseKey = run.caseKey else {
                try await insert(run, audit: audit)
                return .opened(run)
            }
            do {
                let opening: CaseOpening = try await transaction(durable: false) { connection in
                    if let latest = try await Self.latestRun(ofCase: caseKey, connection, logger: self.logger) {
                        if !latest.status.isFinal { return .open(latest) }
                        if !reopen { return .ended(latest) }
                    }
                    var stored = run
                    let query: PostgresQuery = "SELECT COUNT(*) FROM run WHERE case_key = \(caseKey)"
                    let count = try await connection.query(query, logger: self.logger).decode(Int64.self).gathered().first ?? 0
                    stored.caseSequence = Int(count) + 1
                    try await Self.insertRow(stored, audit: audit, connection, logger: self.logger)
                    return .opened(stored)
                }
                if case .opened = opening { await hintDue() }
                return opening
            } catch let error as PSQLError where Self.isUniqueViolation(error, constraint: "run_open_case") {
                // Another intake stored an open run of the case between our read and our insert.
                let latest = try await withConnection { try await Self.latestRun(ofCase: caseKey, $0, logger: self.logger) }
                if let latest, !latest.status.isFinal { return .open(latest) }
                throw RunStoreError.unusable("the case \(caseKey) changed while it was opened; try again")
            }
        }
    }

    private static func insertRow(_ run: RunState, audit: [AuditRecord], _ connection: PostgresConnection, logger: Logger) async throws {
        let state = ByteBuffer(bytes: StoredJSON.encode(Self.withoutText(run)))
        let inserted = try await connection.query(
            """
            INSERT INTO run (id, playbook_id, status, wake_at, created_at, updated_at, state, playbook_hash, case_key)
            VALUES (\(run.id), \(run.playbookID), \(run.status.rawValue), \(run.wakeAt?.timeIntervalSince1970), \(run.createdAt.timeIntervalSince1970),
                \(run.updatedAt.timeIntervalSince1970), \(state), \(run.playbookHash), \(run.caseKey))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """, logger: logger
        ).decode(String.self).gathered()
        guard !inserted.isEmpty else { throw RunStoreError.duplicate(run.id) }
        // Runs pinned to the same text share one copy of it.
        try await connection.query("INSERT INTO playbook (hash, text) VALUES (\(run.playbookHash), \(run.playbookText)) ON CONFLICT (hash) DO NOTHING", logger: logger)
        try await insertAudit(audit, connection, logger: logger)
    }

    package func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        try await deadline.run("commit") { [self] in
            try await commit(run, lease: lease, journal: journal, audit: audit, durable: durable, releasing: false)
        }
    }

    package func commitAndRelease(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        try await deadline.run("commitAndRelease") { [self] in
            try await commit(run, lease: lease, journal: journal, audit: audit, durable: durable, releasing: true)
            // A parked run's timer may come before what idle workers are sleeping towards.
            if run.status == .waiting || run.status == .pending { await hintDue() }
        }
    }

    /// One statement, so one round trip and its own transaction: the state (only under the
    /// current fencing token), the journal and the audit records, joined to the updated row so
    /// that a fenced-off commit writes nothing; a record whose sequence is taken fails the
    /// statement and all of it. `synchronous_commit` is set for this transaction by
    /// `set_config(…, true)` in the statement (read at commit time): on for money, off otherwise.
    /// Journal entries keep their order through `WITH ORDINALITY`.
    private func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool, releasing: Bool) async throws {
        let state = ByteBuffer(bytes: StoredJSON.encode(Self.withoutText(run)))
        let entries = journal.map { ByteBuffer(bytes: StoredJSON.encode($0)) }
        let sequences = audit.map { Int64($0.sequence) }
        let records = audit.map { ByteBuffer(bytes: StoredJSON.encode($0)) }
        let hashes = audit.map(\.hash)
        let synchronous = durable ? "on" : "off"
        do {
            let changed = try await client.query(
                """
                WITH sync AS (SELECT set_config('synchronous_commit', \(synchronous), true) AS level),
                changed AS (
                    UPDATE run SET status = \(run.status.rawValue), wake_at = \(run.wakeAt?.timeIntervalSince1970), updated_at = \(run.updatedAt.timeIntervalSince1970),
                        state = \(state),
                        lease_owner = CASE WHEN \(releasing) THEN NULL ELSE lease_owner END,
                        lease_expires = CASE WHEN \(releasing) THEN NULL ELSE \(lease.expiresAt.timeIntervalSince1970) END
                    WHERE id = \(run.id) AND fencing_token = \(lease.token) AND EXISTS (SELECT level FROM sync)
                    RETURNING id
                ),
                journaled AS (
                    INSERT INTO journal (run_id, entry)
                    SELECT changed.id, entry.bytes FROM changed, unnest(\(entries)::bytea[]) WITH ORDINALITY AS entry(bytes, position)
                    ORDER BY entry.position
                ),
                audited AS (
                    INSERT INTO audit (run_id, seq, record, hash)
                    SELECT changed.id, record.seq, record.bytes, record.hash FROM changed, unnest(\(sequences)::bigint[], \(records)::bytea[], \(hashes)::text[]) AS record(seq, bytes, hash)
                )
                SELECT id FROM changed
                """, logger: logger
            ).decode(String.self).gathered()
            guard changed.count == 1 else { throw RunStoreError.leaseLost(run.id) }
        } catch let error as PSQLError where Self.isUniqueViolation(error, constraint: "audit_pkey") {
            // The sequence is taken: another holder wrote there; this one has lost the run.
            throw RunStoreError.leaseLost(run.id)
        }
    }

    package func appendJournal(_ entries: [JournalEntry]) async throws {
        try await deadline.run("appendJournal") { [self] in
            guard !entries.isEmpty else { return }
            try await transaction(durable: false) { try await Self.insertJournal(entries, $0, logger: self.logger) }
        }
    }

    private static func insertJournal(_ entries: [JournalEntry], _ connection: PostgresConnection, logger: Logger) async throws {
        for entry in entries {
            try await connection.query("INSERT INTO journal (run_id, entry) VALUES (\(entry.runID), \(ByteBuffer(bytes: StoredJSON.encode(entry))))", logger: logger)
        }
    }

    private static func insertAudit(_ records: [AuditRecord], _ connection: PostgresConnection, logger: Logger) async throws {
        for record in records {
            try await connection.query(
                "INSERT INTO audit (run_id, seq, record, hash) VALUES (\(record.runID), \(record.sequence), \(ByteBuffer(bytes: StoredJSON.encode(record))), \(record.hash))",
                logger: logger)
        }
    }

    // MARK: Leases

    package func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> Lease? {
        try await deadline.run("claim") { [self] in
            try await claimAndLoad(id, owner: owner, until: until, now: now, replacing: replacing)?.lease
        }
    }

    /// One statement: the lease taken (if free, lapsed, ours, or a named dead owner's) and the
    /// state read back by `UPDATE … RETURNING`.
    package func claimAndLoad(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> ClaimedRun? {
        try await deadline.run("claimAndLoad") { [self] in
            let rows = try await client.query(
                """
                UPDATE run SET lease_owner = \(owner), lease_expires = \(until.timeIntervalSince1970), fencing_token = fencing_token + 1
                WHERE id = \(id) AND (lease_owner IS NULL OR lease_expires IS NULL OR lease_expires <= \(now.timeIntervalSince1970)
                    OR lease_owner = \(owner) OR lease_owner = \(replacing))
                RETURNING fencing_token, state, (SELECT text FROM playbook WHERE hash = run.playbook_hash)
                """, logger: logger
            ).decode((Int64, ByteBuffer, String?).self).gathered()
            guard let (token, state, text) = rows.first else {
                if try await load(id) == nil { throw RunStoreError.notFound(id) }
                return nil
            }
            var run = try StoredJSON.decodeRunState(Data(state.readableBytesView))
            run.playbookText = text ?? ""
            return ClaimedRun(lease: Lease(runID: id, owner: owner, token: token, expiresAt: until), run: run)
        }
    }

    /// One statement: due runs without a live lease, oldest due first, picked with
    /// `FOR UPDATE SKIP LOCKED` (rows another worker is claiming are passed over, not waited
    /// for) and leased by the same `UPDATE … RETURNING`; their status column reads `running`.
    package func claimDue(owner: String, until: Date, now: Date, limit: Int, excluding: Set<String>) async throws -> [ClaimedRun] {
        try await deadline.run("claimDue") { [self] in
            let at = now.timeIntervalSince1970
            let excluded = excluding.sorted()
            let rows = try await client.query(
                """
                WITH picked AS (
                    SELECT id FROM run
                    WHERE ((status = 'pending') OR (status = 'waiting' AND COALESCE(wake_at, created_at) <= \(at)) OR (status = 'running'))
                        AND (lease_owner IS NULL OR lease_expires IS NULL OR lease_expires <= \(at))
                        AND NOT (id = ANY(\(excluded)))
                    ORDER BY COALESCE(wake_at, created_at)
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE run SET lease_owner = \(owner), lease_expires = \(until.timeIntervalSince1970), fencing_token = run.fencing_token + 1, status = 'running'
                FROM picked WHERE run.id = picked.id
                RETURNING run.id, run.fencing_token, run.state, (SELECT text FROM playbook WHERE hash = run.playbook_hash)
                """, logger: logger
            ).decode((String, Int64, ByteBuffer, String?).self).gathered()
            return try rows.map { id, token, state, text in
                var run = try StoredJSON.decodeRunState(Data(state.readableBytesView))
                run.playbookText = text ?? ""
                return ClaimedRun(lease: Lease(runID: id, owner: owner, token: token, expiresAt: until), run: run)
            }
        }
    }

    package func renew(_ lease: Lease, until: Date) async throws -> Bool {
        try await deadline.run("renew") { [self] in
            try await !client.query(
                """
                UPDATE run SET lease_expires = \(until.timeIntervalSince1970)
                WHERE id = \(lease.runID) AND fencing_token = \(lease.token) AND lease_owner = \(lease.owner) RETURNING id
                """, logger: logger
            ).decode(String.self).gathered().isEmpty
        }
    }

    /// Gives the lease up; the status column goes back to the stored state's (a batch claim
    /// showed the run as `running`).
    package func release(_ lease: Lease) async throws {
        try await deadline.run("release") { [self] in
            try await client.query(
                """
                UPDATE run SET lease_owner = NULL, lease_expires = NULL, status = convert_from(state, 'UTF8')::jsonb ->> 'status'
                WHERE id = \(lease.runID) AND fencing_token = \(lease.token)
                """, logger: logger)
        }
    }

    package func leaseOwner(_ id: String) async throws -> String? {
        try await deadline.run("leaseOwner") { [self] in
            try await client.query("SELECT lease_owner FROM run WHERE id = \(id)", logger: logger).decode(String?.self).gathered().first ?? nil
        }
    }

    package func leaseHolders(now: Date, limit: Int) async throws -> [LeaseHolder] {
        try await deadline.run("leaseHolders") { [self] in
            try await client.query(
                """
                SELECT id, lease_owner FROM run WHERE lease_owner IS NOT NULL AND lease_expires > \(now.timeIntervalSince1970)
                ORDER BY lease_expires LIMIT \(limit)
                """, logger: logger
            ).decode((String, String).self).gathered().map { LeaseHolder(runID: $0.0, owner: $0.1) }
        }
    }

    // MARK: Reading

    package func load(_ id: String) async throws -> RunState? {
        try await deadline.run("load") { [self] in
            let rows = try await client.query(
                "SELECT run.state, playbook.text FROM run LEFT JOIN playbook ON playbook.hash = run.playbook_hash WHERE run.id = \(id)", logger: logger
            ).decode((ByteBuffer, String?).self).gathered()
            guard let (state, text) = rows.first else { return nil }
            var run = try StoredJSON.decodeRunState(Data(state.readableBytesView))
            run.playbookText = text ?? ""
            return run
        }
    }

    package func nextWake(after now: Date) async throws -> Date? {
        try await deadline.run("nextWake") { [self] in
            try await client.query(
                "SELECT MIN(COALESCE(wake_at, created_at)) FROM run WHERE status = 'waiting' AND COALESCE(wake_at, created_at) > \(now.timeIntervalSince1970)",
                logger: logger
            ).decode(Double?.self).gathered().first?.map(Date.init(timeIntervalSince1970:))
        }
    }

    package func list(status: RunStatus?, limit: Int) async throws -> [RunSummary] {
        try await deadline.run("list") { [self] in
            let rows = try await client.query(
                """
                SELECT state, status FROM run WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
                ORDER BY created_at DESC, seq DESC LIMIT \(limit)
                """, logger: logger
            ).decode((ByteBuffer, String).self).gathered()
            return try rows.map { state, status in
                var summary = RunSummary(try StoredJSON.decodeRunState(Data(state.readableBytesView)))
                if let status = RunStatus(rawValue: status) { summary.status = status }
                return summary
            }
        }
    }

    package func due(now: Date, limit: Int) async throws -> [String] {
        try await deadline.run("due") { [self] in
            let at = now.timeIntervalSince1970
            return try await client.query(
                """
                SELECT id FROM run
                WHERE status = 'pending' OR (status = 'waiting' AND COALESCE(wake_at, created_at) <= \(at))
                    OR (status = 'running' AND (lease_expires IS NULL OR lease_expires <= \(at)))
                ORDER BY COALESCE(wake_at, created_at) LIMIT \(limit)
                """, logger: logger
            ).decode(String.self).gathered()
        }
    }

    package func journal(for id: String) async throws -> [JournalEntry] {
        try await deadline.run("journal") { [self] in
            try await client.query("SELECT entry FROM journal WHERE run_id = \(id) ORDER BY id", logger: logger).decode(ByteBuffer.self).gathered().map {
                try JSONDecoder().decode(JournalEntry.self, from: Data($0.readableBytesView))
            }
        }
    }

    package func audit(for id: String) async throws -> [AuditRecord] {
        try await deadline.run("audit") { [self] in
            try await auditEntries(for: id).map { entry in
                guard let entry else { throw RunStoreError.unusable("an audit record of \(id) is unreadable") }
                return entry
            }
        }
    }

    package func auditEntries(for id: String) async throws -> [AuditRecord?] {
        try await deadline.run("auditEntries") { [self] in
            try await client.query("SELECT record FROM audit WHERE run_id = \(id) ORDER BY seq", logger: logger).decode(ByteBuffer.self).gathered().map {
                try? StoredJSON.decodeAuditRecord(Data($0.readableBytesView))
            }
        }
    }

    // MARK: Plumbing

    /// The case's newest run.
    private static func latestRun(ofCase caseKey: String, _ connection: PostgresConnection, logger: Logger) async throws -> RunSummary? {
        let rows = try await connection.query(
            "SELECT state, status FROM run WHERE case_key = \(caseKey) ORDER BY created_at DESC, seq DESC LIMIT 1", logger: logger
        ).decode((ByteBuffer, String).self).gathered()
        guard let (state, status) = rows.first else { return nil }
        var summary = RunSummary(try StoredJSON.decodeRunState(Data(state.readableBytesView)))
        if let status = RunStatus(rawValue: status) { summary.status = status }
        return summary
    }

    /// Runs `body` in a transaction; without `durable`, the commit does not wait for the WAL flush.
    /// The error thrown is the one that failed it (postgres-nio wraps it): a `RunStoreError` of
    /// the body, or the server's error.
    private func transaction<Result: Sendable>(durable: Bool, _ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                if !durable { try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL synchronous_commit = off"), logger: self.logger) }
                return try await body(connection)
            }
        } catch let wrapped as PostgresTransactionError {
            if let cause = wrapped.closureError ?? wrapped.commitError ?? wrapped.beginError { throw cause }
            throw wrapped
        }
    }

    private func withConnection<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try await client.withConnection { try await body($0) }
    }

    /// The state without its playbook text (stored once per text in `playbook`).
    private static func withoutText(_ run: RunState) -> RunState {
        var stored = run
        stored.playbookText = ""
        return stored
    }

    /// Whether `error` is a unique violation of `constraint`.
    static func isUniqueViolation(_ error: PSQLError, constraint: String) -> Bool {
        error.serverInfo?[.sqlState] == "23505" && error.serverInfo?[.constraintName] == constraint
    }

    /// A server error's message (never the query's bound values).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            return error.serverInfo?[.message] ?? "\(error.code)"
        }
        return "\(error)"
    }
}

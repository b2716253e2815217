import Foundation
import GRDB
import RedressGRDBSupport
import RedressEngine
import RedressStoreCodec
import Synchronization

/// The embedded default `RunStore`: one SQLite database in WAL mode under the state directory,
/// safe for several `redress` processes at once.
///
/// Contract: the database is created on first use and migrated by numbered migrations; an
/// existing file that is not a Redress database (corrupt, foreign, or from a newer Redress) is
/// refused with a clear error and never recreated or changed. Runs, journal and audit trail
/// change together in one transaction per commit; commits the engine marks durable run with
/// `synchronous=FULL`, the rest with WAL's `NORMAL`.
package final class SQLiteRunStore: RunStore {
    /// The database file.
    package let path: String
    private let pool: DatabasePool
    private let committer: GroupCommitter
    private let decoder = JSONDecoder()
    private let playbookTexts = Mutex([String: String]())

    /// The file name inside the state directory.
    package static let fileName = "redress.sqlite"

    /// SQLite's `application_id` of a Redress state database ("RDRS").
    static let applicationID: Int32 = 0x5244_5253

    /// Opens (creating if needed) the store in `directory`.
    package init(directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RunStoreError.unusable("cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        let file = (directory as NSString).appendingPathComponent(Self.fileName)
        path = file
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "redress"
        // WAL with NORMAL is crash-safe for the database itself; commits that must survive a
        // power cut (around side effects) switch to FULL for their own transaction.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let migrator = Self.migrator
        // Identified read-only first: a file that is not ours is refused without a byte changed.
        do {
            _ = try DatabaseIdentity.inspect(
                path: file, applicationID: Self.applicationID, tables: ["run", "journal", "audit", "playbook"], migrator: migrator,
                what: "Redress state database")
        } catch let refusal as DatabaseIdentity.Refusal {
            throw RunStoreError.unusable(refusal.message)
        }
        do {
            pool = try OpeningRetry.run {
                let pool = try DatabasePool(path: file, configuration: configuration)
                try DatabaseIdentity.mark(pool, applicationID: Self.applicationID)
                return pool
            }
        } catch {
            throw RunStoreError.unusable("\(path) is not a usable Redress state database (\(Self.reason(error))); it was left as it is")
        }
        do {
            let pool = self.pool
            try OpeningRetry.run(isDone: { try pool.read { try migrator.hasCompletedMigrations($0) } ? () : nil }) { try migrator.migrate(pool) }
        } catch let error as RunStoreError {
            throw error
        } catch {
            throw RunStoreError.unusable("\(path) could not be prepared (\(Self.reason(error))); it was left as it is")
        }
        committer = GroupCommitter(pool: pool, path: path)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, journal, audit, playbooks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id TEXT PRIMARY KEY NOT NULL,
                        playbook_id TEXT NOT NULL,
                        status TEXT NOT NULL,
                        wake_at REAL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        lease_owner TEXT,
                        lease_expires REAL,
                        fencing_token INTEGER NOT NULL DEFAULT 0,
                        state BLOB NOT NULL
                    );
                    CREATE INDEX run_by_status ON run(status, wake_at);
                    CREATE TABLE playbook (
                        hash TEXT PRIMARY KEY NOT NULL,
                        text TEXT NOT NULL
                    );
                    CREATE TABLE journal (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        run_id TEXT NOT NULL REFERENCES run(id),
                        entry BLOB NOT NULL
                    );
                    CREATE INDEX journal_by_run ON journal(run_id, id);
                    CREATE TABLE audit (
                        run_id TEXT NOT NULL REFERENCES run(id),
                        seq INTEGER NOT NULL,
                        record BLOB NOT NULL,
                        hash TEXT NOT NULL,
                        PRIMARY KEY (run_id, seq)
                    );
                    """)
        }
        migrator.registerMigration("v2: run.playbook_hash column") { db in
            // Loading a run joined its playbook text through json_extract on the whole state,
            // parsing every run's JSON in SQL; a column makes it an index lookup.
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN playbook_hash TEXT;
                    UPDATE run SET playbook_hash = json_extract(state, '$.playbookHash');
                    """)
        }
        migrator.registerMigration("v3: run_due index") { db in
            // Due runs are found by status and the time they fall due; the old index ordered
            // waiting runs by wake_at but pending ones not at all.
            try db.execute(
                sql: """
                    CREATE INDEX run_due ON run(status, COALESCE(wake_at, created_at));
                    DROP INDEX run_by_status;
                    """)
        }
        migrator.registerMigration("v4: cases") { db in
            // A case (the order a run is about) has at most one run that has not ended: the
            // partial unique index refuses a second one in the same write that would store it,
            // whichever process or machine writes. Earlier runs with an order input join their
            // order's case; where a database already holds several open runs of one order (the
            // race this index closes), only the newest joins and the others stay caseless.
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN case_key TEXT;
                    UPDATE run SET case_key = json_extract(state, '$.inputs.order_id.s');
                    UPDATE run SET case_key = NULL
                    WHERE case_key IS NOT NULL AND status IN \(Self.openStatuses) AND EXISTS (
                        SELECT 1 FROM run AS newer WHERE newer.case_key = run.case_key AND newer.status IN \(Self.openStatuses)
                        AND (newer.created_at > run.created_at OR (newer.created_at = run.created_at AND newer.id > run.id)));
                    CREATE UNIQUE INDEX run_open_case ON run(case_key) WHERE case_key IS NOT NULL AND status IN \(Self.openStatuses);
                    CREATE INDEX run_by_case ON run(case_key, created_at);
                    CREATE INDEX run_leased ON run(lease_expires) WHERE lease_owner IS NOT NULL;
                    """)
        }
        return migrator
    }

    /// The `status` values of runs that have not ended, as an SQL list (`RunStatus.open`).
    static let openStatuses = "(" + RunStatus.open.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    package func insert(_ run: RunState, audit: [AuditRecord]) async throws {
        let state = encodeState(run)
        let records = Self.auditRows(audit)
        try await write(durable: false) { connection in
            try Self.insertRow(run, state: state, records: records, connection)
        }
    }

    /// One write: the case's latest run read, and the new run stored only if that run has ended
    /// (and `reopen` asks for it) or there is none. The partial unique index `run_open_case`
    /// is what makes this hold between processes: should another process store an open run of
    /// the case after the read, the insert fails on the index and its run is returned instead.
    package func openCase(_ run: RunState, audit: [AuditRecord], reopen: Bool) async throws -> CaseOpening {
        guard let caseKey = run.caseKey else {
            try await insert(run, audit: audit)
            return .opened(run)
        }
        let records = Self.auditRows(audit)
        return try await write(durable: false) { [self] connection in
            let db = connection.db
            if let latest = try Self.latestRun(ofCase: caseKey, db) {
                if !latest.status.isFinal { return .open(latest) }
                if !reopen { return .ended(latest) }
            }
            var stored = run
            stored.caseSequence = (try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM run WHERE case_key = ?"), arguments: [caseKey]) ?? 0) + 1
            do {
                try Self.insertRow(stored, state: encodeState(stored), records: records, connection)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("case_key") {
                if let latest = try Self.latestRun(ofCase: caseKey, db), !latest.status.isFinal { return .open(latest) }
                throw error
            }
            return .opened(stored)
        }
    }

    private static func insertRow(_ run: RunState, state: Data, records: RowInsert, _ connection: WriterConnection) throws {
        let db = connection.db
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM run WHERE id = ?"), arguments: [run.id]) == true {
            throw RunStoreError.duplicate(run.id)
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO run (id, playbook_id, status, wake_at, created_at, updated_at, state, playbook_hash, case_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [
                run.id, run.playbookID, run.status.rawValue, run.wakeAt?.timeIntervalSince1970, run.createdAt.timeIntervalSince1970,
                run.updatedAt.timeIntervalSince1970, state, run.playbookHash, run.caseKey,
            ])
        // Runs pinned to the same text share one copy of it.
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO playbook (hash, text) VALUES (?, ?)").execute(arguments: [run.playbookHash, run.playbookText])
        try records.insert(connection.statements)
    }

    /// The case's newest run.
    private static func latestRun(ofCase caseKey: String, _ db: Database) throws -> RunSummary? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT state, status FROM run WHERE case_key = ? ORDER BY created_at DESC, rowid DESC LIMIT 1"),
            arguments: [caseKey]
        ).map(summary)
    }

    /// A row of `state, status` as a summary, with the status column's word on the status (it
    /// shows a run a worker claimed as `running`).
    private static func summary(_ row: Row) throws -> RunSummary {
        var summary = RunSummary(try decodeState(row[0]))
        if let status = RunStatus(rawValue: row[1]) { summary.status = status }
        return summary
    }

    package func renew(_ lease: Lease, until: Date) async throws -> Bool {
        try await write(durable: false) { connection in
            try connection.db.cachedStatement(
                sql: "UPDATE run SET lease_expires = ? WHERE id = ? AND fencing_token = ? AND lease_owner = ?"
            ).execute(arguments: [until.timeIntervalSince1970, lease.runID, lease.token, lease.owner])
            return connection.db.changesCount == 1
        }
    }

    package func leaseHolders(now: Date, limit: Int) async throws -> [LeaseHolder] {
        try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, lease_owner FROM run WHERE lease_owner IS NOT NULL AND lease_expires > ? ORDER BY lease_expires LIMIT ?"),
                arguments: [now.timeIntervalSince1970, limit]
            ).map { LeaseHolder(runID: $0[0], owner: $0[1]) }
        }
    }

    /// Through the `run_due` index: the first waiting run past `now`.
    package func nextWake(after now: Date) async throws -> Date? {
        try read { db in
            try Double.fetchOne(
                db.cachedStatement(
                    sql: "SELECT MIN(COALESCE(wake_at, created_at)) FROM run WHERE status = 'waiting' AND COALESCE(wake_at, created_at) > ?"),
                arguments: [now.timeIntervalSince1970]
            ).map(Date.init(timeIntervalSince1970:))
        }
    }

    package func load(_ id: String) async throws -> RunState? {
        try read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT run.state, playbook.text FROM run LEFT JOIN playbook ON playbook.hash = run.playbook_hash WHERE run.id = ?"),
                arguments: [id])
            else { return nil }
            var run = try Self.decodeState(row[0])
            run.playbookText = row[1] ?? ""
            return run
        }
    }

    package func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> Lease? {
        try await claimRow(id, owner: owner, until: until, now: now, replacing: replacing, loading: false)?.lease
    }

    /// One write: the lease taken and the state read back by the same `UPDATE … RETURNING`.
    package func claimAndLoad(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> ClaimedRun? {
        guard let (lease, row) = try await claimRow(id, owner: owner, until: until, now: now, replacing: replacing, loading: true),
            let (state, hash) = row
        else { return nil }
        var run = try Self.decodeState(state)
        run.playbookText = try playbookText(hash)
        return ClaimedRun(lease: lease, run: run)
    }

    private func claimRow(_ id: String, owner: String, until: Date, now: Date, replacing: String?, loading: Bool) async throws -> (
        lease: Lease, row: (state: Data, hash: String?)?
    )? {
        try await write(durable: false) { connection in
            let db = connection.db
            let returning = loading ? "fencing_token, state, playbook_hash" : "fencing_token"
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            UPDATE run SET lease_owner = ?, lease_expires = ?, fencing_token = fencing_token + 1
                            WHERE id = ? AND (lease_owner IS NULL OR lease_expires IS NULL OR lease_expires <= ? OR lease_owner = ? OR lease_owner = ?)
                            RETURNING \(returning)
                            """),
                    arguments: [owner, until.timeIntervalSince1970, id, now.timeIntervalSince1970, owner, replacing])
            else {
                if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM run WHERE id = ?"), arguments: [id]) != true { throw RunStoreError.notFound(id) }
                return nil
            }
            let lease = Lease(runID: id, owner: owner, token: row[0], expiresAt: until)
            return (lease, loading ? (row[1] as Data, row[2] as String?) : nil)
        }
    }

    /// A playbook text by hash. Texts never change once stored (the hash names them), so each
    /// is read from the database once per process.
    private func playbookText(_ hash: String?) throws -> String {
        guard let hash else { return "" }
        if let text = playbookTexts.withLock({ $0[hash] }) { return text }
        let text = try read { db in try String.fetchOne(db.cachedStatement(sql: "SELECT text FROM playbook WHERE hash = ?"), arguments: [hash]) } ?? ""
        playbookTexts.withLock { texts in
            // A bound, not an LRU: a process meets a handful of playbook versions.
            if texts.count >= 256 { texts.removeAll() }
            texts[hash] = text
        }
        return text
    }

    package func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        try await commit(run, lease: lease, journal: journal, audit: audit, durable: durable, releasing: false)
    }

    /// One write: the state, and the lease given up (a run's last commit of a drive).
    package func commitAndRelease(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        try await commit(run, lease: lease, journal: journal, audit: audit, durable: durable, releasing: true)
    }

    private func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool, releasing: Bool) async throws {
        // Everything but the SQL itself is prepared here, off the single writer thread.
        let update: [DatabaseValue] = [
            run.status.rawValue.databaseValue, (run.wakeAt?.timeIntervalSince1970).databaseValue, run.updatedAt.timeIntervalSince1970.databaseValue,
            encodeState(run).databaseValue, releasing.databaseValue, releasing.databaseValue, lease.expiresAt.timeIntervalSince1970.databaseValue,
            run.id.databaseValue, lease.token.databaseValue,
        ]
        let rows = Self.journalRows(journal) + Self.auditRows(audit)
        try await write(durable: durable) { connection in
            let changed = try connection.statements.run(Self.commitSQL, update)
            guard changed == 1 else { throw RunStoreError.leaseLost(run.id) }
            try rows.insert(connection.statements)
        }
    }

    package func appendJournal(_ entries: [JournalEntry]) async throws {
        let rows = Self.journalRows(entries)
        try await write(durable: false) { connection in try rows.insert(connection.statements) }
    }

    package func leaseOwner(_ id: String) async throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT lease_owner FROM run WHERE id = ?", arguments: [id]) }
    }

    /// Gives the lease up; the status column goes back to the stored state's (a batch claim
    /// showed the run as `running`, and a drive that failed before committing changed nothing).
    package func release(_ lease: Lease) async throws {
        try await write(durable: false) { connection in
            try connection.db.cachedStatement(
                sql: """
                    UPDATE run SET lease_owner = NULL, lease_expires = NULL, status = json_extract(state, '$.status')
                    WHERE id = ? AND fencing_token = ?
                    """
            ).execute(arguments: [lease.runID, lease.token])
        }
    }

    /// The newest `limit` runs that match `filter`, and how many match in all (so a listing can
    /// say how many it left out).
    package func list(_ filter: RunFilter, limit: Int) async throws -> (runs: [RunSummary], total: Int) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(status.rawValue)
        }
        if let order = filter.order {
            conditions.append("(case_key = ? OR json_extract(state, '$.inputs.order_id.s') = ?)")
            arguments += [order, order]
        }
        if let playbook = filter.playbook {
            conditions.append("playbook_id = ?")
            arguments.append(playbook)
        }
        if let since = filter.since {
            conditions.append("created_at >= ?")
            arguments.append(since.timeIntervalSince1970)
        }
        let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // The cursor narrows the page, not the total.
        var pageConditions = conditions
        var pageArguments = arguments
        if let after = filter.after {
            pageConditions.append("(created_at < ? OR (created_at = ? AND id < ?))")
            pageArguments += [after.createdAt.timeIntervalSince1970, after.createdAt.timeIntervalSince1970, after.id]
        }
        let pageClause = pageConditions.isEmpty ? "" : "WHERE " + pageConditions.joined(separator: " AND ")
        return try read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run \(clause)", arguments: StatementArguments(arguments)) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT state, status FROM run \(pageClause) ORDER BY created_at DESC, id DESC LIMIT ?",
                arguments: StatementArguments(pageArguments + [limit]))
            return (try rows.map(Self.summary), total)
        }
    }

    /// Runs by the status column, which also shows a run claimed by a worker as `running`
    /// while its stored state still says where it was when claimed.
    package func list(status: RunStatus?, limit: Int) async throws -> [RunSummary] {
        try read { db in
            let rows: [Row]
            if let status {
                rows = try Row.fetchAll(
                    db, sql: "SELECT state, status FROM run WHERE status = ? ORDER BY created_at DESC LIMIT ?", arguments: [status.rawValue, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT state, status FROM run ORDER BY created_at DESC LIMIT ?", arguments: [limit])
            }
            return try rows.map(Self.summary)
        }
    }

    package func due(now: Date, limit: Int) async throws -> [String] {
        try read { db in
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM (\(Self.dueRuns(leaseFree: false))) ORDER BY due_at LIMIT :limit"),
                arguments: ["now": now.timeIntervalSince1970, "limit": limit])
        }
    }

    /// One write: the due runs with no live lease are leased to `owner` and read back by the
    /// same `UPDATE … RETURNING`. Their status column says `running` from then on (the state
    /// keeps the truth for the engine): a claimed run leaves the pending and waiting ranges of
    /// the `run_due` index, so the next claim does not scan past it, and `redress runs` shows it
    /// in flight. Should its process die, the lapsed lease makes it due again.
    package func claimDue(owner: String, until: Date, now: Date, limit: Int, excluding: Set<String>) async throws -> [ClaimedRun] {
        let excluded = Self.jsonArray(excluding)
        let rows = try await write(durable: false) { connection in
            try Row.fetchAll(
                connection.db.cachedStatement(
                    sql: """
                        UPDATE run SET lease_owner = :owner, lease_expires = :until, fencing_token = fencing_token + 1, status = 'running'
                        WHERE id IN (SELECT id FROM (\(Self.dueRuns(leaseFree: true))) ORDER BY due_at LIMIT :limit)
                        RETURNING id, fencing_token, state, playbook_hash
                        """),
                arguments: ["owner": owner, "until": until.timeIntervalSince1970, "now": now.timeIntervalSince1970, "limit": limit, "excluded": excluded]
            ).map { row in (id: row[0] as String, token: row[1] as Int64, state: row[2] as Data, hash: row[3] as String?) }
        }
        var claimed: [ClaimedRun] = []
        for row in rows {
            var run = try Self.decodeState(row.state)
            run.playbookText = try playbookText(row.hash)
            claimed.append(ClaimedRun(lease: Lease(runID: row.id, owner: owner, token: row.token, expiresAt: until), run: run))
        }
        return claimed
    }

    /// `ids` as a JSON array of strings, for `json_each`.
    private static func jsonArray(_ ids: Set<String>) -> String {
        guard !ids.isEmpty, let data = try? JSONEncoder().encode(ids.sorted()) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The runs that need a process at `:now`, with the time they fell due, as three range
    /// scans of the `run_due` index (each stops after `:limit` rows) instead of a scan of every
    /// run: a worker asks this every few dozen runs, and a store holds many parked runs.
    private static func dueRuns(leaseFree: Bool) -> String {
        // Runs a drain already saw fail are passed over (`:excluded`, a JSON array, usually empty).
        let free = leaseFree
            ? "AND (lease_owner IS NULL OR lease_expires IS NULL OR lease_expires <= :now) AND id NOT IN (SELECT value FROM json_each(:excluded))" : ""
        return """
            SELECT * FROM (SELECT id, COALESCE(wake_at, created_at) AS due_at FROM run
                WHERE status = 'pending' \(free) ORDER BY COALESCE(wake_at, created_at) LIMIT :limit)
            UNION ALL
            SELECT * FROM (SELECT id, COALESCE(wake_at, created_at) AS due_at FROM run
                WHERE status = 'waiting' AND COALESCE(wake_at, created_at) <= :now \(free) ORDER BY COALESCE(wake_at, created_at) LIMIT :limit)
            UNION ALL
            SELECT * FROM (SELECT id, COALESCE(wake_at, created_at) AS due_at FROM run
                WHERE status = 'running' AND (lease_expires IS NULL OR lease_expires <= :now) \(leaseFree ? "AND id NOT IN (SELECT value FROM json_each(:excluded))" : "") LIMIT :limit)
            """
    }

    package func journal(for id: String) async throws -> [JournalEntry] {
        try read { db in
            try Data.fetchAll(db, sql: "SELECT entry FROM journal WHERE run_id = ? ORDER BY id", arguments: [id]).map {
                try decoder.decode(JournalEntry.self, from: $0)
            }
        }
    }

    package func audit(for id: String) async throws -> [AuditRecord] {
        try read { db in
            try Data.fetchAll(db, sql: "SELECT record FROM audit WHERE run_id = ? ORDER BY rowid", arguments: [id]).map {
                try decoder.decode(AuditRecord.self, from: $0)
            }
        }
    }

    /// Every run's audit head, as its row was last committed (the same transaction as its
    /// trail's last append), by run id; a run whose head is missing has none.
    package func auditHeads() async throws -> [String: AuditHead] {
        try read { db in
            var heads: [String: AuditHead] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, json_extract(state, '$.auditHead.sequence'), json_extract(state, '$.auditHead.hash') FROM run")
            while let row = try rows.next() {
                if let sequence = row[1] as Int?, let hash = row[2] as String? { heads[row[0]] = AuditHead(sequence: sequence, hash: hash) }
            }
            return heads
        }
    }

    /// Calls `body` with each run's trail as read back, in one pass over the audit table (the
    /// way `audit verify` reads 100,000 trails): an entry whose bytes cannot be read is `nil`.
    /// `runID` limits it to one run.
    package func forEachAuditTrail(runID: String? = nil, _ body: (String, [AuditRecord?]) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT run_id, record FROM audit \(runID == nil ? "" : "WHERE run_id = ?") ORDER BY run_id, seq",
                arguments: runID.map { [$0] } ?? [])
            var current: String?
            var entries: [AuditRecord?] = []
            while let row = try rows.next() {
                let run: String = row[0]
                if run != current {
                    if let current { try body(current, entries) }
                    current = run
                    entries.removeAll(keepingCapacity: true)
                }
                entries.append((row[1] as Data?).flatMap { try? StoredJSON.decodeAuditRecord($0) })
            }
            if let current { try body(current, entries) }
        }
    }

    package func auditEntries(for id: String) async throws -> [AuditRecord?] {
        var entries: [AuditRecord?] = []
        try forEachAuditTrail(runID: id) { _, trail in entries = trail }
        return entries
    }

    /// Every run's id that has an audit trail (for `redress audit verify` without a run).
    package func auditedRunIDs() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT run_id FROM audit ORDER BY run_id") }
    }

    /// Runs a raw SQL statement (tests use it to tamper with the audit trail as an attacker would).
    package func executeForTesting(_ sql: String, arguments: StatementArguments = []) throws {
        try pool.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// The run without its playbook text, which lives once per hash in `playbook`.
    private func encodeState(_ run: RunState) -> Data {
        var stored = run
        stored.playbookText = ""
        return StoredJSON.encode(stored)
    }

    private static func decodeState(_ data: Data) throws -> RunState {
        do {
            return try StoredJSON.decodeRunState(data)
        } catch {
            throw RunStoreError.unusable("a stored run could not be read: \(error)")
        }
    }

    /// A commit's write of the run row; a released run keeps no owner, and its lease_expires
    /// is cleared with it.
    private static let commitSQL = """
        UPDATE run SET status = ?, wake_at = ?, updated_at = ?, state = ?,
            lease_owner = CASE WHEN ? THEN NULL ELSE lease_owner END,
            lease_expires = CASE WHEN ? THEN NULL ELSE ? END
        WHERE id = ? AND fencing_token = ?
        """

    private static let journalShape = RowInsert.Shape(table: "journal", columns: ["run_id", "entry"])
    private static let auditShape = RowInsert.Shape(table: "audit", columns: ["run_id", "seq", "record", "hash"])

    private static func journalRows(_ entries: [JournalEntry]) -> RowInsert {
        var values: [DatabaseValue] = []
        values.reserveCapacity(entries.count * 2)
        for entry in entries { values += [entry.runID.databaseValue, StoredJSON.encode(entry).databaseValue] }
        return RowInsert(shape: journalShape, values: values)
    }

    /// The primary key (run, sequence) refuses a second writer's record with a taken number.
    private static func auditRows(_ records: [AuditRecord]) -> RowInsert {
        var values: [DatabaseValue] = []
        values.reserveCapacity(records.count * 4)
        for record in records {
            values += [record.runID.databaseValue, record.sequence.databaseValue, StoredJSON.encode(record).databaseValue, record.hash.databaseValue]
        }
        return RowInsert(shape: auditShape, values: values)
    }

    /// Runs `body` in the next group-commit transaction; `durable` syncs it to disk
    /// (`synchronous=FULL`) before returning.
    private func write<T: Sendable>(durable: Bool, _ body: @escaping @Sendable (WriterConnection) throws -> T) async throws -> T {
        do {
            return try await committer.submit(durable: durable, body)
        } catch let error as RunStoreError {
            throw error
        } catch {
            throw RunStoreError.unusable("the state database failed: \(Self.reason(error))")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as RunStoreError {
            throw error
        } catch let error as DecodingError {
            throw RunStoreError.unusable("a stored run could not be read: \(error)")
        } catch {
            throw RunStoreError.unusable("the state database failed: \(Self.reason(error))")
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}

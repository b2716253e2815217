import Logging
import PostgresNIO

/// The schema, as numbered migrations applied in order, each once, in one transaction each.
/// Processes starting together serialise on an advisory lock, so two never apply one twice.
enum PostgresMigrations {
    /// The advisory lock key ("RDRS").
    static let lockKey: Int64 = 0x5244_5253

    /// Every migration, in order; the number is its position + 1. Never edit one that shipped.
    static let all: [String] = [
        // 1: runs (state as the stores' shared JSON bytes, leases with fencing tokens, cases),
        // playbook texts shared by hash, the journal and the audit trail.
        """
        CREATE TABLE run (
            id text PRIMARY KEY,
            seq bigserial NOT NULL,
            playbook_id text NOT NULL,
            status text NOT NULL,
            wake_at double precision,
            created_at double precision NOT NULL,
            updated_at double precision NOT NULL,
            state bytea NOT NULL,
            playbook_hash text,
            case_key text,
            lease_owner text,
            lease_expires double precision,
            fencing_token bigint NOT NULL DEFAULT 0
        );
        CREATE TABLE playbook (hash text PRIMARY KEY, text text NOT NULL);
        CREATE TABLE journal (id bigserial PRIMARY KEY, run_id text NOT NULL REFERENCES run(id), entry bytea NOT NULL);
        CREATE INDEX journal_by_run ON journal (run_id, id);
        CREATE TABLE audit (
            run_id text NOT NULL REFERENCES run(id),
            seq integer NOT NULL,
            record bytea NOT NULL,
            hash text NOT NULL,
            CONSTRAINT audit_pkey PRIMARY KEY (run_id, seq)
        );
        CREATE UNIQUE INDEX run_open_case ON run (case_key) WHERE case_key IS NOT NULL AND status IN ('pending', 'running', 'waiting');
        CREATE INDEX run_by_case ON run (case_key, created_at);
        CREATE INDEX run_due ON run (status, (COALESCE(wake_at, created_at)));
        CREATE INDEX run_leased ON run (lease_expires) WHERE lease_owner IS NOT NULL;
        CREATE INDEX run_by_created ON run (created_at DESC, seq DESC);
        """
    ]

    /// Applies the migrations the database lacks; a database newer than this build is refused.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query(
                PostgresQuery(unsafeSQL: "CREATE TABLE IF NOT EXISTS redress_migration (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"),
                logger: logger)
            let applied = try await connection.query(PostgresQuery(unsafeSQL: "SELECT COALESCE(MAX(version), 0) FROM redress_migration"), logger: logger).decode(Int32.self).gathered().first ?? 0
            guard Int(applied) <= all.count else {
                throw MigrationError(message: "the database is at schema version \(applied), newer than this build's \(all.count)")
            }
            for (index, sql) in all.enumerated() where index + 1 > Int(applied) {
                for statement in sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO redress_migration (version) VALUES (\(Int32(index + 1)))", logger: logger)
            }
        }
    }

    /// A schema this build cannot use.
    struct MigrationError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

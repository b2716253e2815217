import Foundation
import Synchronization

/// A `RunStore` in memory: for dry runs, tests and benchmarks. Same contract as the SQLite store,
/// minus durability.
public final class InMemoryRunStore: RunStore {
    private struct Content {
        var runs: [String: RunState] = [:]
        var leases: [String: Lease] = [:]
        var tokens: [String: Int64] = [:]
        var journal: [String: [JournalEntry]] = [:]
        var audit: [String: [AuditRecord]] = [:]
    }

    private let content = Mutex(Content())

    /// Creates an empty store.
    public init() {}

    public func insert(_ run: RunState, audit: [AuditRecord]) throws {
        try content.withLock { content in
            guard content.runs[run.id] == nil else { throw RunStoreError.duplicate(run.id) }
            content.runs[run.id] = run
            content.audit[run.id] = audit
        }
    }

    public func openCase(_ run: RunState, audit: [AuditRecord], reopen: Bool) throws -> CaseOpening {
        guard let caseKey = run.caseKey else {
            try insert(run, audit: audit)
            return .opened(run)
        }
        return try content.withLock { content in
            let runs = content.runs.values.filter { $0.caseKey == caseKey }
            if let latest = runs.max(by: { ($0.createdAt, $0.caseSequence) < ($1.createdAt, $1.caseSequence) }) {
                if !latest.status.isFinal { return .open(RunSummary(latest)) }
                if !reopen { return .ended(RunSummary(latest)) }
            }
            guard content.runs[run.id] == nil else { throw RunStoreError.duplicate(run.id) }
            var stored = run
            stored.caseSequence = runs.count + 1
            content.runs[run.id] = stored
            content.audit[run.id] = audit
            return .opened(stored)
        }
    }

    public func load(_ id: String) async throws -> RunState? { content.withLock { $0.runs[id] } }

    public func renew(_ lease: Lease, until: Date) throws -> Bool {
        content.withLock { content in
            guard content.tokens[lease.runID] == lease.token, content.leases[lease.runID] != nil else { return false }
            content.leases[lease.runID]?.expiresAt = until
            return true
        }
    }

    public func leaseHolders(now: Date, limit: Int) async throws -> [LeaseHolder] {
        content.withLock { content in
            content.leases.values.filter { $0.expiresAt > now }.sorted { $0.runID < $1.runID }.prefix(limit).map {
                LeaseHolder(runID: $0.runID, owner: $0.owner)
            }
        }
    }

    public func nextWake(after now: Date) async throws -> Date? {
        content.withLock { content in
            content.runs.values.compactMap { $0.status == .waiting ? $0.wakeAt : nil }.filter { $0 > now }.min()
        }
    }

    public func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) throws -> Lease? {
        try content.withLock { content in
            guard content.runs[id] != nil else { throw RunStoreError.notFound(id) }
            if let lease = content.leases[id], lease.expiresAt > now, lease.owner != owner, lease.owner != replacing { return nil }
            let token = (content.tokens[id] ?? 0) + 1
            content.tokens[id] = token
            let lease = Lease(runID: id, owner: owner, token: token, expiresAt: until)
            content.leases[id] = lease
            return lease
        }
    }

    public func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) throws {
        try content.withLock { content in
            guard content.tokens[run.id] == lease.token else { throw RunStoreError.leaseLost(run.id) }
            // All or nothing: a record whose sequence is taken refuses the whole commit.
            if let first = audit.first, first.sequence != (content.audit[run.id]?.last?.sequence ?? 0) + 1 { throw RunStoreError.leaseLost(run.id) }
            content.runs[run.id] = run
            if !journal.isEmpty { content.journal[run.id, default: []] += journal }
            if !audit.isEmpty { content.audit[run.id, default: []] += audit }
        }
    }

    public func appendJournal(_ entries: [JournalEntry]) throws {
        content.withLock { content in
            for entry in entries { content.journal[entry.runID, default: []].append(entry) }
        }
    }

    public func leaseOwner(_ id: String) async throws -> String? { content.withLock { $0.leases[id]?.owner } }

    public func release(_ lease: Lease) throws {
        content.withLock { content in
            if content.leases[lease.runID]?.token == lease.token { content.leases[lease.runID] = nil }
        }
    }

    public func list(status: RunStatus?, limit: Int) async throws -> [RunSummary] {
        content.withLock { content in
            content.runs.values.filter { status == nil || $0.status == status }.sorted { $0.createdAt > $1.createdAt }.prefix(limit).map(RunSummary.init)
        }
    }

    public func due(now: Date, limit: Int) async throws -> [String] {
        content.withLock { content in
            content.runs.values.filter { run in
                switch run.status {
                case .waiting, .pending: return (run.wakeAt ?? .distantPast) <= now
                case .running: return (content.leases[run.id]?.expiresAt ?? .distantPast) <= now
                default: return false
                }
            }.sorted { ($0.wakeAt ?? $0.createdAt) < ($1.wakeAt ?? $1.createdAt) }.prefix(limit).map(\.id)
        }
    }

    public func journal(for id: String) async throws -> [JournalEntry] { content.withLock { $0.journal[id] ?? [] } }

    public func audit(for id: String) async throws -> [AuditRecord] { content.withLock { $0.audit[id] ?? [] } }

    /// Replaces a run's audit trail (tests use it to tamper).
    public func replaceAudit(_ records: [AuditRecord], for id: String) {
        content.withLock { $0.audit[id] = records }
    }
}

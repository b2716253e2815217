import Foundation
import RedressEngine

/// A store that passes every call to `base`, except those given a replacement: for building
/// stores that break one rule of the contract, to show the conformance kit catches it.
package struct ForwardingStore: RunStore {
    /// Replaces `commit` (given `base` to call).
    package typealias Commit = @Sendable (_ base: any RunStore, RunState, Lease, [JournalEntry], [AuditRecord], Bool) async throws -> Void
    /// Replaces `openCase` (given `base` to call).
    package typealias OpenCase = @Sendable (_ base: any RunStore, RunState, [AuditRecord], Bool) async throws -> CaseOpening

    let base: any RunStore
    let commit: Commit?
    let openCase: OpenCase?

    /// Forwards to `base`, with `commit` and `openCase` replaced when given.
    package init(_ base: any RunStore, commit: Commit? = nil, openCase: OpenCase? = nil) {
        self.base = base
        self.commit = commit
        self.openCase = openCase
    }

    package func insert(_ run: RunState, audit: [AuditRecord]) async throws { try await base.insert(run, audit: audit) }
    package func openCase(_ run: RunState, audit: [AuditRecord], reopen: Bool) async throws -> CaseOpening {
        if let openCase { return try await openCase(base, run, audit, reopen) }
        return try await base.openCase(run, audit: audit, reopen: reopen)
    }
    package func renew(_ lease: Lease, until: Date) async throws -> Bool { try await base.renew(lease, until: until) }
    package func leaseHolders(now: Date, limit: Int) async throws -> [LeaseHolder] { try await base.leaseHolders(now: now, limit: limit) }
    package func nextWake(after now: Date) async throws -> Date? { try await base.nextWake(after: now) }
    package func load(_ id: String) async throws -> RunState? { try await base.load(id) }
    package func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> Lease? {
        try await base.claim(id, owner: owner, until: until, now: now, replacing: replacing)
    }
    package func leaseOwner(_ id: String) async throws -> String? { try await base.leaseOwner(id) }
    package func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        if let commit { return try await commit(base, run, lease, journal, audit, durable) }
        try await base.commit(run, lease: lease, journal: journal, audit: audit, durable: durable)
    }
    package func appendJournal(_ entries: [JournalEntry]) async throws { try await base.appendJournal(entries) }
    package func release(_ lease: Lease) async throws { try await base.release(lease) }
    package func list(status: RunStatus?, limit: Int) async throws -> [RunSummary] { try await base.list(status: status, limit: limit) }
    package func due(now: Date, limit: Int) async throws -> [String] { try await base.due(now: now, limit: limit) }
    package func journal(for id: String) async throws -> [JournalEntry] { try await base.journal(for: id) }
    package func audit(for id: String) async throws -> [AuditRecord] { try await base.audit(for: id) }
}

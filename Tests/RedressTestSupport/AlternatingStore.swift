import Foundation
import RedressEngine
import Synchronization

/// Two stores of one database used in turn, call by call: a conformance check through it sees
/// what two processes sharing the database would.
package final class AlternatingStore: RunStore {
    private let stores: [any RunStore]
    private let turn = Atomic<Int>(0)

    /// Alternates between `first` and `second`.
    package init(_ first: any RunStore, _ second: any RunStore) { stores = [first, second] }

    private var next: any RunStore { stores[turn.add(1, ordering: .relaxed).oldValue % stores.count] }

    package func insert(_ run: RunState, audit: [AuditRecord]) async throws { try await next.insert(run, audit: audit) }
    package func openCase(_ run: RunState, audit: [AuditRecord], reopen: Bool) async throws -> CaseOpening { try await next.openCase(run, audit: audit, reopen: reopen) }
    package func renew(_ lease: Lease, until: Date) async throws -> Bool { try await next.renew(lease, until: until) }
    package func leaseHolders(now: Date, limit: Int) async throws -> [LeaseHolder] { try await next.leaseHolders(now: now, limit: limit) }
    package func nextWake(after now: Date) async throws -> Date? { try await next.nextWake(after: now) }
    package func load(_ id: String) async throws -> RunState? { try await next.load(id) }
    package func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> Lease? {
        try await next.claim(id, owner: owner, until: until, now: now, replacing: replacing)
    }
    package func claimDue(owner: String, until: Date, now: Date, limit: Int, excluding: Set<String>) async throws -> [ClaimedRun] {
        try await next.claimDue(owner: owner, until: until, now: now, limit: limit, excluding: excluding)
    }
    package func leaseOwner(_ id: String) async throws -> String? { try await next.leaseOwner(id) }
    package func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        try await next.commit(run, lease: lease, journal: journal, audit: audit, durable: durable)
    }
    package func appendJournal(_ entries: [JournalEntry]) async throws { try await next.appendJournal(entries) }
    package func release(_ lease: Lease) async throws { try await next.release(lease) }
    package func commitAndRelease(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        try await next.commitAndRelease(run, lease: lease, journal: journal, audit: audit, durable: durable)
    }
    package func list(status: RunStatus?, limit: Int) async throws -> [RunSummary] { try await next.list(status: status, limit: limit) }
    package func due(now: Date, limit: Int) async throws -> [String] { try await next.due(now: now, limit: limit) }
    package func journal(for id: String) async throws -> [JournalEntry] { try await next.journal(for: id) }
    package func audit(for id: String) async throws -> [AuditRecord] { try await next.audit(for: id) }
}

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
    package func leaseHolders(now: Date, limit: Int) throws -> [LeaseHolder] { try next.leaseHolders(now: now, limit: limit) }
    package func nextWake(after now: Date) throws -> Date? { try next.nextWake(after: now) }
    package func load(_ id: String) throws -> RunState? { try next.load(id) }
    package func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> Lease? {
        try await next.claim(id, owner: owner, until: until, now: now, replacing: replacing)
    }
    package func claimDue(owner: String, until: Date, now: Date, limit: Int, excluding: Set<String>) async throws -> [ClaimedRun] {
        try await next.claimDue(owner: owner, until: until, now: now, limit: limit, excluding: excluding)
    }
    package func leaseOwner(_ id: String) throws -> String? { try next.leaseOwner(id) }
    package func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        try await next.commit(run, lease: lease, journal: journal, audit: audit, durable: durable)
    }
    package func appendJournal(_ entries: [JournalEntry]) async throws { try await next.appendJournal(entries) }
    package func release(_ lease: Lease) async throws { try await next.release(lease) }
    package func commitAndRelease(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        try await next.commitAndRelease(run, lease: lease, journal: journal, audit: audit, durable: durable)
    }
    package func list(status: RunStatus?, limit: Int) throws -> [RunSummary] { try next.list(status: status, limit: limit) }
    package func due(now: Date, limit: Int) throws -> [String] { try next.due(now: now, limit: limit) }
    package func journal(for id: String) throws -> [JournalEntry] { try next.journal(for: id) }
    package func audit(for id: String) throws -> [AuditRecord] { try next.audit(for: id) }
}

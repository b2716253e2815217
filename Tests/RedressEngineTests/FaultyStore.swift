import Foundation
import RedressEngine
import Synchronization

/// Wraps a store and "kills the process" at a chosen commit: the commit is thrown away (before)
/// or made and then the call throws (after). Once crashed it stops releasing leases, as a dead
/// process would.
final class FaultyStore: RunStore {
    enum Point: Sendable, Hashable, CustomStringConvertible {
        case before(Int)
        case after(Int)
        var description: String {
            switch self {
            case .before(let n): return "before commit \(n)"
            case .after(let n): return "after commit \(n)"
            }
        }
    }

    struct Crash: Error {}

    let inner: any RunStore
    private let point: Point?
    private let state = Mutex<(commits: Int, crashed: Bool)>((0, false))

    init(_ inner: any RunStore, crashAt point: Point?) {
        self.inner = inner
        self.point = point
    }

    var commits: Int { state.withLock { $0.commits } }

    func insert(_ run: RunState, audit: [AuditRecord]) async throws { try await inner.insert(run, audit: audit) }
    func load(_ id: String) throws -> RunState? { try inner.load(id) }
    func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> Lease? {
        try await inner.claim(id, owner: owner, until: until, now: now, replacing: replacing)
    }
    func leaseOwner(_ id: String) throws -> String? { try inner.leaseOwner(id) }

    func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        let number = state.withLock { state -> Int in
            state.commits += 1
            return state.commits
        }
        if state.withLock({ $0.crashed }) { throw Crash() }
        if point == .before(number) {
            state.withLock { $0.crashed = true }
            throw Crash()
        }
        try await inner.commit(run, lease: lease, journal: journal, audit: audit, durable: durable)
        if point == .after(number) {
            state.withLock { $0.crashed = true }
            throw Crash()
        }
    }

    func appendJournal(_ entries: [JournalEntry]) async throws { try await inner.appendJournal(entries) }
    func release(_ lease: Lease) async throws {
        if !state.withLock({ $0.crashed }) { try await inner.release(lease) }
    }
    func list(status: RunStatus?, limit: Int) throws -> [RunSummary] { try inner.list(status: status, limit: limit) }
    func due(now: Date, limit: Int) throws -> [String] { try inner.due(now: now, limit: limit) }
    func journal(for id: String) throws -> [JournalEntry] { try inner.journal(for: id) }
    func audit(for id: String) throws -> [AuditRecord] { try inner.audit(for: id) }
}

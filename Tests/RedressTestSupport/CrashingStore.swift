import Foundation
import RedressEngine
import Synchronization

/// Wraps a store and "kills the process" at a chosen commit: the commit is thrown away
/// (`.before(n)`) or made and then the call throws (`.after(n)`). Once dead it refuses every
/// write and stops releasing leases, as a dead process would. Shared by the crash tests of the
/// engine, the SQLite store and the sandbox.
public final class CrashingStore: RunStore {
    /// Where the process dies.
    public enum Point: Sendable, Hashable, CustomStringConvertible {
        case before(Int)
        case after(Int)

        public var description: String {
            switch self {
            case .before(let n): return "before commit \(n)"
            case .after(let n): return "after commit \(n)"
            }
        }
    }

    /// What a dead process's calls throw.
    public struct Crash: Error {}

    private let inner: any RunStore
    private let point: Point?
    private let state = Mutex<(commits: Int, crashed: Bool)>((0, false))

    /// Wraps `inner`; `nil` never dies (to count commits).
    public init(_ inner: any RunStore, crashAt point: Point?) {
        self.inner = inner
        self.point = point
    }

    /// Commits seen so far.
    public var commits: Int { state.withLock { $0.commits } }

    public func insert(_ run: RunState, audit: [AuditRecord]) async throws { try await inner.insert(run, audit: audit) }
    public func load(_ id: String) async throws -> RunState? { try await inner.load(id) }
    public func openCase(_ run: RunState, audit: [AuditRecord], reopen: Bool) async throws -> CaseOpening {
        try await inner.openCase(run, audit: audit, reopen: reopen)
    }
    public func renew(_ lease: Lease, until: Date) async throws -> Bool {
        if state.withLock({ $0.crashed }) { throw Crash() }
        return try await inner.renew(lease, until: until)
    }
    public func leaseHolders(now: Date, limit: Int) async throws -> [LeaseHolder] { try await inner.leaseHolders(now: now, limit: limit) }
    public func nextWake(after now: Date) async throws -> Date? { try await inner.nextWake(after: now) }
    public func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> Lease? {
        try await inner.claim(id, owner: owner, until: until, now: now, replacing: replacing)
    }
    public func leaseOwner(_ id: String) async throws -> String? { try await inner.leaseOwner(id) }

    public func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        let (number, crashed) = state.withLock { state -> (Int, Bool) in
            state.commits += 1
            return (state.commits, state.crashed)
        }
        if crashed { throw Crash() }
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

    public func appendJournal(_ entries: [JournalEntry]) async throws { try await inner.appendJournal(entries) }
    public func release(_ lease: Lease) async throws {
        if !state.withLock({ $0.crashed }) { try await inner.release(lease) }
    }
    public func list(status: RunStatus?, limit: Int) async throws -> [RunSummary] { try await inner.list(status: status, limit: limit) }
    public func due(now: Date, limit: Int) async throws -> [String] { try await inner.due(now: now, limit: limit) }
    public func journal(for id: String) async throws -> [JournalEntry] { try await inner.journal(for: id) }
    public func audit(for id: String) async throws -> [AuditRecord] { try await inner.audit(for: id) }
}

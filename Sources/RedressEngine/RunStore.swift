import Foundation

/// Where runs live. SQL, files and locking stay behind this protocol: SQLite is the embedded
/// default; a PostgreSQL store for many workers on many machines can implement the same. Every
/// implementation runs `RunStoreConformance` (module `RedressStoreConformance`) in its tests.
///
/// # Contract
///
/// - `claim` gives at most one live lease per run. A lease carries a fencing token that grows with
///   every claim; `commit` refuses (throws `RunStoreError.leaseLost`) when the token is no longer
///   the run's current one, so a process that lost its lease can never overwrite a newer owner.
/// - `commit` writes the run's state, its journal entries and its audit records atomically. The
///   records arrive already chained (`AuditChain.append`, by the lease holder, from the state's
///   `auditHead`); a store must refuse a record whose sequence number is taken. With `durable: true` they are synced to disk
///   before `commit` returns (SQLite `synchronous=FULL`): the engine asks for that around every
///   side-effecting call. Writes are `async` so a store can group the commits of many runs into
///   one transaction (group commit) while callers wait without holding a thread; reads are
///   `async` too, so a store over a network never blocks a thread while it waits.
/// - `due` lists runs that need a process: parked runs whose `wakeAt` has passed, and running
///   runs whose lease expired (their process died) or was given up (their process was stopped).
/// - `openCase` is the one way a run for a case (an anomalous order) is stored: in the same
///   write that stores the run it checks that the case has no run that has not ended, so two
///   intakes racing (two processes, two machines) store one run. A store enforces this with a
///   constraint of its own (SQLite: a partial unique index), never with a read made earlier.
/// - `renew` extends a live lease (a heartbeat during a long call); it never takes one back.
public protocol RunStore: Sendable {
    /// Stores a new run that belongs to no case.
    func insert(_ run: RunState, audit: [AuditRecord]) async throws
    /// Stores `run` as the next run of its case (`run.caseKey`, which must be set), unless the
    /// case has a run that has not ended (`.open`), or its latest run ended and `reopen` is false
    /// (`.ended`). The stored run's `caseSequence` is set by the store (1 for a case's first run).
    func openCase(_ run: RunState, audit: [AuditRecord], reopen: Bool) async throws -> CaseOpening
    /// Extends `lease` to `until` if it is still the run's current lease; false when it is not.
    func renew(_ lease: Lease, until: Date) async throws -> Bool
    /// Runs whose lease is live at `now`, with their owners, for finding owners that died.
    func leaseHolders(now: Date, limit: Int) async throws -> [LeaseHolder]
    /// When the earliest parked run falls due after `now`, if any does.
    func nextWake(after now: Date) async throws -> Date?
    /// The run with `id`.
    func load(_ id: String) async throws -> RunState?
    /// Claims the run for `owner` until `until`; `nil` when another owner's lease is live.
    /// `replacing` names an owner whose live lease may be taken anyway (a process known dead).
    func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> Lease?
    /// `claim`, and the claimed run as `load` would return it, in one step if the store can (a
    /// drive needs both, and one round trip to the database is cheaper than two).
    func claimAndLoad(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> ClaimedRun?
    /// Claims up to `limit` of the runs `due` would list that hold no live lease and are not in
    /// `excluding`, and loads them, in one step if the store can: a worker takes its next runs
    /// in one round trip, passing over runs that already failed in this drain.
    func claimDue(owner: String, until: Date, now: Date, limit: Int, excluding: Set<String>) async throws -> [ClaimedRun]
    /// The owner of the run's lease, if one is recorded.
    func leaseOwner(_ id: String) async throws -> String?
    /// Writes state, journal and audit atomically, if `lease` is still current.
    func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws
    /// Adds journal entries without touching the run (late results of timed-out calls).
    func appendJournal(_ entries: [JournalEntry]) async throws
    /// Gives the lease up.
    func release(_ lease: Lease) async throws
    /// `commit` and `release` as one write, if the store can: a drive's last commit (the run
    /// ended or parked) gives the lease up with it.
    func commitAndRelease(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws
    /// Runs, newest first, optionally with one status.
    func list(status: RunStatus?, limit: Int) async throws -> [RunSummary]
    /// The newest `limit` runs `filter` admits, and how many it admits in all.
    func list(_ filter: RunFilter, limit: Int) async throws -> (runs: [RunSummary], total: Int)
    /// Every run's audit head (for checking every trail).
    func auditHeads() async throws -> [String: AuditHead]
    /// Ids of runs that need a process now.
    func due(now: Date, limit: Int) async throws -> [String]
    /// A run's journal, in order.
    func journal(for id: String) async throws -> [JournalEntry]
    /// A run's audit trail, in order.
    func audit(for id: String) async throws -> [AuditRecord]
    /// A run's audit trail as read back, in order: `nil` for an entry whose stored bytes are
    /// not a record (so a corrupted entry is reported where it is, not as a read failure).
    func auditEntries(for id: String) async throws -> [AuditRecord?]
}

extension RunStore {
    /// The newest `limit` runs `filter` admits and how many it admits in all, by filtering
    /// `list(status:limit:)`, for stores with nothing better.
    public func list(_ filter: RunFilter, limit: Int) async throws -> (runs: [RunSummary], total: Int) {
        let admitted = try await list(status: filter.status, limit: Int.max).filter(filter.admits)
            .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        return (Array(admitted.filter(filter.isPastCursor).prefix(limit)), admitted.count)
    }

    /// Every run's audit head, by loading every run, for stores with nothing better.
    public func auditHeads() async throws -> [String: AuditHead] {
        var heads: [String: AuditHead] = [:]
        for summary in try await list(status: nil, limit: Int.max) {
            if let head = try await load(summary.id)?.auditHead { heads[summary.id] = head }
        }
        return heads
    }

    /// Claims, then loads (two steps), for stores with nothing better.
    public func claimAndLoad(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> ClaimedRun? {
        guard let lease = try await claim(id, owner: owner, until: until, now: now, replacing: replacing) else { return nil }
        guard let run = try await load(id) else {
            try? await release(lease)
            throw RunStoreError.notFound(id)
        }
        return ClaimedRun(lease: lease, run: run)
    }

    /// Lists due runs, then claims and loads them one by one, for stores with nothing better.
    public func claimDue(owner: String, until: Date, now: Date, limit: Int, excluding: Set<String>) async throws -> [ClaimedRun] {
        var claimed: [ClaimedRun] = []
        for id in try await due(now: now, limit: limit + excluding.count) where !excluding.contains(id) && claimed.count < limit {
            do {
                if let run = try await claimAndLoad(id, owner: owner, until: until, now: now, replacing: nil) { claimed.append(run) }
            } catch RunStoreError.notFound {
                continue
            }
        }
        return claimed
    }

    /// Commits, then releases (two writes), for stores with nothing better.
    public func commitAndRelease(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        try await commit(run, lease: lease, journal: journal, audit: audit, durable: durable)
        try await release(lease)
    }

    /// Claims up to `limit` due runs (none excluded).
    public func claimDue(owner: String, until: Date, now: Date, limit: Int) async throws -> [ClaimedRun] {
        try await claimDue(owner: owner, until: until, now: now, limit: limit, excluding: [])
    }

    /// The trail through `audit(for:)`, for stores that cannot read entries one by one.
    public func auditEntries(for id: String) async throws -> [AuditRecord?] { try await audit(for: id).map(Optional.some) }

    /// Claims the run unless another owner's lease is live.
    public func claim(_ id: String, owner: String, until: Date, now: Date) async throws -> Lease? {
        try await claim(id, owner: owner, until: until, now: now, replacing: nil)
    }
}

/// A claim on a run.
public struct Lease: Sendable, Hashable {
    /// The run.
    public var runID: String
    /// The process holding it.
    public var owner: String
    /// Grows with every claim; writes must carry the current one.
    public var token: Int64
    /// When it lapses.
    public var expiresAt: Date

    /// Creates a lease.
    public init(runID: String, owner: String, token: Int64, expiresAt: Date) {
        self.runID = runID
        self.owner = owner
        self.token = token
        self.expiresAt = expiresAt
    }
}

/// A run and the owner of its live lease.
public struct LeaseHolder: Sendable, Hashable {
    /// The run.
    public var runID: String
    /// The process holding its lease (`host:pid`).
    public var owner: String

    /// Pairs them.
    public init(runID: String, owner: String) {
        self.runID = runID
        self.owner = owner
    }
}

/// What `RunStore.openCase` did.
public enum CaseOpening: Sendable {
    /// A new run was stored for the case (with its `caseSequence` set).
    case opened(RunState)
    /// The case has a run that has not ended; nothing was stored.
    case open(RunSummary)
    /// The case's latest run has ended and reopening was not asked for; nothing was stored.
    case ended(RunSummary)
}

/// A run and the lease that lets this process change it.
public struct ClaimedRun: Sendable {
    /// The lease.
    public var lease: Lease
    /// The run, as stored when the lease was taken.
    public var run: RunState

    /// Pairs them.
    public init(lease: Lease, run: RunState) {
        self.lease = lease
        self.run = run
    }
}

/// One line of `redress runs`.
public struct RunSummary: Sendable, Hashable, Codable {
    /// The run's id.
    public var id: String
    /// The playbook's id.
    public var playbookID: String
    /// The status.
    public var status: RunStatus
    /// The resolution, if it ended.
    public var resolution: String?
    /// When it was created.
    public var createdAt: Date
    /// When it changed last.
    public var updatedAt: Date
    /// When a parked run wakes.
    public var wakeAt: Date?
    /// What the run is about: its `order_id` input, when it has one.
    public var orderID: String?
    /// The case it belongs to, when it was opened as one.
    public var caseKey: String?

    /// Creates a summary of `run`.
    public init(_ run: RunState) {
        if case .string(let order) = run.inputs["order_id"] ?? .null { orderID = order }
        id = run.id
        caseKey = run.caseKey
        playbookID = run.playbookID
        status = run.status
        resolution = run.resolution
        createdAt = run.createdAt
        updatedAt = run.updatedAt
        wakeAt = run.wakeAt
    }
}

/// Why a store refused.
public enum RunStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another process holds the run (or took it over): this process must stop touching it.
    case leaseLost(String)
    /// No such run.
    case notFound(String)
    /// A run with this id exists already.
    case duplicate(String)
    /// The store cannot be used (corrupt, unreadable, from a newer version).
    case unusable(String)

    /// A sentence for the operator.
    public var description: String {
        switch self {
        case .leaseLost(let id): return "run \(id) is being run by another process"
        case .notFound(let id): return "no run \(id)"
        case .duplicate(let id): return "run \(id) already exists"
        case .unusable(let reason): return reason
        }
    }
}

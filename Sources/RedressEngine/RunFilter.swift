import Foundation

/// Which runs a listing wants (`redress runs`): every part optional, all of them must hold.
public struct RunFilter: Sendable, Hashable {
    /// Only runs with this status.
    public var status: RunStatus?
    /// Only runs about this order (its case, or its `order_id` input).
    public var order: String?
    /// Only runs of this playbook id.
    public var playbook: String?
    /// Only runs created at or after this time.
    public var since: Date?
    /// Only runs listed after this one (a page's last run): the next page. Listings are newest
    /// first, ties broken by id, so pages neither repeat nor skip a run. It does not change the
    /// total a listing reports.
    public var after: RunCursor?

    /// A filter; `nil` parts do not filter.
    public init(status: RunStatus? = nil, order: String? = nil, playbook: String? = nil, since: Date? = nil, after: RunCursor? = nil) {
        self.status = status
        self.order = order
        self.playbook = playbook
        self.since = since
        self.after = after
    }

    /// Whether `run` comes after the cursor in a listing (true without one).
    public func isPastCursor(_ run: RunSummary) -> Bool {
        guard let after else { return true }
        return run.createdAt < after.createdAt || (run.createdAt == after.createdAt && run.id < after.id)
    }

    /// Whether `run` passes.
    public func admits(_ run: RunSummary) -> Bool {
        (status == nil || run.status == status) && (order == nil || run.caseKey == order || run.orderID == order)
            && (playbook == nil || run.playbookID == playbook) && (since.map { run.createdAt >= $0 } ?? true)
    }
}

/// Where a page of a run listing ended: its last run's creation time and id.
public struct RunCursor: Sendable, Hashable {
    /// The last run's creation time.
    public var createdAt: Date
    /// The last run's id.
    public var id: String

    /// A cursor after the run created at `createdAt` with `id`.
    public init(createdAt: Date, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// The cursor after `run`.
    public init(after run: RunSummary) {
        self.init(createdAt: run.createdAt, id: run.id)
    }
}

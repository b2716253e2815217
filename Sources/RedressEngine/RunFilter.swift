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

    /// A filter; `nil` parts do not filter.
    public init(status: RunStatus? = nil, order: String? = nil, playbook: String? = nil, since: Date? = nil) {
        self.status = status
        self.order = order
        self.playbook = playbook
        self.since = since
    }

    /// Whether `run` passes.
    public func admits(_ run: RunSummary) -> Bool {
        (status == nil || run.status == status) && (order == nil || run.caseKey == order || run.orderID == order)
            && (playbook == nil || run.playbookID == playbook) && (since.map { run.createdAt >= $0 } ?? true)
    }
}

/// Where a run is in its life.
///
/// `pending → running → waiting → running → … → completed | failed | cancelled`, or
/// `needs_reconciliation` when a money-moving step's effect is uncertain and a person must look.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created, not started.
    case pending
    /// A process is executing it (or was, and crashed: its lease then expires).
    case running
    /// Parked on a signal, a timer or a retry backoff; holds no memory.
    case waiting
    /// Ended as planned.
    case completed
    /// Ended in failure.
    case failed
    /// Stopped by an operator.
    case cancelled
    /// A step's effect is uncertain; nothing more runs until a person reconciles it.
    case needsReconciliation = "needs_reconciliation"

    /// Whether the run will never run another step.
    public var isFinal: Bool { self == .completed || self == .failed || self == .cancelled || self == .needsReconciliation }

    /// The `redress` exit code for a run that stopped in this status.
    public var exitCode: Int32 {
        switch self {
        case .completed: return 0
        case .failed, .cancelled: return 1
        case .pending, .running, .waiting: return 3
        case .needsReconciliation: return 4
        }
    }
}

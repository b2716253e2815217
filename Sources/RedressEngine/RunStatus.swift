/// Where a run is in its life.
///
/// `pending → running → waiting → running → … → completed | escalated | failed | cancelled`, or
/// `needs_reconciliation` when a money-moving step's effect is uncertain and a person must look.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created, not started.
    case pending
    /// A process is executing it (or was, and crashed or was stopped: its lease then lapses or
    /// was given up, and the run is due again).
    case running
    /// Parked on a signal, a timer or a retry backoff; holds no memory.
    case waiting
    /// Ended as planned: the anomaly is resolved.
    case completed
    /// Ended by handing the case to a person (an escalation step's outcome): not resolved, but
    /// someone owns it now. Not `completed`, so no script or person mistakes it for solved.
    case escalated
    /// Ended in failure.
    case failed
    /// Stopped by an operator.
    case cancelled
    /// A step's effect is uncertain; nothing more runs until a person reconciles it.
    case needsReconciliation = "needs_reconciliation"

    /// The statuses of a run that has not ended: a case with such a run is open.
    public static let open: [RunStatus] = [.pending, .running, .waiting]

    /// Whether the run will never run another step.
    public var isFinal: Bool { !Self.open.contains(self) }

    /// The `redress` exit code for a run that stopped in this status.
    public var exitCode: Int32 {
        switch self {
        case .completed: return 0
        case .failed, .cancelled: return 1
        case .pending, .running, .waiting: return 3
        case .needsReconciliation: return 4
        case .escalated: return 5
        }
    }
}

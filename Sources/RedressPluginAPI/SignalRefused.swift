/// Thrown by a waiting handler that will not take the signal it was handed (a decision that is
/// not one of the allowed values, a reviewer who may not decide): the run keeps waiting exactly
/// as it was, the refusal is written to the audit trail with the sender, and whoever delivered
/// the signal is told `reason` (the CLI exits 2). A sender whose signal was refused does not
/// count as having taken part in the run (`StepContext.participants`).
public struct SignalRefused: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why, for the person who sent it: say what would be accepted.
    public var reason: String

    /// Creates a refusal.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}

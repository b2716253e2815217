/// Who a waiting step's signal comes from, so the engine and its front ends can tell a code the
/// user typed from an operator's nudge or a reviewer's decision, and check who may deliver it.
public enum SignalAudience: String, Sendable, Hashable, Codable, CaseIterable {
    /// An operator (a timer's nudge, a `flow.await` go-ahead).
    case `operator`
    /// The user (a 2FA code, feedback): it is sent as the user (`WaitRequest.subject`), and whoever
    /// passes it on (an operator, the app's backend) is recorded as its deliverer.
    case user
    /// A reviewer deciding a review (four-eyes).
    case reviewer
}

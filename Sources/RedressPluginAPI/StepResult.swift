import Foundation
import RedressPlaybook

/// How a handler call ended: with an outcome and its output, or by asking the engine to park the
/// run until a signal arrives or a time passes.
public enum StepResult: Sendable, Hashable {
    /// The step is done.
    case finished(outcome: String, output: [String: Value])
    /// The step waits; the engine calls the handler again with the signal, or ends the step in
    /// `wait.deadlineOutcome` when the deadline passes.
    case waiting(WaitRequest)

    /// A finished result with no output.
    public static func outcome(_ name: String) -> StepResult { .finished(outcome: name, output: [:]) }
}

/// What a waiting step waits for. The engine stores it with the run (so it is `Codable`); the
/// signal's value never is.
public struct WaitRequest: Sendable, Hashable, Codable {
    /// The signal's name (`otp`, `decision`), or `nil` for a plain timer.
    public var signal: String?
    /// When waiting stops.
    public var deadline: Date
    /// The outcome the step ends in at the deadline (`expired`, or `elapsed` for timers).
    public var deadlineOutcome: String
    /// The output that goes with it.
    public var deadlineOutput: [String: Value]
    /// Whether the signal's value is a secret (a code): it is then never stored or logged.
    public var isSecret: Bool
    /// Handler state to keep across the wait (no secrets; it is stored).
    public var memo: [String: Value]
    /// Whether the deadline calls the handler again (with `context.signal` nil and the memo)
    /// instead of ending the step in `deadlineOutcome`: a timer that leads to more work.
    public var callsBackAtDeadline = false
    /// Who the signal comes from.
    public var audience: SignalAudience = .operator
    /// For a user's signal, the user (the wallet's user id); the signal is recorded as theirs.
    public var subject: String?

    /// Creates a wait.
    public init(
        signal: String?, deadline: Date, deadlineOutcome: String, deadlineOutput: [String: Value] = [:], isSecret: Bool = false,
        memo: [String: Value] = [:], callsBackAtDeadline: Bool = false, audience: SignalAudience = .operator, subject: String? = nil
    ) {
        self.signal = signal
        self.deadline = deadline
        self.deadlineOutcome = deadlineOutcome
        self.deadlineOutput = deadlineOutput
        self.isSecret = isSecret
        self.memo = memo
        self.callsBackAtDeadline = callsBackAtDeadline
        self.audience = audience
        self.subject = subject
    }
}

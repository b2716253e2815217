import Foundation
import Logging
import RedressPlaybook

/// Everything a handler gets for one call.
public struct StepContext: Sendable {
    /// The run's id.
    public var runID: String
    /// The playbook's id.
    public var playbookID: String
    /// The step's id.
    public var stepID: String
    /// 1 for the first attempt, 2 for the first retry, ...
    public var attempt: Int
    /// Stable for one logical operation: the same across retries and across a crash and resume,
    /// different each time a playbook loop enters the step again.
    public var idempotencyKey: String
    /// The rendered `with:` values, checked against the descriptor, defaults filled in.
    public var parameters: [String: Value]
    /// The signal that woke a waiting step, if any.
    public var signal: ReceivedSignal?
    /// What the handler kept across its wait (`WaitRequest.memo`).
    public var memo: [String: Value]
    /// Whether this call repeats one that may have run before a crash.
    public var isRecovery: Bool
    /// The time source.
    public var clock: any RunClock
    /// A logger labelled with the run and step (never log secrets).
    public var logger: Logger
    /// Who has taken part in the run so far, in order: the actor who opened its case and every
    /// sender of a signal it accepted. A four-eyes handler refuses a decision from any of them.
    public var participants: [String]

    /// Creates a context.
    public init(
        runID: String, playbookID: String, stepID: String, attempt: Int, idempotencyKey: String, parameters: [String: Value],
        signal: ReceivedSignal? = nil, memo: [String: Value] = [:], isRecovery: Bool = false, clock: any RunClock, logger: Logger,
        participants: [String] = []
    ) {
        self.runID = runID
        self.playbookID = playbookID
        self.stepID = stepID
        self.attempt = attempt
        self.idempotencyKey = idempotencyKey
        self.parameters = parameters
        self.signal = signal
        self.memo = memo
        self.isRecovery = isRecovery
        self.clock = clock
        self.logger = logger
        self.participants = participants
    }

    /// The parameter `name` (defaults already applied).
    public subscript(name: String) -> Value { parameters[name] ?? .null }

    /// The text of parameter `name`, or an empty string.
    public func string(_ name: String) -> String {
        if case .string(let text) = self[name] { return text }
        return self[name].displayText
    }

    /// What a secret is replaced with wherever it would be shown or stored (the engine's journal
    /// and audit trail, a handler's log lines).
    public static let redactionMask = "‹redacted›"

    /// The duration parameter `name`, if set.
    public func duration(_ name: String) -> PlaybookDuration? {
        if case .duration(let value) = self[name] { return value }
        return nil
    }
}

/// A signal delivered to a waiting run (`redress resume RUN --signal otp=123456`).
public struct ReceivedSignal: Sendable, Hashable {
    /// Its name.
    public var name: String
    /// Its value (may be a secret: never log it).
    public var value: String
    /// Who sent it (an operator, a reviewer, the user).
    public var sender: String
    /// Who passed it on for the sender (the operator who typed in the user's code), if not the
    /// sender; they take part in the run as much as the sender does (four-eyes).
    public var deliveredBy: String?
    /// When it arrived.
    public var receivedAt: Date
    /// The id of the request that brought it (the API's `X-Request-Id`), recorded in the audit
    /// trail so a request's log line leads to what it did.
    public var requestID: String?

    /// Creates a signal.
    public init(name: String, value: String, sender: String, deliveredBy: String? = nil, receivedAt: Date, requestID: String? = nil) {
        self.name = name
        self.value = value
        self.sender = sender
        self.deliveredBy = deliveredBy
        self.receivedAt = receivedAt
        self.requestID = requestID
    }
}

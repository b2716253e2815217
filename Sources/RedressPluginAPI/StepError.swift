/// A handler's failure, classified so the engine knows what to do next.
public struct StepError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Worth another attempt (a network blip); the step's `retry` policy decides.
        case retryable
        /// Not worth trying again (bad input, a refusal); the step ends in `error`.
        case fatal
        /// The effect may or may not have happened; the run needs a person to reconcile it.
        case ambiguous
        /// The outside call did not answer within the handler's own deadline. Treated like the
        /// engine's timeout: the step's retry policy (`on: [timeout]`) decides, and the step
        /// ends with the `timeout` outcome. Only for a call that certainly had no effect or
        /// whose handler honours idempotency keys (a retry repeats the same key); otherwise
        /// report `ambiguous`.
        case timedOut = "timeout"
    }

    /// The kind.
    public var kind: Kind
    /// What happened, for the journal and the operator (no secrets).
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `kind: message`.
    public var description: String { "\(kind.rawValue): \(message)" }
}

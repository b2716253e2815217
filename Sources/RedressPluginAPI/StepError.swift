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

/// A problem found while evaluating an expression at run time (a type the checker could not
/// know, such as a field of an `any` value).
public struct ExpressionEvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

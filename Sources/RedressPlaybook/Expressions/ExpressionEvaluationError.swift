/// A problem found while evaluating an expression at run time (a type the checker could not
/// know, such as a field of an `any` value).
package struct ExpressionEvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    package var message: String

    /// Creates an error.
    package init(_ message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}

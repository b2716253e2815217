/// A problem in an expression's text, at a character offset from the expression's start.
public struct ExpressionSyntaxError: Error, Sendable, Hashable {
    /// What is wrong.
    public var message: String
    /// Where, in characters from the start of the expression text.
    public var range: Range<Int>

    /// Creates an error.
    public init(_ message: String, at range: Range<Int>) {
        self.message = message
        self.range = range
    }
}

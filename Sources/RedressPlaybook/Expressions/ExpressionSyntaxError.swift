/// A problem in an expression's text, at a character offset from the expression's start.
package struct ExpressionSyntaxError: Error, Sendable, Hashable {
    /// What is wrong.
    package var message: String
    /// Where, in characters from the start of the expression text.
    package var range: Range<Int>

    /// Creates an error.
    package init(_ message: String, at range: Range<Int>) {
        self.message = message
        self.range = range
    }
}

/// An expression written on its own (`when:`, `match:`, `requires:`), with the place it came
/// from so diagnostics land on the right column.
public struct Condition: Sendable, Hashable {
    /// The parsed expression.
    public var expression: Expression
    /// Maps offsets in the scalar's text to marks.
    public var locator: ScalarLocator
    /// Where the expression's text starts inside the scalar (after `${{`, if written).
    public var offset: Int

    /// Creates a condition.
    public init(expression: Expression, locator: ScalarLocator, offset: Int) {
        self.expression = expression
        self.locator = locator
        self.offset = offset
    }
}

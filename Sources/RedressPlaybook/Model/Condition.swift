/// An expression written on its own (`when:`, `match:`, `requires:`), with the place it came
/// from so diagnostics land on the right column.
package struct Condition: Sendable, Hashable {
    /// The parsed expression.
    package var expression: Expression
    /// Maps offsets in the scalar's text to marks.
    package var locator: ScalarLocator
    /// Where the expression's text starts inside the scalar (after `${{`, if written).
    package var offset: Int

    /// Creates a condition.
    package init(expression: Expression, locator: ScalarLocator, offset: Int) {
        self.expression = expression
        self.locator = locator
        self.offset = offset
    }
}

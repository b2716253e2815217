/// What names an expression can see at one place in a playbook, and their types.
package protocol ExpressionScope {
    /// The type of the path, or the problem with it.
    func resolve(_ segments: [PathSegment]) -> PathResolution
}

/// The answer of an `ExpressionScope` for one path.
package enum PathResolution: Sendable, Hashable {
    /// The path exists and has this type.
    case type(ValueType)
    /// The path is wrong. `guardable` problems (a step that may not have run) are allowed inside
    /// the first argument of `default()`, which supplies a value for that case.
    case problem(ExpressionProblem, guardable: Bool)
}

/// A problem an expression check found, at a range of the expression text.
package struct ExpressionProblem: Sendable, Hashable {
    /// The diagnostic code.
    package var code: PlaybookDiagnosticCode
    /// What is wrong.
    package var message: String
    /// Where, in characters from the start of the expression text.
    package var range: Range<Int>
    /// Related advice.
    package var hint: String?

    /// Creates a problem.
    package init(_ code: PlaybookDiagnosticCode, _ message: String, at range: Range<Int>, hint: String? = nil) {
        self.code = code
        self.message = message
        self.range = range
        self.hint = hint
    }
}

import RedressDiagnostics

/// A value with the place in the playbook it was written, for diagnostics.
package struct Located<Wrapped: Sendable & Hashable>: Sendable, Hashable {
    /// The value.
    package var value: Wrapped
    /// Where it was written.
    package var mark: SourceMark
    /// How many characters it spans on its line.
    package var length: Int

    /// Wraps `value` written at `mark`.
    package init(_ value: Wrapped, at mark: SourceMark, length: Int = 1) {
        self.value = value
        self.mark = mark
        self.length = max(1, length)
    }
}

import RedressDiagnostics

/// A value with the place in the playbook it was written, for diagnostics.
public struct Located<Wrapped: Sendable & Hashable>: Sendable, Hashable {
    /// The value.
    public var value: Wrapped
    /// Where it was written.
    public var mark: SourceMark
    /// How many characters it spans on its line.
    public var length: Int

    /// Wraps `value` written at `mark`.
    public init(_ value: Wrapped, at mark: SourceMark, length: Int = 1) {
        self.value = value
        self.mark = mark
        self.length = max(1, length)
    }
}

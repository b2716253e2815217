import RedressDiagnostics

/// A condition a step needs before its handler may be called (`requires:`).
package enum Requirement: Sendable, Hashable {
    /// The user's identity was verified earlier in this run (checked on every path by the
    /// validator, and again by the engine).
    case identityVerified(SourceMark)
    /// An expression that must be true when the step starts.
    case condition(Condition)

    /// The keyword form of `identityVerified`.
    package static let identityVerifiedKeyword = "identity_verified"
}

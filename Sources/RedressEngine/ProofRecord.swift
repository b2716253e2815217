import Foundation

/// What the engine keeps of an identity proof a verifier issued in a run: its SHA-256 digest and
/// subject, never the proof itself.
public struct ProofRecord: Sendable, Codable, Hashable {
    /// Hex SHA-256 of the proof.
    public var digest: String
    /// The user the verifier verified (its user parameter).
    public var user: String
    /// The order the user was verified for (its order parameter).
    public var order: String
    /// The step that issued it.
    public var issuedBy: String
    /// When it stops being good.
    public var expiresAt: Date
    /// The idempotency key of the money call that used it; a proof is good for one call (and that
    /// call's retries and recoveries, which share the key).
    public var usedBy: String?

    /// Creates a record.
    public init(digest: String, user: String, order: String, issuedBy: String, expiresAt: Date, usedBy: String? = nil) {
        self.digest = digest
        self.user = user
        self.order = order
        self.issuedBy = issuedBy
        self.expiresAt = expiresAt
        self.usedBy = usedBy
    }
}

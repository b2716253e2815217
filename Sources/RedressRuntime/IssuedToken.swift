import Foundation

/// A bearer token issued to a configured actor by `redress token create`: only its SHA-256 is
/// kept, with when it was made, when it lapses (if ever) and when it was revoked (if it was).
package struct IssuedToken: Codable, Sendable, Hashable {
    /// A short public name for the token (`tok_…`), for listing and revoking it.
    package var id: String
    /// The actor it acts as.
    package var actor: String
    /// Lower-case hex SHA-256 of the token.
    package var sha256: String
    /// When it was issued.
    package var createdAt: Date
    /// When it stops working, if it does.
    package var expiresAt: Date?
    /// When it was revoked, if it was.
    package var revokedAt: Date?
    /// What it is for (free text from the issuer).
    package var note: String?

    enum CodingKeys: String, CodingKey {
        case id, actor, sha256, note
        case createdAt = "created_at", expiresAt = "expires_at", revokedAt = "revoked_at"
    }

    /// Whether it may be used at `now`.
    package func isLive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}

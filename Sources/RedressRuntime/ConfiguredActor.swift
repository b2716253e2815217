/// One identity under `actors:` in `redress.yaml`: a name, its roles, and optionally the SHA-256
/// of its token (the token itself is never in the file).
package struct ConfiguredActor: Sendable, Hashable {
    /// The name the audit trail records.
    package var name: String
    /// What it may do.
    package var roles: Set<ActorRole>
    /// Lower-case hex SHA-256 of its token; when set, acting as it needs the token.
    package var tokenSHA256: String?

    /// Creates an actor.
    package init(name: String, roles: Set<ActorRole>, tokenSHA256: String? = nil) {
        self.name = name
        self.roles = roles
        self.tokenSHA256 = tokenSHA256
    }
}

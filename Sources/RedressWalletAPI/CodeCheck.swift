import Foundation

/// The answer to a code.
public enum CodeCheck: Sendable, Hashable {
    /// The code is right (and now used up); `proof` (a credential: never log or store it in
    /// clear) shows it until `expiresAt`.
    case verified(proof: String, expiresAt: Date)
    /// The code is wrong; `failures` so far, counting this one.
    case wrong(failures: Int)
    /// Too many wrong codes: verification is locked for this user.
    case locked
    /// The challenge's time ran out.
    case expired
}

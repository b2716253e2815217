/// A handler's part in binding money to the order's owner: the validator traces proofs through
/// these roles and the engine checks them before any money moves.
///
/// Contract: a handler that verifies identity (`HandlerPolicy.verifiesIdentityOn`) is an
/// `issues`; one that moves money or releases funds is a `requires`; a handler that reports who
/// owns an order (the wallet's order lookup) is a `reportsOwner`. `DescriptorLint` enforces the
/// first two, so no verifier or money handler can opt out.
public enum IdentityProof: Sendable, Hashable {
    /// On a verifying outcome, the output field `proof` (secret) holds a proof for the user in the
    /// parameter `user` and the order in the parameter `order`, good until the output timestamp
    /// `expiresAt`.
    case issues(proof: String, expiresAt: String, user: String, order: String)
    /// The call takes a proof in the (secret) parameter `proof` and moves the money of the order in
    /// the parameter `order`.
    case requires(proof: String, order: String)
    /// The output field `user` names the owner of the order in the parameter `order`.
    case reportsOwner(order: String, user: String)
}

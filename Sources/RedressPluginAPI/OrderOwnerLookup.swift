import Foundation

/// Says who owns an order, as the wallet's back office reports it: the engine asks before every
/// money-moving call that the verified user is that owner.
///
/// Contract: `owner(ofOrder:)` returns the owning user's id, `nil` for an order the wallet does not
/// know, and throws when it cannot tell (the money call is then refused, never made on a guess).
/// It must not move money or change anything. Called from any task; implementations are
/// `Sendable` and may be called concurrently.
public protocol OrderOwnerLookup: Sendable {
    /// The id of the user who owns `order`, or `nil` if there is no such order.
    func owner(ofOrder order: String) async throws -> String?
}

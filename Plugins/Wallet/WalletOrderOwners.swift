import RedressPluginAPI
import RedressWalletAPI

/// The engine's order-owner lookup on a wallet: the owner is the order snapshot's user, as the
/// back office reports it at the moment money is about to move.
public struct WalletOrderOwners: OrderOwnerLookup {
    /// The wallet asked.
    public let gateway: any WalletGateway

    /// A lookup on `gateway`.
    public init(gateway: any WalletGateway) {
        self.gateway = gateway
    }

    /// The snapshot's user, or `nil` for an unknown order; the gateway's errors pass through.
    public func owner(ofOrder order: String) async throws -> String? {
        try await gateway.snapshot(order: order)?.userID
    }
}

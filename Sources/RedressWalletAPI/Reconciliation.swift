import Foundation

/// What the channel said about a payment.
public struct Reconciliation: Sendable, Hashable, Codable {
    /// `paid`, `failed`, `pending` or `unknown`.
    public var channelStatus: String
    /// Whether the order's status was corrected.
    public var corrected: Bool
    /// The order's status afterwards.
    public var orderStatus: String

    /// Creates a reconciliation result.
    public init(channelStatus: String, corrected: Bool, orderStatus: String) {
        self.channelStatus = channelStatus
        self.corrected = corrected
        self.orderStatus = orderStatus
    }

    /// The wire names (snake_case, as in openapi/wallet-gateway.yaml).
    enum CodingKeys: String, CodingKey {
        case channelStatus = "channel_status"
        case corrected
        case orderStatus = "order_status"
    }
}

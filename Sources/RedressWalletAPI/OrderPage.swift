import Foundation

/// One page of the wallet's order ids (`WalletGateway.orders(after:limit:)`).
public struct OrderPage: Sendable, Hashable, Codable {
    /// The orders on this page, in the wallet's stable order.
    public var orderIDs: [String]
    /// Where the next page starts; `nil` on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(orderIDs: [String], nextCursor: String?) {
        self.orderIDs = orderIDs
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case orderIDs = "order_ids"
        case nextCursor = "next_cursor"
    }
}

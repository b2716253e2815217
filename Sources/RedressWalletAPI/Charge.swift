import Foundation

/// One charge of an order: money the channel took, and how much of it went back.
public struct Charge: Sendable, Hashable, Codable {
    /// The charge's id (what a refund names).
    public var id: String
    /// The amount taken, in minor units.
    public var amountMinor: Int64
    /// How much of it was refunded, in minor units.
    public var refundedMinor: Int64
    /// `pending`, `captured`, `failed`, `partially_refunded` or `refunded`.
    public var status: String
    /// The channel that took it.
    public var channel: String

    /// Whether money was taken (and some may still be held).
    public var isCaptured: Bool { ["captured", "partially_refunded", "refunded"].contains(status) }

    /// Creates a charge.
    public init(id: String, amountMinor: Int64, refundedMinor: Int64, status: String, channel: String) {
        self.id = id
        self.amountMinor = amountMinor
        self.refundedMinor = refundedMinor
        self.status = status
        self.channel = channel
    }

    /// The wire names (snake_case, as in openapi/wallet-gateway.yaml).
    enum CodingKeys: String, CodingKey {
        case id
        case amountMinor = "amount_minor"
        case refundedMinor = "refunded_minor"
        case status
        case channel
    }
}

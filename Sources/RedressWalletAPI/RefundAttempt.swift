import Foundation

/// The result of a refund.
public enum RefundAttempt: Sendable, Hashable, Codable {
    /// The money went back to the user.
    case refunded(refundID: String, amountMinor: Int64)
    /// The refund was refused (nothing moved).
    case rejected(reason: String)
}

import Foundation

/// The result of paying again.
public enum PaymentAttempt: Sendable, Hashable, Codable {
    /// The money moved.
    case succeeded(paymentID: String)
    /// The payment was refused (nothing moved).
    case declined(reason: String)
}

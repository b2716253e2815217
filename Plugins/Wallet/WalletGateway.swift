import Foundation

/// The wallet's back office as the wallet handlers see it. The sandbox wallet is one
/// implementation; a real back office plugs in behind the same protocol.
///
/// Contract: every operation that changes something takes the step's idempotency key. The same
/// key with the same parameters returns the first call's result without a second effect; the
/// same key with different parameters throws `WalletError.keyReuse`. Money is in minor units
/// (fen, cents) as `Int64`, never floating point.
public protocol WalletGateway: Sendable {
    /// The order, its payment, the account and the channel, classified; `nil` if unknown.
    func snapshot(order: String) async throws -> OrderSnapshot?
    /// Puts a message in the user's outbox (idempotent by key); returns its id.
    func send(_ message: OutboundMessage, key: String) async throws -> String
    /// Starts a 2FA challenge (for `sms_otp`, sends a code through the outbox and stores only its
    /// hash); idempotent by key.
    func startVerification(user: String, method: VerificationMethod, key: String, expiresAt: Date) async throws
    /// Checks a code for the challenge `key`: each code is accepted at most once, failures are
    /// counted and persisted, and `maxFailures` locks verification.
    func checkCode(user: String, method: VerificationMethod, code: String, key: String, at: Date, maxFailures: Int) async throws -> CodeCheck
    /// Opens a human review; returns its id (idempotent by key).
    func openReview(order: String, queue: String, reason: String, requestedBy: String, key: String) async throws -> String
    /// Records a reviewer's decision.
    func decideReview(id: String, reviewer: String, approved: Bool, note: String) async throws
    /// Hands the case to a human queue; returns the ticket id (idempotent by key).
    func escalate(order: String, tier: Int, priority: String, reason: String, summary: String, key: String) async throws -> String
    /// Charges the order again (idempotent by key).
    func retryPayment(order: String, amountMinor: Int64, currency: String, key: String) async throws -> PaymentAttempt
    /// Refunds the order (idempotent by key).
    func refund(order: String, amountMinor: Int64, currency: String, reason: String, key: String) async throws -> RefundAttempt
    /// Releases held funds after an approved review (idempotent by key); returns the amount.
    func unfreeze(user: String, order: String, reviewID: String, reason: String, key: String) async throws -> Int64
    /// Asks the channel for the truth about the order's payment and corrects the order.
    func reconcile(order: String, key: String) async throws -> Reconciliation
    /// Records the user's feedback.
    func recordFeedback(order: String, rating: Int, comment: String, key: String) async throws
}

/// A wallet failure, classified like step errors.
public enum WalletError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The same idempotency key was used with different parameters.
    case keyReuse(String)
    /// Nothing known by that id.
    case notFound(String)
    /// The back office is unreachable or slow; worth another attempt.
    case unavailable(String)
    /// The result is unknown (the request may have been applied).
    case ambiguous(String)
    /// The operation is refused as asked.
    case refused(String)

    /// A sentence for the journal.
    public var description: String {
        switch self {
        case .keyReuse(let key): return "idempotency key \(key) was already used with other parameters"
        case .notFound(let what): return "not found: \(what)"
        case .unavailable(let what): return "unavailable: \(what)"
        case .ambiguous(let what): return "uncertain result: \(what)"
        case .refused(let what): return "refused: \(what)"
        }
    }
}

/// How a user proves who they are.
public enum VerificationMethod: String, Sendable, Hashable, Codable {
    /// An authenticator app's time-based code.
    case totp
    /// A random code sent by SMS.
    case smsOTP = "sms_otp"
}

/// The answer to a code.
public enum CodeCheck: Sendable, Hashable {
    case verified
    case wrong(failures: Int)
    case locked
    case expired
}

/// What `wallet.check_status` reports.
public struct OrderSnapshot: Sendable, Hashable, Codable {
    public var orderID: String
    public var userID: String
    public var orderStatus: String
    public var paymentStatus: String
    public var amountMinor: Int64
    public var currency: String
    public var ageSeconds: Int64
    public var userNotified: Bool
    public var accountFrozen: Bool
    public var freezeReason: String
    public var balanceMinor: Int64
    public var channel: String
    public var channelHealthy: Bool
    public var classification: String
    public var cause: String

    public init(
        orderID: String, userID: String, orderStatus: String, paymentStatus: String, amountMinor: Int64, currency: String,
        ageSeconds: Int64, userNotified: Bool, accountFrozen: Bool, freezeReason: String, balanceMinor: Int64, channel: String,
        channelHealthy: Bool, classification: String, cause: String
    ) {
        self.orderID = orderID
        self.userID = userID
        self.orderStatus = orderStatus
        self.paymentStatus = paymentStatus
        self.amountMinor = amountMinor
        self.currency = currency
        self.ageSeconds = ageSeconds
        self.userNotified = userNotified
        self.accountFrozen = accountFrozen
        self.freezeReason = freezeReason
        self.balanceMinor = balanceMinor
        self.channel = channel
        self.channelHealthy = channelHealthy
        self.classification = classification
        self.cause = cause
    }
}

/// A message to the user.
public struct OutboundMessage: Sendable, Hashable, Codable {
    public var userID: String
    public var orderID: String
    public var channel: String
    public var text: String

    public init(userID: String, orderID: String, channel: String, text: String) {
        self.userID = userID
        self.orderID = orderID
        self.channel = channel
        self.text = text
    }
}

/// The result of paying again.
public enum PaymentAttempt: Sendable, Hashable, Codable {
    case succeeded(paymentID: String)
    case declined(reason: String)
}

/// The result of a refund.
public enum RefundAttempt: Sendable, Hashable, Codable {
    case refunded(refundID: String, amountMinor: Int64)
    case rejected(reason: String)
}

/// What the channel said about a payment.
public struct Reconciliation: Sendable, Hashable, Codable {
    /// `paid`, `failed`, `pending` or `unknown`.
    public var channelStatus: String
    /// Whether the order's status was corrected.
    public var corrected: Bool
    /// The order's status afterwards.
    public var orderStatus: String

    public init(channelStatus: String, corrected: Bool, orderStatus: String) {
        self.channelStatus = channelStatus
        self.corrected = corrected
        self.orderStatus = orderStatus
    }
}

import Foundation

/// What `wallet.check_status` reports.
public struct OrderSnapshot: Sendable, Hashable, Codable {
    /// The order.
    public var orderID: String
    /// Its user.
    public var userID: String
    /// `created`, `processing`, `paid`, `failed`, `cancelled` or `refunded`.
    public var orderStatus: String
    /// `pending`, `succeeded`, `failed`, `unknown` or `refunded`.
    public var paymentStatus: String
    /// The amount in minor units.
    public var amountMinor: Int64
    /// ISO 4217 code.
    public var currency: String
    /// Seconds since the order was created.
    public var ageSeconds: Int64
    /// Whether the user got a confirmation (SMS or e-mail).
    public var userNotified: Bool
    /// Whether the user's account is frozen.
    public var accountFrozen: Bool
    /// Why, when it is.
    public var freezeReason: String
    /// The account's available balance in minor units.
    public var balanceMinor: Int64
    /// The payment channel.
    public var channel: String
    /// Whether the channel is up.
    public var channelHealthy: Bool
    /// What the channel says of the payment: `pending`, `paid`, `failed`, `unknown` or `refunded`.
    public var channelStatus: String
    /// Why the payment failed, as the channel said (`insufficient_balance`, `network`, ...).
    public var failureCause: String
    /// Whether the user asked for their money back.
    public var refundRequested: Bool
    /// Whether the user's 2FA is locked after too many wrong codes (asking for a code is useless).
    public var verificationLocked: Bool
    /// Every charge of the order, oldest first.
    public var charges: [Charge]

    /// Creates a snapshot.
    public init(
        orderID: String, userID: String, orderStatus: String, paymentStatus: String, amountMinor: Int64, currency: String,
        ageSeconds: Int64, userNotified: Bool, accountFrozen: Bool, freezeReason: String, balanceMinor: Int64, channel: String,
        channelHealthy: Bool, channelStatus: String, failureCause: String, refundRequested: Bool = false, verificationLocked: Bool = false,
        charges: [Charge] = []
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
        self.channelStatus = channelStatus
        self.failureCause = failureCause
        self.refundRequested = refundRequested
        self.verificationLocked = verificationLocked
        self.charges = charges
    }

    /// What the order's charges hold now: captured minus refunded, in minor units.
    public var chargedMinor: Int64 { charges.filter { $0.isCaptured }.reduce(0) { $0 + $1.amountMinor - $1.refundedMinor } }

    /// The wire names (snake_case, as in openapi/wallet-gateway.yaml).
    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case userID = "user_id"
        case orderStatus = "order_status"
        case paymentStatus = "payment_status"
        case amountMinor = "amount_minor"
        case currency
        case ageSeconds = "age_seconds"
        case userNotified = "user_notified"
        case accountFrozen = "account_frozen"
        case freezeReason = "freeze_reason"
        case balanceMinor = "balance_minor"
        case channel
        case channelHealthy = "channel_healthy"
        case channelStatus = "channel_status"
        case failureCause = "failure_cause"
        case refundRequested = "refund_requested"
        case verificationLocked = "verification_locked"
        case charges
    }
}

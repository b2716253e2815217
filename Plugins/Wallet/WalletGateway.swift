import Foundation

/// The wallet's back office as the wallet handlers see it. The sandbox wallet is one
/// implementation; a real back office plugs in behind the same protocol.
///
/// Contract: every operation that changes something takes the step's idempotency key. The same
/// key with the same parameters returns the first call's result without a second effect; the
/// same key with different parameters throws `WalletError.keyReuse`. Money is in minor units
/// (fen, cents) as `Int64`, never floating point.
///
/// A verification that passes returns an identity proof: opaque, unguessable, bound to the user,
/// the order and the method, valid until its expiry. Every operation that moves money or releases
/// funds carries the proof, and the back office checks it again (defence in depth): it must be
/// one it issued, unexpired, for this order, for the order's owner, and not used by an operation
/// under another idempotency key; otherwise the operation is refused (`WalletError.refused`) and
/// nothing moves.
public protocol WalletGateway: Sendable {
    /// The order, its payment and charges, the account and the channel; `nil` if unknown.
    func snapshot(order: String) async throws -> OrderSnapshot?
    /// The user's language and time zone, for the words they read; `nil` if unknown.
    func profile(user: String) async throws -> UserProfile?
    /// Puts a message in the user's outbox (idempotent by key); returns its id.
    func send(_ message: OutboundMessage, key: String) async throws -> String
    /// Starts a 2FA challenge (for `sms_otp`, sends a code through the outbox and stores only its
    /// hash); idempotent by key.
    func startVerification(user: String, method: VerificationMethod, key: String, expiresAt: Date) async throws
    /// Checks a code for the challenge `key` of `user`, verifying them for `order`: each code is
    /// accepted at most once, failures are counted and persisted, and `maxFailures` locks
    /// verification. A right code yields a proof bound to the user, the order and the method.
    func checkCode(user: String, order: String, method: VerificationMethod, code: String, key: String, at: Date, maxFailures: Int) async throws -> CodeCheck
    /// Opens a human review; returns its id (idempotent by key).
    func openReview(order: String, queue: String, reason: String, requestedBy: String, key: String) async throws -> String
    /// Records a reviewer's decision.
    func decideReview(id: String, reviewer: String, approved: Bool, note: String) async throws
    /// Hands the case to a human queue; returns the ticket id (idempotent by key).
    func escalate(order: String, tier: Int, priority: String, reason: String, summary: String, key: String) async throws -> String
    /// Charges the order again (idempotent by key), on the owner's identity `proof`.
    func retryPayment(order: String, amountMinor: Int64, currency: String, proof: String, key: String) async throws -> PaymentAttempt
    /// Refunds `amountMinor` of the order's charge `charge` (idempotent by key), on the owner's
    /// identity `proof`: at most what the charge captured minus what was refunded of it. The order
    /// is `refunded` only once none of its charges holds money (refunding a duplicate charge keeps
    /// a paid order paid).
    func refund(order: String, charge: String, amountMinor: Int64, currency: String, reason: String, proof: String, key: String) async throws
        -> RefundAttempt
    /// Releases held funds after an approved review (idempotent by key), on the owner's identity
    /// `proof`; returns the amount.
    func unfreeze(user: String, order: String, reviewID: String, reason: String, proof: String, key: String) async throws -> Int64
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
    /// The code is right (and now used up); `proof` (a credential: never log or store it in
    /// clear) shows it until `expiresAt`.
    case verified(proof: String, expiresAt: Date)
    /// The code is wrong; `failures` so far, counting this one.
    case wrong(failures: Int)
    /// Too many wrong codes: verification is locked for this user.
    case locked
    /// The challenge's time ran out.
    case expired
}

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
}

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
}

/// A message to the user.
public struct OutboundMessage: Sendable, Hashable, Codable {
    /// To whom.
    public var userID: String
    /// About which order.
    public var orderID: String
    /// `sms`, `email`, `push` or `in_app`.
    public var channel: String
    /// The playbook's template it was rendered from.
    public var template: String
    /// The locale the user reads it in.
    public var locale: String
    /// What it says, in `locale`.
    public var text: String
    /// The same message in every locale the template has (for the record, and for a user who
    /// switches language).
    public var texts: [String: String]

    /// Creates a message.
    public init(userID: String, orderID: String, channel: String, template: String, locale: String, texts: [String: String]) {
        self.userID = userID
        self.orderID = orderID
        self.channel = channel
        self.template = template
        self.locale = locale
        self.texts = texts
        self.text = texts[locale] ?? texts.sorted { $0.key < $1.key }.first?.value ?? ""
    }
}

/// What the wallet knows of how a user reads.
public struct UserProfile: Sendable, Hashable, Codable {
    /// `zh-CN`, `en`, ...
    public var locale: String
    /// An IANA time zone (`Asia/Shanghai`).
    public var timeZone: String

    /// Creates a profile.
    public init(locale: String, timeZone: String) {
        self.locale = locale
        self.timeZone = timeZone
    }
}

/// The result of paying again.
public enum PaymentAttempt: Sendable, Hashable, Codable {
    /// The money moved.
    case succeeded(paymentID: String)
    /// The payment was refused (nothing moved).
    case declined(reason: String)
}

/// The result of a refund.
public enum RefundAttempt: Sendable, Hashable, Codable {
    /// The money went back to the user.
    case refunded(refundID: String, amountMinor: Int64)
    /// The refund was refused (nothing moved).
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

    /// Creates a reconciliation result.
    public init(channelStatus: String, corrected: Bool, orderStatus: String) {
        self.channelStatus = channelStatus
        self.corrected = corrected
        self.orderStatus = orderStatus
    }
}

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
    /// A page of the wallet's order ids, in a stable order, after `cursor` (`nil`: from the
    /// start), at most `limit` of them; `nextCursor` is `nil` on the last page. `scan` reads
    /// every page and classifies each order through triage.
    func orders(after cursor: String?, limit: Int) async throws -> OrderPage
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

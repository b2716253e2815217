import Foundation
import RedressSandbox
import RedressWalletAPI
import RedressWalletPlugin
import Synchronization

/// The sandbox wallet, except that paying an order again is never refused: it pays as often as
/// it is asked under a new key, as a real gateway that accepts "pay again" would. Only its
/// idempotency keys stand between two runs of one order and a double charge.
final class PermissiveGateway: WalletGateway {
    private let sandbox: SandboxWallet
    private let payments = Mutex<(byKey: [String: PaymentAttempt], charged: [String])>(([:], []))

    init(_ sandbox: SandboxWallet) {
        self.sandbox = sandbox
    }

    /// The orders charged, once per charge.
    var charged: [String] { payments.withLock { $0.charged } }

    func retryPayment(order: String, amountMinor: Int64, currency: String, proof: String, key: String) async throws -> PaymentAttempt {
        payments.withLock { payments in
            if let first = payments.byKey[key] { return first }
            let attempt = PaymentAttempt.succeeded(paymentID: "PAY-\(payments.charged.count + 1)")
            payments.byKey[key] = attempt
            payments.charged.append(order)
            return attempt
        }
    }

    func snapshot(order: String) async throws -> OrderSnapshot? { try await sandbox.snapshot(order: order) }
    func profile(user: String) async throws -> UserProfile? { try await sandbox.profile(user: user) }
    func orders(after cursor: String?, limit: Int) async throws -> OrderPage { try await sandbox.orders(after: cursor, limit: limit) }
    func send(_ message: OutboundMessage, key: String) async throws -> String { try await sandbox.send(message, key: key) }
    func startVerification(user: String, method: VerificationMethod, key: String, expiresAt: Date) async throws {
        try await sandbox.startVerification(user: user, method: method, key: key, expiresAt: expiresAt)
    }
    func checkCode(user: String, order: String, method: VerificationMethod, code: String, key: String, at: Date, maxFailures: Int) async throws -> CodeCheck {
        try await sandbox.checkCode(user: user, order: order, method: method, code: code, key: key, at: at, maxFailures: maxFailures)
    }
    func openReview(order: String, queue: String, reason: String, requestedBy: String, key: String) async throws -> String {
        try await sandbox.openReview(order: order, queue: queue, reason: reason, requestedBy: requestedBy, key: key)
    }
    func decideReview(id: String, reviewer: String, approved: Bool, note: String) async throws {
        try await sandbox.decideReview(id: id, reviewer: reviewer, approved: approved, note: note)
    }
    func escalate(order: String, tier: Int, priority: String, reason: String, summary: String, key: String) async throws -> String {
        try await sandbox.escalate(order: order, tier: tier, priority: priority, reason: reason, summary: summary, key: key)
    }
    func refund(order: String, charge: String, amountMinor: Int64, currency: String, reason: String, proof: String, key: String) async throws -> RefundAttempt {
        try await sandbox.refund(order: order, charge: charge, amountMinor: amountMinor, currency: currency, reason: reason, proof: proof, key: key)
    }
    func unfreeze(user: String, order: String, reviewID: String, reason: String, proof: String, key: String) async throws -> Int64 {
        try await sandbox.unfreeze(user: user, order: order, reviewID: reviewID, reason: reason, proof: proof, key: key)
    }
    func reconcile(order: String, key: String) async throws -> Reconciliation { try await sandbox.reconcile(order: order, key: key) }
    func recordFeedback(order: String, rating: Int, comment: String, key: String) async throws {
        try await sandbox.recordFeedback(order: order, rating: rating, comment: comment, key: key)
    }
}

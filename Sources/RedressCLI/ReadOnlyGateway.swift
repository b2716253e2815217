import Foundation
import RedressWalletAPI
import RedressWalletPlugin

/// The gateway given to handlers in a dry run: reads (an order's snapshot, a user's profile) go to
/// the real wallet, so a dry run shows what would happen to the order now; anything that would
/// change the wallet is refused. The engine already calls only reading handlers for real in a dry
/// run; this is the second lock, should a handler misdeclare itself.
struct ReadOnlyGateway: WalletGateway {
    /// The wallet read from.
    let base: any WalletGateway

    private func refuse() -> WalletError { .refused("a dry run must not change the wallet") }
    func snapshot(order: String) async throws -> OrderSnapshot? { try await base.snapshot(order: order) }
    func profile(user: String) async throws -> UserProfile? { try await base.profile(user: user) }
    func orders(after cursor: String?, limit: Int) async throws -> OrderPage { try await base.orders(after: cursor, limit: limit) }
    func send(_ message: OutboundMessage, key: String) async throws -> String { throw refuse() }
    func startVerification(user: String, method: VerificationMethod, key: String, expiresAt: Date) async throws { throw refuse() }
    func checkCode(user: String, order: String, method: VerificationMethod, code: String, key: String, at: Date, maxFailures: Int) async throws -> CodeCheck { throw refuse() }
    func openReview(order: String, queue: String, reason: String, requestedBy: String, key: String) async throws -> String { throw refuse() }
    func decideReview(id: String, reviewer: String, approved: Bool, note: String) async throws { throw refuse() }
    func escalate(order: String, tier: Int, priority: String, reason: String, summary: String, key: String) async throws -> String { throw refuse() }
    func retryPayment(order: String, amountMinor: Int64, currency: String, proof: String, key: String) async throws -> PaymentAttempt { throw refuse() }
    func refund(order: String, charge: String, amountMinor: Int64, currency: String, reason: String, proof: String, key: String) async throws -> RefundAttempt { throw refuse() }
    func unfreeze(user: String, order: String, reviewID: String, reason: String, proof: String, key: String) async throws -> Int64 { throw refuse() }
    func reconcile(order: String, key: String) async throws -> Reconciliation { throw refuse() }
    func recordFeedback(order: String, rating: Int, comment: String, key: String) async throws { throw refuse() }
}

import Foundation
import RedressWalletPlugin

/// The gateway given to handlers in a dry run. Handlers only call `dryRun` there, so any real
/// call is a bug, reported as an error rather than touching a wallet.
struct DryRunGateway: WalletGateway {
    private func refuse() -> WalletError { .refused("a dry run must not reach the wallet") }
    func snapshot(order: String) async throws -> OrderSnapshot? { throw refuse() }
    func profile(user: String) async throws -> UserProfile? { throw refuse() }
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

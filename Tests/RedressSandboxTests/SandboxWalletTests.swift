import Foundation
import RedressSandbox
import RedressWalletAPI
import RedressWalletPlugin
import Synchronization
import Testing

/// A settable clock for the sandbox.
final class SandboxClock: Sendable {
    private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { time.withLock { $0 } }
    func advance(by seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

func temporaryStateDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("redress-sandbox-\(UUID().uuidString)").path
}

@Suite struct SandboxWalletTests {
    private func wallet(_ clock: SandboxClock = SandboxClock(), directory: String = temporaryStateDirectory()) throws -> SandboxWallet {
        try SandboxWallet(directory: directory, now: { clock.now })
    }

    @Test func paymentIsIdempotentByKeyAndRefusesKeyReuseWithOtherParameters() async throws {
        let wallet = try wallet()
        let proof = try await Self.ownerProof(wallet, "ORD-1001")
        let first = try await wallet.retryPayment(order: "ORD-1001", amountMinor: 128_00, currency: "CNY", proof: proof, key: "k1")
        let second = try await wallet.retryPayment(order: "ORD-1001", amountMinor: 128_00, currency: "CNY", proof: proof, key: "k1")
        #expect(first == second)
        #expect(try wallet.ledger(order: "ORD-1001").count == 2)
        await #expect(throws: WalletError.keyReuse("k1")) { _ = try await wallet.retryPayment(order: "ORD-1001", amountMinor: 1_00, currency: "CNY", proof: proof, key: "k1") }
        #expect(try wallet.ledgerTotal() == 0)
    }

    @Test func insufficientBalanceIsDeclinedAndMovesNothing() async throws {
        let wallet = try wallet()
        #expect(try await wallet.retryPayment(order: "ORD-1003", amountMinor: 99_00, currency: "CNY", proof: try await Self.ownerProof(wallet, "ORD-1003"), key: "k") == .declined(reason: "insufficient balance"))
        #expect(try wallet.ledger(order: "ORD-1003").isEmpty)
    }

    @Test func refundAfterPaymentConservesMoneyAndAnAmbiguousChannelStillAppliesItOnce() async throws {
        let wallet = try wallet()
        _ = try await wallet.retryPayment(order: "ORD-1002", amountMinor: 256_50, currency: "CNY", proof: try await Self.ownerProof(wallet, "ORD-1002"), key: "pay")
        let proof = try await Self.ownerProof(wallet, "ORD-1002")
        let charge = try #require(try await wallet.snapshot(order: "ORD-1002")?.charges.last?.id)
        try wallet.setChannel("unionpay", behaviour: "ambiguous")
        await #expect(throws: WalletError.self) {
            _ = try await wallet.refund(order: "ORD-1002", charge: charge, amountMinor: 256_50, currency: "CNY", reason: "duplicate", proof: proof, key: "refund")
        }
        // The answer was lost, not the refund: calling again with the key reports it, once.
        try wallet.setChannel("unionpay", behaviour: "ok")
        let again = try await wallet.refund(order: "ORD-1002", charge: charge, amountMinor: 256_50, currency: "CNY", reason: "duplicate", proof: proof, key: "refund")
        #expect(again == .refunded(refundID: try #require(Self.refundID(again)), amountMinor: 256_50))
        #expect(try wallet.ledger(order: "ORD-1002").filter { $0.account == "merchant" }.map(\.amountMinor) == [256_50, -256_50])
        #expect(try wallet.ledgerTotal() == 0)
    }

    @Test func theWalletChecksTheProofAgainAndMovesNothingOnABadOne() async throws {
        let clock = SandboxClock()
        let wallet = try wallet(clock)
        func pay(_ proof: String, key: String) async throws -> PaymentAttempt {
            try await wallet.retryPayment(order: "ORD-1001", amountMinor: 128_00, currency: "CNY", proof: proof, key: key)
        }
        func refused(_ proof: String, _ reason: String, key: String) async {
            await #expect(throws: WalletError.refused(reason)) { _ = try await pay(proof, key: key) }
        }
        await refused("prf_made-up", "identity proof not recognised", key: "k1")
        await refused(try wallet.issueProof(user: "u-1002", order: "ORD-1001", expiresAt: .distantFuture), "identity proof is not the order owner's", key: "k2")
        await refused(try wallet.issueProof(user: "u-1001", order: "ORD-1002", expiresAt: .distantFuture), "identity proof is for another order", key: "k3")
        await refused(try wallet.issueProof(user: "u-1001", order: "ORD-1001", expiresAt: clock.now.addingTimeInterval(-1)), "identity proof expired", key: "k4")
        #expect(try wallet.ledger(order: "ORD-1001").isEmpty)
        let good = try wallet.issueProof(user: "u-1001", order: "ORD-1001", expiresAt: .distantFuture)
        let first = try await pay(good, key: "k5")
        #expect(try await pay(good, key: "k5") == first, "a retry under the same key is the same call")
        await refused(good, "identity proof was already used", key: "k6")
        #expect(try wallet.ledger(order: "ORD-1001").count == 2)
    }

    @Test func aRightCodeYieldsAProofStoredOnlyAsItsHash() async throws {
        let clock = SandboxClock()
        let directory = temporaryStateDirectory()
        let wallet = try wallet(clock, directory: directory)
        let code = try #require(try wallet.currentCode(user: "u-1001"))
        try await wallet.startVerification(user: "u-1001", method: .totp, key: "v1", expiresAt: clock.now.addingTimeInterval(600))
        guard case .verified(let proof, let expiresAt) = try await wallet.checkCode(user: "u-1001", order: "ORD-1001", method: .totp, code: code, key: "v1", at: clock.now, maxFailures: 3)
        else {
            Issue.record("the right code was refused")
            return
        }
        #expect(proof.hasPrefix("prf_") && proof.count >= 40)
        #expect(expiresAt == clock.now.addingTimeInterval(SandboxWallet.proofLifetime))
        for name in [SandboxWallet.fileName, SandboxWallet.fileName + "-wal"] {
            let file = (try? Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))) ?? Data()
            #expect(file.range(of: Data(proof.utf8)) == nil, "\(name)")
        }
    }

    /// A proof for the order's owner, as a right code yields.
    static func ownerProof(_ wallet: SandboxWallet, _ order: String) async throws -> String {
        let owner = try #require(try await wallet.snapshot(order: order)).userID
        return try wallet.issueProof(user: owner, order: order, expiresAt: .distantFuture)
    }

    static func isVerified(_ check: CodeCheck) -> Bool {
        if case .verified = check { return true }
        return false
    }

    static func refundID(_ attempt: RefundAttempt) -> String? {
        if case .refunded(let id, _) = attempt { return id }
        return nil
    }

    @Test func totpCodeIsAcceptedOnceAndReplayFails() async throws {
        let clock = SandboxClock()
        let wallet = try wallet(clock)
        let code = try #require(try wallet.currentCode(user: "u-1001"))
        try await wallet.startVerification(user: "u-1001", method: .totp, key: "v1", expiresAt: clock.now.addingTimeInterval(600))
        #expect(Self.isVerified(try await wallet.checkCode(user: "u-1001", order: "ORD-1001", method: .totp, code: code, key: "v1", at: clock.now, maxFailures: 3)))
        try await wallet.startVerification(user: "u-1001", method: .totp, key: "v2", expiresAt: clock.now.addingTimeInterval(600))
        #expect(try await wallet.checkCode(user: "u-1001", order: "ORD-1001", method: .totp, code: code, key: "v2", at: clock.now, maxFailures: 3) == .wrong(failures: 1))
    }

    @Test func repeatedWrongCodesLockVerificationAndTheLockSurvivesARestart() async throws {
        let clock = SandboxClock()
        let directory = temporaryStateDirectory()
        let wallet = try wallet(clock, directory: directory)
        try await wallet.startVerification(user: "u-1002", method: .totp, key: "v", expiresAt: clock.now.addingTimeInterval(600))
        #expect(try await wallet.checkCode(user: "u-1002", order: "ORD-1002", method: .totp, code: "000000", key: "v", at: clock.now, maxFailures: 3) == .wrong(failures: 1))
        #expect(try await wallet.checkCode(user: "u-1002", order: "ORD-1002", method: .totp, code: "111111", key: "v", at: clock.now, maxFailures: 3) == .wrong(failures: 2))
        #expect(try await wallet.checkCode(user: "u-1002", order: "ORD-1002", method: .totp, code: "２２２２２２", key: "v", at: clock.now, maxFailures: 3) == .locked)
        let reopened = try SandboxWallet(directory: directory, now: { clock.now })
        let good = try #require(try reopened.currentCode(user: "u-1002"))
        #expect(try await reopened.checkCode(user: "u-1002", order: "ORD-1002", method: .totp, code: good, key: "v", at: clock.now, maxFailures: 3) == .locked)
        try reopened.unlockVerification(user: "u-1002")
        #expect(Self.isVerified(try await reopened.checkCode(user: "u-1002", order: "ORD-1002", method: .totp, code: good, key: "v", at: clock.now, maxFailures: 3)))
    }

    @Test func smsCodeIsSentThroughTheOutboxStoredOnlyAsAHashAndExpires() async throws {
        let clock = SandboxClock()
        let directory = temporaryStateDirectory()
        let wallet = try wallet(clock, directory: directory)
        try await wallet.startVerification(user: "u-1003", method: .smsOTP, key: "s1", expiresAt: clock.now.addingTimeInterval(300))
        let text = try #require(try wallet.outbox().last?.text)
        let code = try #require(text.split(separator: " ").last.map { String($0.dropLast()) })
        #expect(OneTimePassword.isWellFormed(code, digits: 6))
        clock.advance(by: 301)
        #expect(try await wallet.checkCode(user: "u-1003", order: "ORD-1003", method: .smsOTP, code: code, key: "s1", at: clock.now, maxFailures: 3) == .expired)
        try await wallet.startVerification(user: "u-1003", method: .smsOTP, key: "s2", expiresAt: clock.now.addingTimeInterval(300))
        let second = try #require(try wallet.outbox().last?.text.split(separator: " ").last.map { String($0.dropLast()) })
        #expect(Self.isVerified(try await wallet.checkCode(user: "u-1003", order: "ORD-1003", method: .smsOTP, code: second, key: "s2", at: clock.now, maxFailures: 3)))
        #expect(try await wallet.checkCode(user: "u-1003", order: "ORD-1003", method: .smsOTP, code: second, key: "s2", at: clock.now, maxFailures: 3) == .wrong(failures: 1))
    }

    @Test func reviewerMustDifferFromTheRequester() async throws {
        let wallet = try wallet()
        let review = try await wallet.openReview(order: "ORD-2001", queue: "risk", reason: "unfreeze", requestedBy: "ops-1", key: "r")
        await #expect(throws: WalletError.self) { try await wallet.decideReview(id: review, reviewer: "ops-1", approved: true, note: "") }
        try await wallet.decideReview(id: review, reviewer: "risk-7", approved: true, note: "ok")
        let released = try await wallet.unfreeze(user: "u-2001", order: "ORD-2001", reviewID: review, reason: "approved", proof: try await Self.ownerProof(wallet, "ORD-2001"), key: "u")
        #expect(released == 600_00)
        #expect(try await wallet.snapshot(order: "ORD-2001")?.accountFrozen == false)
        #expect(try wallet.ledgerTotal() == 0)
    }

    @Test func reconcileCorrectsAPaidOrderWithoutCharging() async throws {
        let wallet = try wallet()
        let before = try wallet.ledger(order: "ORD-4001")
        let result = try await wallet.reconcile(order: "ORD-4001", key: "r")
        #expect(result == Reconciliation(channelStatus: "paid", corrected: true, orderStatus: "paid"))
        #expect(try wallet.ledger(order: "ORD-4001") == before)
        #expect(try await wallet.snapshot(order: "ORD-4001")?.orderStatus == "paid")
    }

    @Test func theWalletPluginsHandlersAndItsPublishedDescriptorsAreTheSameList() throws {
        let wallet = try SandboxWallet(directory: temporaryStateDirectory())
        #expect(WalletPlugin.handlers(gateway: wallet).map(\.descriptor) == WalletPlugin.descriptors)
    }
}

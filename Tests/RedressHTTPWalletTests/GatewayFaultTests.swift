import Foundation
import RedressHTTPWallet
import RedressSandbox
import RedressSandboxServer
import RedressWalletAPI
import RedressWalletTestSupport
import Testing

/// The HTTP gateway against the served sandbox on real loopback sockets: every fault the
/// contract names is classified so money stays safe.
@Suite struct GatewayFaultTests {
    static func wallet() throws -> SandboxWallet {
        try SandboxWallet(directory: FileManager.default.temporaryDirectory.appendingPathComponent("redress-gw-\(UUID().uuidString)").path)
    }

    static func proof(_ wallet: SandboxWallet, user: String, order: String) throws -> String {
        try wallet.issueProof(user: user, order: order, expiresAt: Date().addingTimeInterval(600))
    }

    static func refundOf(_ wallet: SandboxWallet, _ gateway: HTTPWalletGateway, key: String) async throws -> RefundAttempt {
        let charge = try #require(try await wallet.snapshot(order: "ORD-6002")?.charges.first)
        return try await gateway.refund(
            order: "ORD-6002", charge: charge.id, amountMinor: 666_00, currency: "CNY", reason: "asked", proof: try proof(wallet, user: "u-1005", order: "ORD-6002"),
            key: key)
    }

    @Test func aServerThatIsDownIsUnavailableAndNothingWasSent() async throws {
        // Port 1 on loopback: nobody listens there, the connection is refused.
        let closed = HTTPWalletGateway(HTTPWalletSettings(baseURL: URL(string: "http://127.0.0.1:1")!))
        await #expect {
            _ = try await closed.refund(order: "ORD-1", charge: "C", amountMinor: 1, currency: "CNY", reason: "r", proof: "p", key: "k")
        } throws: { error in
            guard case WalletError.unavailable(let message) = error else { return false }
            return message.contains("nothing was sent")
        }
    }

    @Test func aSlowServerIsAmbiguousForMoneyAndUnavailableForReads() async throws {
        var faults = SandboxFaults()
        faults.latency = .milliseconds(800)
        let served = try await ServedSandbox(try Self.wallet(), faults: faults)
        let gateway = served.gateway { $0.callTimeout = .milliseconds(200) }
        await #expect {
            _ = try await gateway.retryPayment(order: "ORD-1001", amountMinor: 128_00, currency: "CNY", proof: "p", key: "k-slow")
        } throws: { error in
            if case WalletError.ambiguous = error { return true }
            return false
        }
        await #expect {
            _ = try await gateway.snapshot(order: "ORD-1001")
        } throws: { error in
            if case WalletError.unavailable = error { return true }
            return false
        }
    }

    @Test func fiveHundredsAreRetryableAndTheRetryWithTheSameKeySucceeds() async throws {
        var faults = SandboxFaults()
        faults.failFirst = 2
        let served = try await ServedSandbox(try Self.wallet(), faults: faults)
        let gateway = served.gateway()
        let message = OutboundMessage(userID: "u-1001", orderID: "ORD-1001", channel: "sms", template: "t", locale: "en", texts: ["en": "hello"])
        for _ in 0..<2 {
            await #expect {
                _ = try await gateway.send(message, key: "msg-1")
            } throws: { error in
                if case WalletError.unavailable(let text) = error { return text.contains("HTTP 503") }
                return false
            }
        }
        let id = try await gateway.send(message, key: "msg-1")
        #expect(try await gateway.send(message, key: "msg-1") == id)
    }

    @Test func aConnectionDroppedAfterTheRefundIsAmbiguousAndTheSameKeyRefundsExactlyOnce() async throws {
        let wallet = try Self.wallet()
        var faults = SandboxFaults()
        faults.dropAfterApply = "refunds"
        let served = try await ServedSandbox(wallet, faults: faults)
        let gateway = served.gateway()
        await #expect {
            _ = try await Self.refundOf(wallet, gateway, key: "refund-ORD-6002")
        } throws: { error in
            if case WalletError.ambiguous(let text) = error { return text.contains("after the request was sent") }
            return false
        }
        let refundLegs = { try wallet.ledger(order: "ORD-6002").filter { $0.account == "user:u-1005" && $0.amountMinor > 0 } }
        #expect(try refundLegs().count == 1, "the refund was applied before the connection dropped")
        // Resuming repeats the same key: the first answer comes back, nothing moves again.
        let again = try await Self.refundOf(wallet, gateway, key: "refund-ORD-6002")
        guard case .refunded(_, let amount) = again else { Issue.record("expected the first refund back, got \(again)"); return }
        #expect(amount == 666_00)
        #expect(try refundLegs().count == 1)
    }

    @Test(arguments: ["garbage", "oversize"])
    func anUnreadableAnswerIsInvalidForReadsAndAmbiguousForMoney(_ fault: String) async throws {
        var faults = SandboxFaults()
        if fault == "garbage" { faults.garbage = "/v1/" } else { faults.oversize = "/v1/" }
        let served = try await ServedSandbox(try Self.wallet(), faults: faults)
        let gateway = served.gateway()
        await #expect {
            _ = try await gateway.snapshot(order: "ORD-1001")
        } throws: { error in
            if case WalletError.invalidResponse = error { return true }
            return false
        }
        await #expect {
            _ = try await gateway.reconcile(order: "ORD-1001", key: "rec-1")
        } throws: { error in
            if case WalletError.ambiguous(let text) = error { return text.contains("invalid output") }
            return false
        }
    }

    @Test func aReusedKeyWithOtherParametersIsAKeyReuseError() async throws {
        let served = try await ServedSandbox(try Self.wallet())
        let gateway = served.gateway()
        try await gateway.recordFeedback(order: "ORD-1001", rating: 5, comment: "quick", key: "fb-1")
        await #expect(throws: WalletError.keyReuse("fb-1")) {
            try await gateway.recordFeedback(order: "ORD-1001", rating: 1, comment: "slow", key: "fb-1")
        }
    }

    @Test func bearerAndHMACCredentialsAreCheckedAndAWrongOneIsAFatalRefusal() async throws {
        let wallet = try Self.wallet()
        let bearer = try await ServedSandbox(wallet, authentication: .bearer(token: "t0ken"))
        #expect(try await bearer.gateway { $0.authentication = .bearer(token: "t0ken") }.snapshot(order: "ORD-1001")?.userID == "u-1001")
        await #expect {
            _ = try await bearer.gateway { $0.authentication = .bearer(token: "n0t-the-token") }.snapshot(order: "ORD-1001")
        } throws: { error in
            if case WalletError.badRequest(let text) = error { return text.contains("401") && !text.contains("n0t-the-token") }
            return false
        }
        let signed = try await ServedSandbox(wallet, authentication: .hmac(secret: "s3cret"))
        let good = signed.gateway { $0.authentication = .hmac(secret: "s3cret") }
        #expect(try await good.orders(after: "ORD-1001", limit: 2).orderIDs == ["ORD-1002", "ORD-1003"])
        #expect(try await good.send(OutboundMessage(userID: "u-1001", orderID: "ORD-1001", channel: "sms", template: "t", locale: "en", texts: ["en": "hi"]), key: "m") != "")
        await #expect {
            _ = try await signed.gateway { $0.authentication = .hmac(secret: "other") }.snapshot(order: "ORD-1001")
        } throws: { error in
            if case WalletError.badRequest = error { return true }
            return false
        }
    }

    @Test func idsWithSlashesAndQuestionMarksStayInTheirPathSegment() async throws {
        let served = try await ServedSandbox(try Self.wallet())
        let gateway = served.gateway()
        #expect(try await gateway.snapshot(order: "ORD-1001/../ORD-1002?x=1") == nil)
        #expect(try await gateway.snapshot(order: "ORD-1001")?.orderID == "ORD-1001")
    }
}

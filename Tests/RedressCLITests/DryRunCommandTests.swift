import Foundation
import Testing

extension CommandLineTests {
    /// `handle --dry-run` answers "what would happen to this order now": it reads the real order,
    /// changes nothing, and the live run then takes the path it showed.
    @Suite struct DryRunCommandTests {
        private var playbooks: String { PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path }

        private func steps(_ output: String) throws -> [String] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
            return try #require(object["steps"] as? [[String: Any]]).compactMap { step in
                (step["id"] as? String).map { "\($0): \(step["outcome"] as? String ?? "")" }
            }
        }

        @Test(arguments: ["ORD-1001", "ORD-1003", "ORD-1005", "ORD-1007", "ORD-2001", "ORD-3001", "ORD-3002", "ORD-4001", "ORD-6001", "ORD-6002"])
        func theLiveRunTakesThePathTheDryRunShowed(_ order: String) throws {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-dry-\(UUID().uuidString)").path
            let dry = try RedressBinary.run(["handle", order, "--dry-run", "--format", "json", "--state", state, "--playbooks", playbooks])
            #expect(dry.status == 0, "\(dry.standardError)")
            let shown = try steps(dry.standardOutput)
            // Nothing was stored or sent: no run, and the outbox is as seeded (empty).
            #expect(!FileManager.default.fileExists(atPath: (state as NSString).appendingPathComponent("redress.sqlite")))
            #expect(try RedressBinary.run(["sandbox", "outbox", "--state", state]).standardOutput.isEmpty)
            let live = try RedressBinary.run(["handle", order, "--format", "json", "--state", state, "--playbooks", playbooks])
            let taken = try steps(live.standardOutput)
            #expect(!taken.isEmpty && Array(shown.prefix(taken.count)) == taken, "dry run \(shown), live \(taken)")
        }

        @Test func aDryRunOfALowBalanceOrderShowsTheTopUpMessageInBothLanguagesAndNoPayment() throws {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-dry-\(UUID().uuidString)").path
            let dry = try RedressBinary.run(["handle", "ORD-1003", "--dry-run", "--state", state, "--playbooks", playbooks])
            #expect(dry.standardOutput.contains("ORD-1003: transaction_failed (insufficient_balance)"))
            #expect(dry.standardOutput.contains("would send: en: Your payment for order ORD-1003 did not go through: your balance was less than 99.00 CNY."))
            #expect(dry.standardOutput.contains("zh-CN: 您的订单 ORD-1003 付款未成功：账户余额不足以支付 ¥99.00。"))
            #expect(!dry.standardOutput.contains("pay_again"))
            let refund = try RedressBinary.run(["handle", "ORD-6002", "--dry-run", "--state", state, "--playbooks", playbooks])
            #expect(refund.standardOutput.contains("would move money: wallet.refund(amount=666, charge_id=CHG-"))
            #expect(try RedressBinary.run(["sandbox", "ledger", "ORD-6002", "--state", state]).standardOutput.split(separator: "\n").count == 3, "the two legs of the capture, and the total: no refund")
        }
    }
}

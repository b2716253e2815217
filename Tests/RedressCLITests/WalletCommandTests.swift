import Foundation
import Testing

extension CommandLineTests {
    @Suite struct WalletCommandTests {
        private func stateDirectory() -> String {
            FileManager.default.temporaryDirectory.appendingPathComponent("redress-wallet-\(UUID().uuidString)").path
        }

        private var playbooks: String { PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path }

        @Test func normalOrderSaysSoAndExitsZero() throws {
            let output = try RedressBinary.run(["handle", "ORD-5001", "--state", stateDirectory(), "--playbooks", playbooks])
            #expect(output.status == 0)
            #expect(output.standardOutput.contains("ORD-5001 is normal"))
        }

        @Test func unknownOrderIsAUsageError() throws {
            let output = try RedressBinary.run(["handle", "ORD-0000", "--state", stateDirectory(), "--playbooks", playbooks])
            #expect(output.status == 2)
        }

        @Test func quickStartMainJobResolvesATimeoutWithoutChargingAgain() throws {
            let state = stateDirectory()
            let output = try RedressBinary.run(["handle", "ORD-3001", "--state", state, "--playbooks", playbooks])
            #expect(output.status == 3, "\(output.standardError)")
            #expect(output.standardOutput.contains("resolved: completed — the channel had the money: order corrected to paid without charging again, user told"))
            let again = try RedressBinary.run(["handle", "ORD-3001", "--state", state, "--playbooks", playbooks])
            #expect(again.standardOutput.contains("ORD-3001 is normal (paid)"))
        }

        @Test func twoFactorWalkThroughWorksAsTheReadmeSays() throws {
            let state = stateDirectory()
            let started = try RedressBinary.run(["handle", "ORD-1001", "--state", state, "--playbooks", playbooks, "--format", "json"])
            #expect(started.status == 3)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(started.standardOutput.utf8)) as? [String: Any])
            let runID = try #require(object["run_id"] as? String)
            #expect(object["waiting_for"] as? String == "otp")
            let code = try RedressBinary.run(["sandbox", "totp", "u-1001", "--state", state]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(code.count == 6)
            // The code goes through standard input, never the command line.
            let resumed = try RedressBinary.run(["resume", runID, "--signal", "otp=-", "--as", "u-1001", "--state", state], input: code + "\n")
            #expect(resumed.status == 3, "\(resumed.standardError)")
            #expect(resumed.standardOutput.contains("✓ verify                 verified"))
            #expect(resumed.standardOutput.contains("✓ pay_again              succeeded"))
            #expect(resumed.standardOutput.contains("resolved: completed — the failure was ours"))
            let ledger = try RedressBinary.run(["sandbox", "ledger", "ORD-1001", "--state", state]).standardOutput
            #expect(ledger.contains("ledger total: 0.00"))
            #expect(ledger.split(separator: "\n").count == 3)
            let outbox = try RedressBinary.run(["sandbox", "outbox", "--state", state]).standardOutput
            #expect(outbox.contains("in zh-CN about ORD-1001") && outbox.contains("¥128.00") && outbox.contains("(en) Good news: order ORD-1001 is now paid"))
            let replay = try RedressBinary.run(["resume", runID, "--signal", "otp=\(code)", "--state", state])
            #expect(replay.status == 2)
        }

        @Test func scanHandlesEveryAnomalousOrderOnceAndSummarises() throws {
            let state = stateDirectory()
            #expect(try RedressBinary.run(["sandbox", "generate", "6", "--state", state]).status == 0)
            let first = try RedressBinary.run(["scan", "--concurrency", "3", "--state", state, "--playbooks", playbooks])
            #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
            #expect(first.standardOutput.contains("22 orders in"))
            for anomaly in ["transaction_failed", "funds_frozen", "system_timeout", "status_mismatch", "refund_request"] {
                #expect(first.standardOutput.contains(anomaly))
            }
            let second = try RedressBinary.run(["scan", "--state", state, "--playbooks", playbooks])
            #expect(second.standardOutput.contains("0 orders in"))
        }

        @Test func aSecretSignalOnStandardInputMustBeThereAndBounded() throws {
            let state = stateDirectory()
            let started = try RedressBinary.run(["handle", "ORD-1001", "--state", state, "--playbooks", playbooks, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(started.standardOutput.utf8)) as? [String: Any])
            let runID = try #require(object["run_id"] as? String)
            let empty = try RedressBinary.run(["resume", runID, "--signal", "otp=-", "--state", state], input: "")
            #expect(empty.status == 2)
            #expect(empty.standardError.contains("no value on standard input"))
            let huge = try RedressBinary.run(["resume", runID, "--signal", "otp=-", "--state", state], input: String(repeating: "7", count: 5_000))
            #expect(huge.status == 2)
            #expect(huge.standardError.contains("longer than 4096 bytes"))
            // Nothing was delivered: the run still waits for the code.
            let shown = try RedressBinary.run(["show", runID, "--state", state, "--format", "json"])
            #expect(shown.standardOutput.contains("\"waiting_for\" : \"otp\""))
        }

        @Test func aRefusedReviewDecisionExitsTwoSaysWhyAndLeavesTheReviewWaiting() throws {
            let state = stateDirectory()
            let started = try RedressBinary.run(["handle", "ORD-2001", "--state", state, "--playbooks", playbooks, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(started.standardOutput.utf8)) as? [String: Any])
            let runID = try #require(object["run_id"] as? String)
            let code = try RedressBinary.run(["sandbox", "totp", "u-2001", "--state", state]).standardOutput
            #expect(try RedressBinary.run(["resume", runID, "--signal", "otp=-", "--as", "u-2001", "--state", state], input: code).status == 3)
            let vague = try RedressBinary.run(["resume", runID, "--signal", "decision=yes", "--as", "risk-7", "--state", state])
            #expect(vague.status == 2)
            #expect(vague.standardError.contains("refused signal 'decision': a decision is 'approve' (or 'approve: NOTE') or 'reject: REASON', not 'yes'"))
            let holder = try RedressBinary.run(["resume", runID, "--signal", "decision=approve", "--as", "u-2001", "--state", state])
            #expect(holder.status == 2)
            let shown = try RedressBinary.run(["show", runID, "--state", state]).standardOutput
            #expect(shown.contains("signal.refused by risk-7"))
            #expect(shown.contains("signal.refused by u-2001"))
            let approved = try RedressBinary.run(["resume", runID, "--signal", "decision=approve: documents checked", "--as", "risk-7", "--state", state])
            #expect(approved.standardOutput.contains("✓ release                unfrozen"), "\(approved.standardOutput)\(approved.standardError)")
        }

        @Test func sandboxListsOrdersAndRefusesABadChannelBehaviour() throws {
            let state = stateDirectory()
            let orders = try RedressBinary.run(["sandbox", "orders", "--anomalous", "--state", state]).standardOutput
            #expect(orders.contains("ORD-1007") && orders.contains("channel_outage"))
            #expect(!orders.contains("ORD-5001"))
            #expect(try RedressBinary.run(["sandbox", "channel", "unionpay", "sideways", "--state", state]).status == 2)
        }
    }
}

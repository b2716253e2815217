import Foundation
import Testing

extension CommandLineTests {
    /// Triage as data on the command line: `redress triage` explains a classification, and a new
    /// anomaly type (a rule and a playbook, no Swift) is routed to by `handle` and checked by
    /// `validate`.
    @Suite struct TriageCommandTests {
        private var playbooks: String { PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path }

        private func stateDirectory() -> String {
            FileManager.default.temporaryDirectory.appendingPathComponent("redress-triage-\(UUID().uuidString)").path
        }

        @Test func triageShowsEachRuleTheFactsItReadAndThePlaybook() throws {
            let output = try RedressBinary.run(["triage", "ORD-6001", "--state", stateDirectory(), "--playbooks", playbooks])
            #expect(output.status == 0, "\(output.standardError)")
            #expect(output.standardOutput.contains("✗ failed payment: ${{ order.status == 'failed' }}"))
            #expect(output.standardOutput.contains("order.charged = 360, order.amount = 180"))
            #expect(output.standardOutput.contains("→ refund_request (duplicate_charge) by rule 'charged more than the order'"))
            #expect(output.standardOutput.contains("playbook: \(playbooks)/duplicate-charge.yaml"))
            let json = try RedressBinary.run(["triage", "ORD-5001", "--state", stateDirectory(), "--playbooks", playbooks, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            #expect(object["anomaly"] as? String == "normal" && (object["rules"] as? [Any])?.count == 6)
        }

        @Test func aFifthAnomalyTypeNeedsARuleAndAPlaybookAndNoSwift() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("redress-library-\(UUID().uuidString)").path
            try FileManager.default.copyItem(atPath: playbooks, toPath: folder)
            let triagePath = (folder as NSString).appendingPathComponent("triage.yaml")
            var triage = try String(contentsOfFile: triagePath, encoding: .utf8)
            triage = triage.replacingOccurrences(
                of: "anomalies:\n",
                with: "anomalies:\n  payment_pending:\n    description: the payment is still being confirmed\n    causes: [awaiting_channel]\n")
            triage = triage.replacingOccurrences(
                of: "rules:\n",
                with: "rules:\n  - name: just paid, still pending\n    when: ${{ order.status == 'processing' && order.age <= 10m && !account.frozen }}\n"
                    + "    anomaly: payment_pending\n    cause: awaiting_channel\n\n")
            try triage.write(toFile: triagePath, atomically: true, encoding: .utf8)
            let playbook = """
                playbook: payment-pending
                title: Payment still pending
                anomaly: payment_pending
                inputs:
                  order_id: {type: string, required: true}
                defaults:
                  timeout: 30s
                steps:
                  - id: check
                    uses: wallet.check_status
                    with: {order_id: "${{ inputs.order_id }}"}
                  - id: tell
                    uses: wallet.contact_user
                    with:
                      user_id: ${{ steps.check.output.user_id }}
                      order_id: ${{ inputs.order_id }}
                      message: pending
                  - id: done
                    uses: flow.finish
                    with: {resolution: "the user knows the payment is pending"}
                messages:
                  pending:
                    zh-CN: "订单 {order} 的付款银行还在确认中，您无需操作，完成后我们会马上通知您。"
                    en: "The bank is still confirming your payment for order {order}; there is nothing to do, and we tell you as soon as it is through."
                """
            try playbook.write(toFile: (folder as NSString).appendingPathComponent("payment-pending.yaml"), atomically: true, encoding: .utf8)
            let validated = try RedressBinary.run(["validate", folder])
            #expect(validated.status == 0, "\(validated.standardOutput)\(validated.standardError)")
            let state = stateDirectory()
            let handled = try RedressBinary.run(["handle", "ORD-5003", "--state", state, "--playbooks", folder])
            #expect(handled.status == 0, "\(handled.standardOutput)\(handled.standardError)")
            #expect(handled.standardOutput.contains("ORD-5003: payment_pending (awaiting_channel) → \(folder)/payment-pending.yaml"))
            #expect(handled.standardOutput.contains("the user knows the payment is pending"))
            // A type with no playbook is a gap the library's validation reports at its declaration.
            try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent("payment-pending.yaml"))
            let gap = try RedressBinary.run(["validate", folder])
            #expect(gap.status == 1)
            let declaration = triage.components(separatedBy: "\n").firstIndex(of: "  payment_pending:").map { $0 + 1 } ?? 0
            #expect(gap.standardOutput.contains("triage.yaml:\(declaration):3: error: no playbook handles anomaly 'payment_pending'"), "\(gap.standardOutput)")
        }
    }
}

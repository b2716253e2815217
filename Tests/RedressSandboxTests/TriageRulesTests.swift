import Foundation
import RedressDiagnostics
import RedressPlaybook
import RedressSandbox
import RedressWalletAPI
import RedressWalletPlugin
import Testing

/// The shipped triage rules (`Playbooks/triage.yaml`) on the sandbox's orders: every demo order
/// gets the classification the seed's criteria give it, and the built-in copy is the shipped file.
@Suite struct TriageRulesTests {
    static let shipped = PlaybookScenarioTests.playbooks.appendingPathComponent("triage.yaml")

    @Test func theBuiltInTriageIsTheShippedFileWordForWord() throws {
        #expect(try String(contentsOf: Self.shipped, encoding: .utf8) == WalletPlugin.builtInTriageText)
        let report = TriageLoader.load(path: Self.shipped.path)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(WalletPlugin.builtInTriage.types == report.rules?.types)
    }

    @Test func everyDemoOrderIsClassifiedAsTheSeedsCriteriaSay() async throws {
        let wallet = try SandboxWallet(directory: temporaryStateDirectory())
        let triage = TriageEvaluator(rules: WalletPlugin.builtInTriage)
        var found: [String: String] = [:]
        for id in try wallet.orderIDs() {
            let decision = triage.decide(WalletFacts.facts(try #require(try await wallet.snapshot(order: id))))
            #expect(decision.causeIsDeclared, "\(id): \(decision)")
            found[id] = decision.anomaly + (decision.cause.isEmpty ? "" : "/" + decision.cause)
        }
        #expect(
            found == [
                "ORD-1001": "transaction_failed/network", "ORD-1002": "transaction_failed/network",
                "ORD-1003": "transaction_failed/insufficient_balance", "ORD-1004": "transaction_failed/insufficient_balance",
                "ORD-1005": "transaction_failed/invalid_payment_details", "ORD-1006": "transaction_failed/invalid_payment_details",
                "ORD-1007": "transaction_failed/channel_outage", "ORD-1008": "transaction_failed/channel_outage",
                "ORD-2001": "funds_frozen/risk_control", "ORD-2002": "funds_frozen/payment_rule_violation",
                "ORD-3001": "system_timeout/slow_confirmation", "ORD-3002": "system_timeout/slow_confirmation",
                "ORD-4001": "status_mismatch/delayed_callback", "ORD-4002": "status_mismatch/delayed_callback",
                "ORD-5001": "normal", "ORD-5002": "normal", "ORD-5003": "normal",
                "ORD-6001": "refund_request/duplicate_charge", "ORD-6002": "refund_request/user_request",
            ])
        #expect(try wallet.ledgerTotal() == 0)
    }

    @Test func generatedOrdersCoverEveryAnomalyType() async throws {
        let wallet = try SandboxWallet(directory: temporaryStateDirectory())
        let triage = TriageEvaluator(rules: WalletPlugin.builtInTriage)
        var types: Set<String> = []
        for id in try wallet.generate(40) {
            types.insert(triage.decide(WalletFacts.facts(try #require(try await wallet.snapshot(order: id)))).anomaly)
        }
        #expect(types == Set(WalletPlugin.builtInTriage.types))
    }
}

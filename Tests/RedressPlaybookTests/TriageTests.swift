import Foundation
import RedressDiagnostics
import RedressPlaybook
import Testing

/// Triage as data: the triage file's diagnostics, its evaluation on facts, and playbooks checked
/// against the anomaly types and causes it declares.
@Suite struct TriageTests {
    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: MarkedFixture.folder.appendingPathComponent("triage").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "triage/" + $0 }
    }()

    @Test(arguments: fixtures)
    func triageFixtureYieldsExactlyItsMarkedDiagnostics(_ path: String) throws {
        let fixture = try MarkedFixture(relativePath: path)
        #expect(!fixture.expectations.isEmpty)
        let report = TriageLoader.load(fixture.source)
        let (missing, unexpected) = fixture.unmatched(report.diagnostics)
        #expect(missing.isEmpty, "missing: \(missing); got: \(report.diagnostics)")
        #expect(unexpected.isEmpty, "unexpected: \(unexpected)")
        #expect(report.usableRules == nil || report.diagnostics.allSatisfy { $0.severity != .error })
    }

    static let rules = """
        triage: 1
        anomalies:
          transaction_failed: {causes: [insufficient_balance, network]}
          funds_frozen: {causes: [risk_control]}
        rules:
          - name: frozen
            when: ${{ account.frozen }}
            anomaly: funds_frozen
            cause: ${{ account.freeze_reason }}
          - name: failed
            when: ${{ order.status == 'failed' }}
            anomaly: transaction_failed
            cause: ${{ order.failure_cause }}
        """

    static func facts(status: String, frozen: Bool = false, reason: String = "", failure: String = "") -> Value {
        .object([
            "order": .object(["status": .string(status), "failure_cause": .string(failure)]),
            "account": .object(["frozen": .bool(frozen), "freeze_reason": .string(reason)]),
        ])
    }

    @Test func theFirstRuleThatHoldsDecidesAndNoneMeansNormal() throws {
        let rules = try #require(TriageLoader.load(SourceFile(path: "t.yaml", text: Self.rules)).usableRules)
        let evaluator = TriageEvaluator(rules: rules)
        #expect(evaluator.decide(Self.facts(status: "failed", failure: "network")).anomaly == "transaction_failed")
        let both = evaluator.explain(Self.facts(status: "failed", frozen: true, reason: "risk_control", failure: "network"))
        #expect(both.decision == .init(anomaly: "funds_frozen", cause: "risk_control", rule: "frozen", causeIsDeclared: true))
        #expect(both.trials.map(\.rule) == ["frozen"])
        #expect(both.trials[0].reads == ["account.frozen = true"])
        let normal = evaluator.explain(Self.facts(status: "paid"))
        #expect(normal.decision.anomaly == TriageRules.normal && normal.decision.rule == nil && normal.trials.count == 2)
        // A cause the wallet sends that the file does not declare is kept, and flagged.
        let odd = evaluator.decide(Self.facts(status: "failed", failure: "bank_holiday"))
        #expect(odd.cause == "bank_holiday" && !odd.causeIsDeclared)
    }

    @Test func ruleExpressionsAreTypedAgainstTheFactsWithDidYouMean() {
        let text = Self.rules.replacingOccurrences(of: "${{ account.frozen }}", with: "${{ acount.frozen }}")
            .replacingOccurrences(of: "${{ order.status == 'failed' }}", with: "${{ order.staus }}")
        let report = TriageLoader.load(SourceFile(path: "t.yaml", text: text))
        #expect(report.usableRules == nil)
        let messages = report.diagnostics.map { "\($0.mark.line):\($0.mark.column) \($0.code): \($0.message)" }
        #expect(messages.contains("7:15 unknown-variable: unknown name 'acount'; did you mean 'account'?"), "\(messages)")
        #expect(messages.contains { $0.hasPrefix("11:21 unknown-output: order has no field 'staus'; did you mean 'status'?") }, "\(messages)")
    }

    @Test func playbooksMayOnlyHandleDeclaredAnomaliesAndCompareCausesWithDeclaredValues() throws {
        let rules = try #require(TriageLoader.load(SourceFile(path: "t.yaml", text: Self.rules)).usableRules)
        let playbook = """
            playbook: p
            title: P
            anomaly:
              type: [transaction_failed, refund_requests]
              match: ${{ anomaly.cause == 'insufficent_balance' }}
            steps:
              - id: done
                uses: flow.finish
                with: {resolution: done}
            """
        let report = PlaybookValidator(catalog: MarkedFixture.catalog, triage: rules).validate(SourceFile(path: "p.yaml", text: playbook))
        let found = report.diagnostics.map { "\($0.mark.line):\($0.mark.column) \($0.code): \($0.message)" }
        #expect(found.contains("4:30 unknown-anomaly: anomaly 'refund_requests' is not declared in the triage file"), "\(found)")
        #expect(found.contains("5:31 type-mismatch: 'insufficent_balance' is not one of the values this can have; did you mean 'insufficient_balance'?"), "\(found)")
        let coverage = PlaybookValidator(catalog: MarkedFixture.catalog, triage: rules).validateSet([report], coverageOf: "Playbooks")
        #expect(coverage.map(\.message) == ["no playbook handles anomaly 'funds_frozen'; every anomaly type triage can give needs exactly one"])
    }
}

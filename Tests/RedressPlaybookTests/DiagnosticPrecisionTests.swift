import RedressDiagnostics
import RedressPlaybook
import Testing

/// Diagnostics that stay precise when authors write playbooks from the docs alone.
@Suite struct DiagnosticPrecisionTests {
    @Test func didYouMeanFindsStemsAndTheStartOfLongerNames() {
        #expect(Suggestions.closest(to: "undelivered", among: ["sent", "undeliverable", "error", "timeout"]) == "undeliverable")
        #expect(Suggestions.closest(to: "order", among: ["order_id", "amount"]) == "order_id")
        #expect(Suggestions.closest(to: "refund", among: ["sent", "error"]) == nil)
    }

    static func diagnostics(_ steps: String) -> [String] {
        let text = """
            playbook: p
            title: P
            anomaly: transaction_failed
            defaults:
              timeout: 30s
            steps:
            \(steps)
            """
        return PlaybookValidator(catalog: MarkedFixture.catalog).validate(SourceFile(path: "p.yaml", text: text)).diagnostics
            .map { "\($0.code): \($0.message)" }
    }

    @Test func runStatusOutsideFinallySaysWhereItCanBeRead() {
        let found = Self.diagnostics("  - id: done\n    uses: flow.finish\n    with: {resolution: \"${{ run.status }}\"}")
        #expect(found == ["unknown-variable: run.status is known only in 'finally' steps, once the run has ended"], "\(found)")
    }

    @Test func aMisspeltOutcomeGetsADidYouMean() {
        let found = Self.diagnostics(
            "  - id: wait\n    uses: flow.wait\n    with: {duration: 1m}\n    on: {elapse: done}\n  - id: done\n    uses: flow.finish\n    with: {resolution: ok}")
        #expect(found.contains { $0.hasPrefix("unknown-outcome: 'flow.wait' has no outcome 'elapse'; did you mean 'elapsed'?") }, "\(found)")
    }
}

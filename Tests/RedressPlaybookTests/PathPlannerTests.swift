import RedressDiagnostics
import RedressPlaybook
import Testing

/// `PathPlanner` and `PlaybookGraph` on a small playbook with a loop, a `when`, an SLA breach
/// target and a money-moving step.
@Suite struct PathPlannerTests {
    static let text = """
        playbook: small
        title: Small
        anomaly: transaction_failed
        inputs:
          order_id: {type: string, required: true}
        sla:
          resolve_within: 1h
          on_breach: escalate
        defaults:
          timeout: 30s
        steps:
          - id: check
            uses: wallet.check_status
            with: {order_id: "${{ inputs.order_id }}"}
            on:
              not_found: escalate
          - id: verify
            uses: wallet.verify_identity
            with: {user_id: "${{ steps.check.output.user_id }}", order_id: "${{ inputs.order_id }}"}
            on:
              failed: verify
              expired: escalate
              locked: escalate
          - id: refund
            uses: wallet.refund
            when: ${{ steps.check.output.amount > 0 }}
            with: {order_id: "${{ inputs.order_id }}", amount: "${{ steps.check.output.amount }}", currency: CNY, reason: ours, charge_id: C-1,
                   proof: "${{ steps.verify.output.proof }}"}
            on:
              rejected: escalate
              ambiguous: escalate
          - id: done
            uses: flow.finish
            with: {resolution: refunded}
          - id: escalate
            uses: wallet.escalate
            with: {order_id: "${{ inputs.order_id }}", reason: stuck}
            on:
              escalated: end
        """

    static func playbook() throws -> Playbook {
        let report = PlaybookValidator(catalog: MarkedFixture.catalog).validate(SourceFile(path: "small.yaml", text: text))
        #expect(report.isRunnable, "\(report.diagnostics)")
        return try #require(report.playbook)
    }

    @Test func enumeratesEveryDeclaredPathWithLoopsBoundedAtTwoVisitsAndOutcomesThatGoTheSameWayAsOne() throws {
        let (paths, truncated) = PathPlanner(playbook: try Self.playbook(), catalog: MarkedFixture.catalog).paths()
        #expect(!truncated)
        let declared = paths.filter { !$0.endsInHandlerFailure }.map { $0.visits.map(\.description).joined(separator: " → ") }
        #expect(
            declared == [
                "check: found → verify: verified → refund: refunded | skipped → done: finished",
                "check: found → verify: verified → refund: rejected | ambiguous → escalate: escalated",
                "check: found → verify: failed → verify: verified → refund: refunded | skipped → done: finished",
                "check: found → verify: failed → verify: verified → refund: rejected | ambiguous → escalate: escalated",
                "check: found → verify: failed → verify: expired | locked → escalate: escalated",
                "check: found → verify: expired | locked → escalate: escalated",
                "check: not_found → escalate: escalated",
                "escalate: escalated",
            ])
        #expect(paths.last { !$0.endsInHandlerFailure }?.start == .slaBreach)
        // Each step can also fail with error or timeout: two more ends per step on every prefix.
        #expect(paths.count { $0.endsInHandlerFailure } > 0)
        #expect(paths.filter(\.endsInHandlerFailure).allSatisfy { $0.endsFailed })
    }

    @Test func pathsCarryConditionsResolutionsAndFlags() throws {
        let paths = PathPlanner(playbook: try Self.playbook(), catalog: MarkedFixture.catalog).paths().paths
        let refunded = try #require(paths.first)
        // Refunded or skipped, the run goes on to `done`: one path, which needs no condition.
        #expect(refunded.visits.map(\.outcome).contains("refunded | skipped"))
        #expect(refunded.conditions.isEmpty)
        #expect(refunded.resolution == "refunded")
        #expect(refunded.movesMoney == ["refund"])
        #expect(refunded.flags == ["no-user-contact", "moves-money"])
        // A `when` whose skip goes elsewhere gives each path its condition.
        let text = Self.text.replacingOccurrences(of: "      rejected: escalate\n", with: "      rejected: escalate\n      skipped: escalate\n")
        let report = PlaybookValidator(catalog: MarkedFixture.catalog).validate(SourceFile(path: "small.yaml", text: text))
        let branching = PathPlanner(playbook: try #require(report.playbook), catalog: MarkedFixture.catalog).paths().paths
        #expect(branching.first?.conditions == ["steps.check.output.amount > 0"])
        // Skipped goes the way a refusal goes: that path stands for both, with no condition.
        let skipped = try #require(branching.first { $0.visits.contains { $0.outcomes.contains("skipped") } })
        #expect(skipped.visits.contains { $0.outcome == "rejected | ambiguous | skipped" })
        #expect(skipped.conditions.isEmpty)
        let escalated = try #require(paths.first { $0.visits.last?.step == "escalate" })
        #expect(escalated.resolution == nil)
        #expect(escalated.flags.contains("no-resolution"))
    }

    @Test func pathLimitTruncates() throws {
        var planner = PathPlanner(playbook: try Self.playbook(), catalog: MarkedFixture.catalog)
        planner.limit = 3
        let (paths, truncated) = planner.paths()
        #expect(paths.count == 3)
        #expect(truncated)
    }

    @Test func graphMarksMoneyStepsAndDrawsBreachAndFinallyEdgesDashed() throws {
        let graph = PlaybookGraph(playbook: try Self.playbook(), catalog: MarkedFixture.catalog)
        let mermaid = graph.mermaid()
        #expect(mermaid.contains("s_refund[[\"💰 refund<br/>wallet.refund\"]]"))
        #expect(mermaid.contains("s_verify{{\"⏳ verify<br/>wallet.verify_identity\"}}"))
        #expect(mermaid.contains("s_verify -- failed --> s_verify"))
        #expect(mermaid.contains("s_refund -- rejected, ambiguous --> s_escalate"))
        #expect(mermaid.contains("s_refund -- refunded, skipped --> s_done"))
        #expect(mermaid.contains("sla_breach -. resolve 1h .-> s_escalate"))
        #expect(!mermaid.contains("-- error"))
        let dot = graph.dot()
        #expect(dot.contains("s_refund [label=\"💰 refund\\nwallet.refund\", fillcolor=\"#fde2e2\", color=\"#c0392b\", penwidth=3];"))
        #expect(dot.contains("sla_breach -> s_escalate [label=\"resolve 1h\", style=dashed];"))
        #expect(graph.mermaid() == mermaid)
    }
}

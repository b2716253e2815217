import Foundation
import RedressEngine
import RedressPluginAPI
import Testing

/// A review decision counts only from a fourth pair of eyes, in the exact words allowed; every
/// refusal leaves the run waiting and is in its audit trail.
@Suite struct FourEyesTests {
    typealias World = PlaybookScenarioTests.World

    /// A frozen-funds run of ORD-2001 waiting for the review, opened by `opener`.
    private func waitingForReview(
        _ world: World, opener: String = "operator-1", threshold: String = "10000", codeFrom: String = "u-2001"
    ) async throws -> RunState {
        var text = try String(contentsOf: PlaybookScenarioTests.playbooks.appendingPathComponent("funds-frozen.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "second_approval_above: 10000", with: "second_approval_above: \(threshold)")
        guard case .opened(let run) = try await world.engine.openCase(
            playbookText: text, path: "funds-frozen.yaml", inputs: ["order_id": .string("ORD-2001")], caseKey: "ORD-2001", actor: opener)
        else { throw Failure.notOpened }
        _ = try await world.engine.drive(run.id)
        let code = try #require(try world.wallet.currentCode(user: "u-2001"))
        let waiting = try await world.signal(run, "otp", code, from: codeFrom)
        #expect(waiting.current?.stepID == "review")
        return waiting
    }

    enum Failure: Error { case notOpened }

    /// The refusal `signal` gets from `sender`, with the run still waiting for the review after it.
    private func refusal(_ world: World, _ run: RunState, _ value: String, from sender: String) async throws -> String {
        do {
            _ = try await world.signal(run, "decision", value, from: sender)
        } catch EngineError.signalRefused(_, let signal, let reason) {
            #expect(signal == "decision")
            let stored = try #require(try await world.engine.store.load(run.id))
            #expect(stored.status == .waiting && stored.current?.stepID == "review" && stored.current?.wait?.signal == "decision")
            #expect(try await world.engine.store.audit(for: run.id).last?.event.kind == AuditEvent.Kind.signalRefused)
            #expect(try await world.engine.store.audit(for: run.id).last?.event.actor == sender)
            return reason
        }
        Issue.record("\(sender)'s decision '\(value)' was taken")
        return ""
    }

    @Test func onlyApproveOrRejectWithAReasonIsADecision() async throws {
        let world = try await World()
        let run = try await waitingForReview(world)
        for value in ["yes", "approved", "APPROVE", "reject", "reject:   ", ""] {
            let reason = try await refusal(world, run, value, from: "risk-7")
            #expect(reason.contains("'approve'") || reason.contains("needs a reason"), "\(value): \(reason)")
        }
        let decided = try await world.signal(run, "decision", "reject: rule violation confirmed", from: "risk-7")
        #expect(decided.history.contains { $0.stepID == "review" && $0.outcome == "rejected" })
    }

    @Test func theRequesterTheOpenerAndASignalSenderCannotDecide() async throws {
        let world = try await World()
        let run = try await waitingForReview(world, opener: "operator-1")
        #expect(try await refusal(world, run, "approve", from: "redress").contains("requested this review"))
        #expect(try await refusal(world, run, "approve", from: "operator-1").contains("opened this case or delivered"))
        #expect(try await refusal(world, run, "approve", from: "u-2001").contains("opened this case or delivered"))
        let approved = try await world.signal(run, "decision", "approve: documents checked", from: "risk-7")
        #expect(approved.history.contains { $0.stepID == "release" && $0.outcome == "unfrozen" })
        #expect(approved.participants == ["operator-1", "u-2001", "risk-7"])
    }

    @Test func theAccountHolderCannotDecideEvenWhenTheirCodeCameThroughTheApp() async throws {
        let world = try await World()
        let run = try await waitingForReview(world, codeFrom: "wallet-app")
        #expect(try await refusal(world, run, "approve", from: "u-2001").contains("holds the account"))
    }

    @Test func aLargeAmountNeedsTwoDifferentApprovers() async throws {
        let world = try await World()
        let run = try await waitingForReview(world, threshold: "100")
        let first = try await world.signal(run, "decision", "approve", from: "risk-7")
        #expect(first.current?.stepID == "review", "one approval is not enough above the threshold")
        #expect(try await refusal(world, run, "approve", from: "risk-7").contains("opened this case or delivered"))
        let second = try await world.signal(run, "decision", "approve: second look", from: "risk-9")
        let review = try #require(second.steps["review"]?.output)
        #expect(review["reviewer"] == .string("risk-7, risk-9"))
        #expect(second.history.contains { $0.stepID == "release" && $0.outcome == "unfrozen" })
    }
}

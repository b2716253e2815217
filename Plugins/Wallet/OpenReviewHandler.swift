import Foundation
import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.open_review`: asks a person to decide, waiting for the signal `decision`.
///
/// Four-eyes, enforced here: a decision is exactly `approve` (optionally `approve: NOTE`) or
/// `reject: REASON` (a reason is required), and comes from someone who is not the requester,
/// not a participant of the run (the actor who opened the case, anyone whose signal the run took,
/// such as the user's code) and not the account holder. Anything else is refused with what
/// would be accepted (`SignalRefused`): the review keeps waiting and the refusal is audited.
/// Above `second_approval_above`, two different reviewers must approve.
struct OpenReviewHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.openReview }

    static let signal = "decision"

    /// A decision as typed.
    enum Decision: Equatable {
        case approve(note: String)
        case reject(reason: String)
    }

    func dryRun(_ context: StepContext) -> StepResult {
        .finished(outcome: "approved", output: ["review_id": .string("dry-run"), "reviewer": .string("dry-run"), "note": .string("")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        let requester = context.string("requested_by")
        do {
            guard let signal = context.signal, signal.name == Self.signal, case .string(let reviewID) = context.memo["review_id"] ?? .null,
                case .timestamp(let deadline) = context.memo["deadline"] ?? .null
            else {
                let reviewID = try await gateway.openReview(
                    order: context.string("order_id"), queue: context.string("queue"), reason: context.string("reason"), requestedBy: requester,
                    key: context.idempotencyKey)
                let deadline = context.clock.now().addingTimeInterval(context.duration("deadline")?.seconds ?? 86_400)
                return .waiting(
                    WaitRequest(
                        signal: Self.signal, deadline: deadline, deadlineOutcome: "expired", deadlineOutput: ["review_id": .string(reviewID)],
                        memo: ["review_id": .string(reviewID), "deadline": .timestamp(deadline)], audience: .reviewer))
            }
            let decision = try Self.parse(signal.value)
            try await checkReviewer(signal.sender, requester: requester, context: context)
            switch decision {
            case .reject(let reason):
                try await gateway.decideReview(id: reviewID, reviewer: signal.sender, approved: false, note: reason)
                return .finished(outcome: "rejected", output: ["review_id": .string(reviewID), "reviewer": .string(signal.sender), "note": .string(reason)])
            case .approve(let note):
                if needsSecondApproval(context), case .string(let first)? = context.memo["first_approver"] {
                    let reviewers = "\(first), \(signal.sender)"
                    try await gateway.decideReview(id: reviewID, reviewer: reviewers, approved: true, note: note)
                    return .finished(outcome: "approved", output: ["review_id": .string(reviewID), "reviewer": .string(reviewers), "note": .string(note)])
                }
                if needsSecondApproval(context) {
                    // The first of two approvals: it waits for another reviewer (who, having a
                    // different name from every participant so far, cannot be this one).
                    var memo = context.memo
                    memo["first_approver"] = .string(signal.sender)
                    return .waiting(WaitRequest(signal: Self.signal, deadline: deadline, deadlineOutcome: "expired", deadlineOutput: ["review_id": .string(reviewID)], memo: memo, audience: .reviewer))
                }
                try await gateway.decideReview(id: reviewID, reviewer: signal.sender, approved: true, note: note)
                return .finished(outcome: "approved", output: ["review_id": .string(reviewID), "reviewer": .string(signal.sender), "note": .string(note)])
            }
        } catch let error as WalletError {
            throw error.stepError
        }
    }

    /// Refuses a reviewer who requested the review, took part in the run, or holds the account.
    private func checkReviewer(_ reviewer: String, requester: String, context: StepContext) async throws {
        if reviewer == requester { throw SignalRefused("\(reviewer) requested this review and cannot decide it; another reviewer must") }
        if context.participants.contains(reviewer) {
            throw SignalRefused("\(reviewer) opened this case or delivered one of its signals, so another person must decide")
        }
        if let holder = try await gateway.snapshot(order: context.string("order_id"))?.userID, holder == reviewer {
            throw SignalRefused("\(reviewer) holds the account and cannot decide their own review")
        }
    }

    private func needsSecondApproval(_ context: StepContext) -> Bool {
        guard case .decimal(let threshold) = context["second_approval_above"], case .decimal(let amount) = context["amount"] else { return false }
        return amount > threshold
    }

    /// `approve`, `approve: NOTE` or `reject: REASON`; anything else is refused, listing those.
    static func parse(_ value: String) throws(SignalRefused) -> Decision {
        let parts = value.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let verdict = parts.first ?? ""
        let rest = parts.count > 1 ? parts[1] : ""
        switch verdict {
        case "approve": return .approve(note: rest)
        case "reject" where !rest.isEmpty: return .reject(reason: rest)
        case "reject": throw SignalRefused("a rejection needs a reason: 'reject: REASON'")
        default:
            let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
            throw SignalRefused("a decision is 'approve' (or 'approve: NOTE') or 'reject: REASON', not '\(shown)'")
        }
    }
}

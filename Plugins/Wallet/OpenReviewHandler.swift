import Foundation
import RedressPlaybook
import RedressPluginAPI

/// `wallet.open_review`: asks a person to decide, waiting for the signal `decision`
/// (`approve` or `reject`, optionally followed by `: a note`). The reviewer must not be the
/// requester (four-eyes): such a decision is ignored and the review keeps waiting.
struct OpenReviewHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.openReview }

    static let signal = "decision"

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
                        memo: ["review_id": .string(reviewID), "deadline": .timestamp(deadline)]))
            }
            let (approved, note) = Self.parse(signal.value)
            guard signal.sender != requester, let approved else {
                context.logger.warning("ignored decision on review \(reviewID): the reviewer must differ from the requester and say approve or reject")
                return .waiting(WaitRequest(signal: Self.signal, deadline: deadline, deadlineOutcome: "expired", memo: context.memo))
            }
            try await gateway.decideReview(id: reviewID, reviewer: signal.sender, approved: approved, note: note)
            return .finished(
                outcome: approved ? "approved" : "rejected",
                output: ["review_id": .string(reviewID), "reviewer": .string(signal.sender), "note": .string(note)])
        } catch let error as WalletError {
            throw error.stepError
        }
    }

    /// `approve`, `approved`, `reject: too risky` → (true/false, note); anything else → nil.
    static func parse(_ value: String) -> (Bool?, String) {
        let parts = value.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let verdict = parts.first?.lowercased() ?? ""
        let note = parts.count > 1 ? parts[1] : ""
        switch verdict {
        case "approve", "approved", "yes": return (true, note)
        case "reject", "rejected", "no": return (false, note)
        default: return (nil, note)
        }
    }
}

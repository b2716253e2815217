import Foundation
import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.follow_up`: waits `delay`, asks the user how it went (the playbook's message, in their
/// language), then waits for the signal
/// `feedback` (`5 thanks, quick` → rating 5, comment "thanks, quick") until `deadline`.
struct FollowUpHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.followUp }

    static let signal = "feedback"

    func dryRun(_ context: StepContext) -> StepResult { .finished(outcome: "answered", output: ["rating": .integer(5), "comment": .string("")]) }

    func run(_ context: StepContext) async throws -> StepResult {
        let now = context.clock.now()
        do {
            if let signal = context.signal, signal.name == Self.signal {
                let (rating, comment) = Self.parse(signal.value)
                try await gateway.recordFeedback(order: context.string("order_id"), rating: rating, comment: comment, key: context.idempotencyKey)
                return .finished(outcome: "answered", output: ["rating": .integer(rating), "comment": .string(comment)])
            }
            guard context.memo["asked"] == .bool(false) else {
                // First call: nothing to say yet; come back after the delay.
                let wakeAt = now.addingTimeInterval(context.duration("delay")?.seconds ?? 86_400)
                return .waiting(WaitRequest(signal: nil, deadline: wakeAt, deadlineOutcome: "no_answer", memo: ["asked": .bool(false)], callsBackAtDeadline: true))
            }
            let question = try await UserMessage.compose(context, gateway: gateway, channel: "in_app")
            _ = try await gateway.send(question, key: context.idempotencyKey + "/ask")
            let deadline = now.addingTimeInterval(context.duration("deadline")?.seconds ?? 259_200)
            return .waiting(
                WaitRequest(
                    signal: Self.signal, deadline: deadline, deadlineOutcome: "no_answer", deadlineOutput: ["rating": .integer(0), "comment": .string("")],
                    memo: ["asked": .bool(true)], audience: .user, subject: context.string("user_id")))
        } catch let error as WalletError {
            throw error.stepError
        }
    }

    /// `"4 fast, thanks"` → (4, "fast, thanks"); a missing or out-of-range rating is 0.
    static func parse(_ text: String) -> (Int, String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first, let digit = first.wholeNumberValue, first.isASCII, (1...5).contains(digit) else { return (0, trimmed) }
        return (digit, trimmed.dropFirst().trimmingCharacters(in: .whitespaces))
    }
}

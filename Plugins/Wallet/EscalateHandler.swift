import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.escalate`: hands the case to a human queue. Its `escalated` outcome ends the run as
/// `escalated`, with `resolution` (tier, reason, ticket) as the run's resolution.
struct EscalateHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.escalate }

    func dryRun(_ context: StepContext) -> StepResult {
        let tier = context["tier"].displayText
        return .finished(
            outcome: "escalated",
            output: [
                "ticket_id": .string("dry-run"), "queue": .string("tier-\(tier)"),
                "resolution": .string(Self.resolution(tier: tier, reason: context.string("reason"), ticket: "dry-run")),
            ])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        let tier: Int
        if case .integer(let value) = context["tier"] { tier = value } else { tier = 2 }
        do {
            let ticket = try await gateway.escalate(
                order: context.string("order_id"), tier: tier, priority: context.string("priority"), reason: context.string("reason"),
                summary: context.string("summary"), key: context.idempotencyKey)
            return .finished(
                outcome: "escalated",
                output: [
                    "ticket_id": .string(ticket), "queue": .string("tier-\(tier)"),
                    "resolution": .string(Self.resolution(tier: String(tier), reason: context.string("reason"), ticket: ticket)),
                ])
        } catch let error as WalletError {
            throw error.stepError
        }
    }

    static func resolution(tier: String, reason: String, ticket: String) -> String {
        "escalated to tier \(tier): \(reason) (ticket \(ticket))"
    }
}

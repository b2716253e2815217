import RedressPlaybook
import RedressPluginAPI

/// `wallet.escalate`: hands the case to a human queue.
struct EscalateHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.escalate }

    func dryRun(_ context: StepContext) -> StepResult {
        .finished(outcome: "escalated", output: ["ticket_id": .string("dry-run"), "queue": .string("tier-\(context["tier"].displayText)")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        let tier: Int
        if case .integer(let value) = context["tier"] { tier = value } else { tier = 2 }
        do {
            let ticket = try await gateway.escalate(
                order: context.string("order_id"), tier: tier, priority: context.string("priority"), reason: context.string("reason"),
                summary: context.string("summary"), key: context.idempotencyKey)
            return .finished(outcome: "escalated", output: ["ticket_id": .string(ticket), "queue": .string("tier-\(tier)")])
        } catch let error as WalletError {
            throw error.stepError
        }
    }
}

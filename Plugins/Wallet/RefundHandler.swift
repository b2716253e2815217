import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.refund`: refunds a named charge of the order (all of it or part), once per
/// idempotency key. An uncertain result is not guessed at: it ends the run in
/// `needs_reconciliation`.
struct RefundHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.refund }

    func dryRun(_ context: StepContext) -> StepResult {
        .finished(outcome: "refunded", output: ["refund_id": .string("dry-run"), "refunded_amount": context["amount"]])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        guard let amount = Money.minorUnits(context["amount"]) else { throw StepError(.fatal, "amount is not a whole number of cents") }
        do {
            switch try await gateway.refund(
                order: context.string("order_id"), charge: context.string("charge_id"), amountMinor: amount, currency: context.string("currency"), reason: context.string("reason"),
                proof: context.string("proof"), key: context.idempotencyKey)
            {
            case .refunded(let id, let minor): return .finished(outcome: "refunded", output: ["refund_id": .string(id), "refunded_amount": Money.decimal(minor)])
            case .rejected: return .finished(outcome: "rejected", output: ["refund_id": .string(""), "refunded_amount": .decimal(0)])
            }
        } catch let error as WalletError {
            throw error.stepError
        }
    }
}

import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.retry_payment`: charges the order again, once per idempotency key.
struct RetryPaymentHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.retryPayment }

    func dryRun(_ context: StepContext) -> StepResult {
        .finished(outcome: "succeeded", output: ["payment_id": .string("dry-run"), "status": .string("succeeded")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        guard let amount = Money.minorUnits(context["amount"]) else { throw StepError(.fatal, "amount is not a whole number of cents") }
        do {
            switch try await gateway.retryPayment(order: context.string("order_id"), amountMinor: amount, currency: context.string("currency"), proof: context.string("proof"), key: context.idempotencyKey) {
            case .succeeded(let id): return .finished(outcome: "succeeded", output: ["payment_id": .string(id), "status": .string("succeeded")])
            case .declined(let reason): return .finished(outcome: "declined", output: ["payment_id": .string(""), "status": .string(reason)])
            }
        } catch WalletError.ambiguous {
            return .finished(outcome: "ambiguous", output: ["payment_id": .string(""), "status": .string("unknown")])
        } catch let error as WalletError {
            throw error.stepError
        }
    }
}

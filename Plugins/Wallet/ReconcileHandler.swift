import RedressPlaybook
import RedressPluginAPI

/// `wallet.reconcile`: asks the channel for the truth and corrects the order; never charges.
struct ReconcileHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.reconcile }

    func dryRun(_ context: StepContext) -> StepResult {
        .finished(outcome: "paid", output: ["channel_status": .string("paid"), "corrected": .bool(true), "order_status": .string("paid")])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        do {
            let result = try await gateway.reconcile(order: context.string("order_id"), key: context.idempotencyKey)
            let outcome: String
            switch result.channelStatus {
            case "paid": outcome = "paid"
            case "failed": outcome = "not_paid"
            case "pending": outcome = "pending"
            default: outcome = "unknown"
            }
            return .finished(
                outcome: outcome,
                output: ["channel_status": .string(result.channelStatus), "corrected": .bool(result.corrected), "order_status": .string(result.orderStatus)])
        } catch let error as WalletError {
            throw error.stepError
        }
    }
}

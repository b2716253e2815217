import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.reconcile`: asks the channel for the truth and corrects the order; never charges.
struct ReconcileHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.reconcile }

    /// The query half of a reconciliation: what the channel says now and what the order would be
    /// corrected to, read from the wallet and changing nothing (`unknown` when it cannot be read).
    func dryRun(_ context: StepContext) async -> StepResult {
        guard let snapshot = try? await gateway.snapshot(order: context.string("order_id")) else {
            return .finished(outcome: "unknown", output: ["channel_status": .string("unknown"), "corrected": .bool(false), "order_status": .string("unknown")])
        }
        var status = snapshot.orderStatus
        if snapshot.channelStatus == "paid", !["paid", "refunded"].contains(status) {
            status = "paid"
        } else if snapshot.channelStatus == "failed", status == "processing" {
            status = "failed"
        }
        return .finished(
            outcome: Self.outcome(snapshot.channelStatus),
            output: [
                "channel_status": .string(snapshot.channelStatus), "corrected": .bool(status != snapshot.orderStatus), "order_status": .string(status),
            ])
    }

    /// The outcome for what the channel says.
    static func outcome(_ channelStatus: String) -> String {
        switch channelStatus {
        case "paid": return "paid"
        case "failed": return "not_paid"
        case "pending": return "pending"
        default: return "unknown"
        }
    }

    func run(_ context: StepContext) async throws -> StepResult {
        do {
            let result = try await gateway.reconcile(order: context.string("order_id"), key: context.idempotencyKey)
            return .finished(
                outcome: Self.outcome(result.channelStatus),
                output: ["channel_status": .string(result.channelStatus), "corrected": .bool(result.corrected), "order_status": .string(result.orderStatus)])
        } catch let error as WalletError {
            throw error.stepError
        }
    }
}

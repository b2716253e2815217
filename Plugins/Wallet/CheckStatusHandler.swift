import RedressPlaybook
import RedressPluginAPI

/// `wallet.check_status`: looks the order up and classifies it.
struct CheckStatusHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.checkStatus }

    func dryRun(_ context: StepContext) -> StepResult {
        .finished(
            outcome: "found",
            output: Self.output(
                OrderSnapshot(
                    orderID: context.string("order_id"), userID: "dry-run-user", orderStatus: "failed", paymentStatus: "failed",
                    amountMinor: 10_000, currency: "CNY", ageSeconds: 600, userNotified: false, accountFrozen: false, freezeReason: "",
                    balanceMinor: 0, channel: "sandbox", channelHealthy: true, classification: "transaction_failed", cause: "network")))
    }

    func run(_ context: StepContext) async throws -> StepResult {
        do {
            guard let snapshot = try await gateway.snapshot(order: context.string("order_id")) else { return .outcome("not_found") }
            return .finished(outcome: "found", output: Self.output(snapshot))
        } catch let error as WalletError {
            throw error.stepError
        }
    }

    static func output(_ snapshot: OrderSnapshot) -> [String: Value] {
        [
            "order_status": .string(snapshot.orderStatus), "payment_status": .string(snapshot.paymentStatus),
            "amount": Money.decimal(snapshot.amountMinor), "currency": .string(snapshot.currency), "user_id": .string(snapshot.userID),
            "age": .duration(.seconds(snapshot.ageSeconds)), "user_notified": .bool(snapshot.userNotified),
            "account": .object([
                "frozen": .bool(snapshot.accountFrozen), "freeze_reason": .string(snapshot.freezeReason),
                "balance": Money.decimal(snapshot.balanceMinor),
            ]),
            "channel": .object(["name": .string(snapshot.channel), "healthy": .bool(snapshot.channelHealthy)]),
            "classification": .string(snapshot.classification), "cause": .string(snapshot.cause),
        ]
    }
}

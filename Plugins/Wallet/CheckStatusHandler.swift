import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.check_status`: looks the order up and classifies it with the triage rules.
struct CheckStatusHandler: StepHandler {
    let gateway: any WalletGateway
    let triage: TriageEvaluator
    var descriptor: HandlerDescriptor { WalletPlugin.checkStatus(triage.rules) }

    func dryRun(_ context: StepContext) -> StepResult {
        let snapshot = OrderSnapshot(
            orderID: context.string("order_id"), userID: "dry-run-user", orderStatus: "failed", paymentStatus: "failed", amountMinor: 10_000,
            currency: "CNY", ageSeconds: 600, userNotified: false, accountFrozen: false, freezeReason: "", balanceMinor: 0, channel: "sandbox",
            channelHealthy: true, channelStatus: "failed", failureCause: "network")
        return .finished(outcome: "found", output: output(snapshot))
    }

    func run(_ context: StepContext) async throws -> StepResult {
        do {
            guard let snapshot = try await gateway.snapshot(order: context.string("order_id")) else { return .outcome("not_found") }
            return .finished(outcome: "found", output: output(snapshot))
        } catch let error as WalletError {
            throw error.stepError
        }
    }

    func output(_ snapshot: OrderSnapshot) -> [String: Value] {
        let decision = triage.decide(WalletFacts.facts(snapshot))
        let latest = snapshot.charges.last { $0.isCaptured }
        return [
            "order_status": .string(snapshot.orderStatus), "payment_status": .string(snapshot.paymentStatus),
            "amount": Money.decimal(snapshot.amountMinor), "currency": .string(snapshot.currency), "user_id": .string(snapshot.userID),
            "age": .duration(.seconds(snapshot.ageSeconds)), "user_notified": .bool(snapshot.userNotified),
            "account": .object([
                "frozen": .bool(snapshot.accountFrozen), "freeze_reason": .string(snapshot.freezeReason),
                "balance": Money.decimal(snapshot.balanceMinor), "verification_locked": .bool(snapshot.verificationLocked),
            ]),
            "channel": .object([
                "name": .string(snapshot.channel), "healthy": .bool(snapshot.channelHealthy), "status": .string(snapshot.channelStatus),
            ]),
            "classification": .string(decision.anomaly), "cause": .string(decision.cause), "triage_rule": .string(decision.rule ?? ""),
            "charges": .list(snapshot.charges.map(WalletFacts.charge)),
            "overcharged": Money.decimal(max(0, snapshot.chargedMinor - snapshot.amountMinor)),
            "latest_charge": latest.map(WalletFacts.charge)
                ?? .object(["id": .string(""), "amount": .decimal(0), "refunded": .decimal(0), "status": .string("none"), "channel": .string("")]),
            "refundable": Money.decimal(latest.map { $0.amountMinor - $0.refundedMinor } ?? 0),
            "refund_requested": .bool(snapshot.refundRequested),
        ]
    }
}

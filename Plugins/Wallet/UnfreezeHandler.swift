import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.unfreeze`: releases held funds after an approved review, once per idempotency key.
struct UnfreezeHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.unfreeze }

    func dryRun(_ context: StepContext) -> StepResult { .finished(outcome: "unfrozen", output: ["released_amount": .decimal(0)]) }

    func run(_ context: StepContext) async throws -> StepResult {
        do {
            let released = try await gateway.unfreeze(
                user: context.string("user_id"), order: context.string("order_id"), reviewID: context.string("review_id"),
                reason: context.string("reason"), proof: context.string("proof"), key: context.idempotencyKey)
            return .finished(outcome: "unfrozen", output: ["released_amount": Money.decimal(released)])
        } catch WalletError.refused {
            return .finished(outcome: "rejected", output: ["released_amount": .decimal(0)])
        } catch let error as WalletError {
            throw error.stepError
        }
    }
}

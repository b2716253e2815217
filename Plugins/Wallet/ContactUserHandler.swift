import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.contact_user`: sends the user one of the playbook's message templates, rendered in
/// their language (every locale is kept with the message), through the outbox.
struct ContactUserHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.contactUser }

    /// Renders the message in every language (the user's time zone is not asked for: Shanghai's
    /// is used), so a dry run shows what the user would read; nothing is sent.
    func dryRun(_ context: StepContext) -> StepResult {
        .finished(
            outcome: "sent",
            output: ["message_id": .string("dry-run"), "channel": context["channel"], "locale": .string(""), "preview": .string(UserMessage.preview(context))])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        do {
            let message = try await UserMessage.compose(context, gateway: gateway, channel: context.string("channel"))
            let id = try await gateway.send(message, key: context.idempotencyKey)
            return .finished(outcome: "sent", output: ["message_id": .string(id), "channel": .string(message.channel), "locale": .string(message.locale)])
        } catch WalletError.refused {
            return .outcome("undeliverable")
        } catch let error as WalletError {
            throw error.stepError
        }
    }
}

import RedressPlaybook
import RedressPluginAPI

/// `wallet.contact_user`: tells the user the cause and the resolution, in Chinese and English.
struct ContactUserHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.contactUser }

    func dryRun(_ context: StepContext) -> StepResult {
        .finished(outcome: "sent", output: ["message_id": .string("dry-run"), "channel": context["channel"]])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        let message = OutboundMessage(
            userID: context.string("user_id"), orderID: context.string("order_id"), channel: context.string("channel"),
            text: Self.text(order: context.string("order_id"), cause: context.string("cause"), resolution: context.string("resolution"), language: context.string("language")))
        do {
            let id = try await gateway.send(message, key: context.idempotencyKey)
            return .finished(outcome: "sent", output: ["message_id": .string(id), "channel": .string(message.channel)])
        } catch WalletError.refused {
            return .outcome("undeliverable")
        } catch let error as WalletError {
            throw error.stepError
        }
    }

    /// Every message states the cause and the resolution (the seed's transparency principle).
    static func text(order: String, cause: String, resolution: String, language: String) -> String {
        let chinese = "【订单 \(order)】原因：\(cause)。处理：\(resolution)。"
        let english = "[Order \(order)] What happened: \(cause). What happens now: \(resolution)."
        switch language {
        case "zh": return chinese
        case "en": return english
        default: return chinese + "\n" + english
        }
    }
}

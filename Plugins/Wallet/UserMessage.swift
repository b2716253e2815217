import Foundation
import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// Renders a step's message template for its user: every locale the template has, with the
/// user's time zone, and picks the user's language (the fallback locale when the wallet knows
/// none, or the template lacks it).
enum UserMessage {
    /// The message `context` asks for, addressed to `user` about `order` through `channel`.
    static func compose(_ context: StepContext, gateway: any WalletGateway, channel: String) async throws -> OutboundMessage {
        let user = context.string("user_id")
        let order = context.string("order_id")
        guard let template = MessageWords.read(context["message"]) else {
            throw StepError(.fatal, "the message parameter is not a template (the engine passes the playbook's template)")
        }
        let profile = try await gateway.profile(user: user)
        let timeZone = profile.flatMap { TimeZone(identifier: $0.timeZone) } ?? TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        var values: [String: Value] = ["order": .string(order)]
        if case .object(let given) = context["values"] { values.merge(given) { _, given in given } }
        let texts: [String: String]
        do {
            texts = try MessageWords.renderAll(template, values: values, timeZone: timeZone)
        } catch {
            throw StepError(.fatal, "message '\(template.name)': \(error)")
        }
        let wanted = profile?.locale ?? MessageCatalog.fallbackLocale
        let locale = texts[wanted] != nil ? wanted : MessageCatalog.fallbackLocale
        return OutboundMessage(userID: user, orderID: order, channel: channel, template: template.name, locale: locale, texts: texts)
    }

    /// The message in every language, `en: … | zh-CN: …`, for dry runs (no wallet is asked).
    static func preview(_ context: StepContext) -> String {
        guard let template = MessageWords.read(context["message"]) else { return "" }
        var values: [String: Value] = ["order": .string(context.string("order_id"))]
        if case .object(let given) = context["values"] { values.merge(given) { _, given in given } }
        guard let texts = try? MessageWords.renderAll(template, values: values, timeZone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt) else {
            return "(message '\(template.name)' cannot be rendered)"
        }
        return texts.keys.sorted { $0 == "en" || ($1 != "en" && $0 < $1) }.compactMap { locale in texts[locale].map { "\(locale): \($0)" } }
            .joined(separator: " | ")
    }
}

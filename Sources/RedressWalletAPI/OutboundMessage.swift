import Foundation

/// A message to the user.
public struct OutboundMessage: Sendable, Hashable, Codable {
    /// To whom.
    public var userID: String
    /// About which order.
    public var orderID: String
    /// `sms`, `email`, `push` or `in_app`.
    public var channel: String
    /// The playbook's template it was rendered from.
    public var template: String
    /// The locale the user reads it in.
    public var locale: String
    /// What it says, in `locale`.
    public var text: String
    /// The same message in every locale the template has (for the record, and for a user who
    /// switches language).
    public var texts: [String: String]

    /// Creates a message.
    public init(userID: String, orderID: String, channel: String, template: String, locale: String, texts: [String: String]) {
        self.userID = userID
        self.orderID = orderID
        self.channel = channel
        self.template = template
        self.locale = locale
        self.texts = texts
        self.text = texts[locale] ?? texts.sorted { $0.key < $1.key }.first?.value ?? ""
    }

    /// The wire names (snake_case, as in openapi/wallet-gateway.yaml).
    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case orderID = "order_id"
        case channel
        case template
        case locale
        case text
        case texts
    }
}

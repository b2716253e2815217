import Foundation

/// What the wallet knows of how a user reads.
public struct UserProfile: Sendable, Hashable, Codable {
    /// `zh-CN`, `en`, ...
    public var locale: String
    /// An IANA time zone (`Asia/Shanghai`).
    public var timeZone: String

    /// Creates a profile.
    public init(locale: String, timeZone: String) {
        self.locale = locale
        self.timeZone = timeZone
    }

    /// The wire names (snake_case, as in openapi/wallet-gateway.yaml).
    enum CodingKeys: String, CodingKey {
        case locale
        case timeZone = "time_zone"
    }
}

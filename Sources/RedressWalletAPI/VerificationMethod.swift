import Foundation

/// How a user proves who they are.
public enum VerificationMethod: String, Sendable, Hashable, Codable {
    /// An authenticator app's time-based code.
    case totp
    /// A random code sent by SMS.
    case smsOTP = "sms_otp"
}

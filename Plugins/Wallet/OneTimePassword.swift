import Crypto
import Foundation
import RedressWalletAPI

/// HOTP (RFC 4226) and TOTP (RFC 6238) codes, and the checks a verifier needs.
///
/// Contract: codes are ASCII digits of the exact length; anything else (spaces, full-width or
/// Arabic-Indic digits, a sign) never matches. Comparison takes the same time whatever the
/// input, so response times do not leak how many digits were right.
public enum OneTimePassword {
    /// The HMAC hash.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        /// HMAC-SHA-1 (the authenticator-app default).
        case sha1
        /// HMAC-SHA-256.
        case sha256
        /// HMAC-SHA-512.
        case sha512
    }

    /// The HOTP code for `counter` (RFC 4226 section 5.3, dynamic truncation).
    public static func hotp(secret: [UInt8], counter: UInt64, digits: Int = 6, algorithm: Algorithm = .sha1) -> String {
        var bigEndian = counter.bigEndian
        let message = withUnsafeBytes(of: &bigEndian) { Data($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8]
        switch algorithm {
        case .sha1: mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: mac = Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<min(max(digits, 1), 9) { modulus *= 10 }
        let code = String(binary % modulus)
        return String(repeating: "0", count: max(0, digits - code.count)) + code
    }

    /// The TOTP time step containing `date` (30-second steps from the Unix epoch).
    public static func timeStep(_ date: Date, period: TimeInterval = 30) -> UInt64 {
        UInt64(max(0, date.timeIntervalSince1970) / period)
    }

    /// The TOTP code at `date` (RFC 6238).
    public static func totp(secret: [UInt8], at date: Date, digits: Int = 6, algorithm: Algorithm = .sha1, period: TimeInterval = 30) -> String {
        hotp(secret: secret, counter: timeStep(date, period: period), digits: digits, algorithm: algorithm)
    }

    /// The time step whose code `candidate` is, within one step of drift either way, or `nil`.
    ///
    /// Every step in the window is compared (no early exit), in constant time, after checking
    /// that `candidate` is exactly `digits` ASCII digits.
    public static func matchingStep(
        _ candidate: String, secret: [UInt8], at date: Date, digits: Int = 6, algorithm: Algorithm = .sha1, period: TimeInterval = 30
    ) -> UInt64? {
        guard isWellFormed(candidate, digits: digits) else { return nil }
        let now = timeStep(date, period: period)
        var found: UInt64?
        for step in [now &- 1, now, now &+ 1] where step <= now + 1 {
            let expected = hotp(secret: secret, counter: step, digits: digits, algorithm: algorithm)
            if constantTimeEqual(expected, candidate), found == nil { found = step }
        }
        return found
    }

    /// Whether `code` is exactly `digits` ASCII digits.
    public static func isWellFormed(_ code: String, digits: Int) -> Bool {
        let bytes = Array(code.utf8)
        return bytes.count == digits && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Compares two strings in time that depends only on their lengths.
    public static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}

import Foundation
import RedressWalletAPI

/// What a request to the served sandbox must carry (the same schemes the HTTP gateway sends).
package enum ServerAuthentication: Sendable {
    /// Nothing (the loopback demo).
    case none
    /// `Authorization: Bearer TOKEN`.
    case bearer(token: String)
    /// An HMAC signature (`RequestSignature`) under the shared secret.
    case hmac(secret: String)

    /// Whether a request with these headers and body may proceed.
    func admits(authorization: String?, timestamp: String?, signature: String?, method: String, target: String, body: Data, now: Date) -> Bool {
        switch self {
        case .none:
            return true
        case .bearer(let token):
            guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
            return ConstantTime.equal(Array(authorization.dropFirst(7).utf8), Array(token.utf8))
        case .hmac(let secret):
            guard let timestamp, let signature else { return false }
            return RequestSignature(secret: secret).verify(signature: signature, timestamp: timestamp, method: method, target: target, body: body, now: now)
        }
    }
}

/// Comparison whose time does not depend on where two secrets differ.
enum ConstantTime {
    /// Whether `a` and `b` are the same bytes.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

import Crypto
import Foundation

/// HMAC request signing of the wallet contract: the client sends `X-Redress-Timestamp: UNIX`
/// and `X-Redress-Signature: v1=HEX`, HEX being HMAC-SHA256 under the shared secret of
/// `"TIMESTAMP\nMETHOD\nPATH?QUERY\n" + body`. The server recomputes it, compares in constant
/// time and refuses a timestamp more than `tolerance` away from its clock (a replayed request
/// is also caught by its idempotency key). The secret never travels.
package struct RequestSignature: Sendable {
    /// The shared secret's bytes (a `SymmetricKey` is made per use: it is not `Sendable`).
    let secret: Data
    /// How far a timestamp may be from the server's clock.
    package static let tolerance: TimeInterval = 300

    /// A signer for `secret` (its bytes as configured).
    package init(secret: String) { self.secret = Data(secret.utf8) }

    /// The `v1=HEX` signature of a request.
    package func sign(timestamp: Int64, method: String, target: String, body: Data) -> String {
        var message = Data("\(timestamp)\n\(method)\n\(target)\n".utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return "v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` is this secret's signature of the request, at a timestamp near `now`.
    package func verify(signature: String, timestamp: String, method: String, target: String, body: Data, now: Date) -> Bool {
        guard let seconds = Int64(timestamp), abs(now.timeIntervalSince1970 - TimeInterval(seconds)) <= Self.tolerance,
            signature.hasPrefix("v1="), let given = Data(hex: String(signature.dropFirst(3)))
        else { return false }
        var message = Data("\(seconds)\n\(method)\n\(target)\n".utf8)
        message.append(body)
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: message, using: SymmetricKey(data: secret))
    }
}

extension Data {
    /// Bytes from lowercase or uppercase hex; `nil` if `hex` is not an even run of hex digits.
    fileprivate init?(hex: String) {
        guard hex.utf8.count % 2 == 0, hex.utf8.count <= 128 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}

import Crypto
import Foundation

/// Seals credentials (identity proofs) a handler returns so the stored run never holds them in
/// clear: ChaCha20-Poly1305 under the engine's sealing key, with a random nonce per value.
///
/// A sealed value is `sealed:v1:` and the base64 of nonce, ciphertext and tag. It opens only with
/// the same key, and only into a secret parameter of a later step; a tampered value does not open.
package struct Sealer: Sendable {
    // Kept as bytes: swift-crypto's `SymmetricKey` is not `Sendable`.
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }
    private static let prefix = "sealed:v1:"

    /// A sealer with a 32-byte key.
    package init(keyBytes: [UInt8]) {
        self.keyBytes = keyBytes
    }

    /// Whether `text` is a sealed value.
    package static func isSealed(_ text: String) -> Bool { text.hasPrefix(prefix) }

    /// `text` sealed; a value that cannot be sealed (never, for a valid key) becomes the redaction
    /// mask, so a clear credential is never what is kept.
    package func seal(_ text: String) -> String {
        guard let box = try? ChaChaPoly.seal(Data(text.utf8), using: key) else { return Redaction.mask }
        return Self.prefix + box.combined.base64EncodedString()
    }

    /// The clear text of a sealed value, or `nil` if it is not one this key sealed.
    package func open(_ sealed: String) -> String? {
        guard Self.isSealed(sealed), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))),
            let box = try? ChaChaPoly.SealedBox(combined: data), let clear = try? ChaChaPoly.open(box, using: key)
        else { return nil }
        return String(decoding: clear, as: UTF8.self)
    }
}

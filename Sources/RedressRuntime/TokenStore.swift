import Foundation
import Synchronization

/// The tokens `redress token create` issued, in `tokens.json` in the state directory (mode 0600,
/// digests only: a token is shown once, when it is made). The server reads the file again when it
/// changes, so a revoked or expired token stops working at once, without a restart.
///
/// Writes replace the file atomically (a temporary file renamed over it); two `redress token`
/// commands racing may lose one's change, which the command that lost can simply repeat.
package final class TokenStore: Sendable {
    /// The file's name in the state directory.
    package static let fileName = "tokens.json"

    /// The file.
    package let path: String
    private let cache = Mutex<(modified: Date?, tokens: [IssuedToken])>((nil, []))

    /// The store in `directory` (the file need not exist yet).
    package init(directory: String) {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
    }

    /// Why the file could not be used.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Every issued token, as the file holds them now.
    package func all() throws -> [IssuedToken] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let modified = attributes?[.modificationDate] as? Date
        if let cached = cache.withLock({ $0.modified != nil && $0.modified == modified ? $0.tokens : nil }) { return cached }
        guard attributes != nil else { return [] }
        let tokens: [IssuedToken]
        do {
            tokens = try Self.decoder.decode([IssuedToken].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Failure(description: "\(path) is not a token list redress wrote (\(error.localizedDescription))")
        }
        cache.withLock { $0 = (modified, tokens) }
        return tokens
    }

    /// The live token whose SHA-256 is `digest`, compared with every token's without an early exit.
    package func live(digest: String, at now: Date = Date()) -> IssuedToken? {
        var found: IssuedToken?
        for token in (try? all()) ?? [] where ActorDirectory.equalDigests(token.sha256, digest) && token.isLive(at: now) {
            if found == nil { found = token }
        }
        return found
    }

    /// Issues a token for `actor`; the token (shown once) and its record.
    package func issue(actor: String, expiresAt: Date?, note: String?, now: Date = Date()) throws -> (token: String, record: IssuedToken) {
        let (token, digest) = ActorDirectory.newToken()
        let record = IssuedToken(
            id: "tok_" + String(digest.prefix(12)), actor: actor, sha256: digest, createdAt: now, expiresAt: expiresAt, revokedAt: nil, note: note)
        try save(try all() + [record])
        return (token, record)
    }

    /// Revokes the token `id`; false when there is none by that id (or it was revoked already).
    package func revoke(_ id: String, now: Date = Date()) throws -> Bool {
        var tokens = try all()
        guard let index = tokens.firstIndex(where: { $0.id == id && $0.revokedAt == nil }) else { return false }
        tokens[index].revokedAt = now
        try save(tokens)
        return true
    }

    private func save(_ tokens: [IssuedToken]) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).tmp"
        let data = try Self.encoder.encode(tokens)
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(description: "cannot replace \(path) (errno \(errno))")
        }
        cache.withLock { $0 = (nil, []) }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

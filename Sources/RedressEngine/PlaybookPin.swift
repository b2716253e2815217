import Crypto
import Foundation
import RedressDiagnostics
import RedressPlaybook
import Synchronization

/// Turns the playbook text a run carries back into a `Playbook`, validated, cached by content
/// hash: a run always executes the exact text it started with.
final class PlaybookPin: Sendable {
    private let validator: PlaybookValidator
    private let cache = Mutex([String: Playbook]())

    init(validator: PlaybookValidator) {
        self.validator = validator
    }

    /// The SHA-256 of `text`, hex.
    static func hash(_ text: String) -> String {
        AuditChain.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// Validates `text`; the playbook, or every diagnostic when it has an error. With
    /// `pinnedTo`, a playbook already validated under that hash is returned without hashing the
    /// text again, and a text whose hash differs (the stored copy was changed) is refused.
    func load(text: String, path: String, pinnedTo pin: String? = nil) -> Result<Playbook, EngineError> {
        if let pin, let cached = cache.withLock({ $0[pin] }) { return .success(cached) }
        let hash = Self.hash(text)
        if let pin, pin != hash { return .failure(.pinMismatch(path: path, expected: pin, found: hash)) }
        if let cached = cache.withLock({ $0[hash] }) { return .success(cached) }
        let report = validator.validate(SourceFile(path: path, text: text))
        guard report.isRunnable, let playbook = report.playbook else {
            return .failure(.invalidPlaybook(report.diagnostics.filter { $0.severity == .error }))
        }
        cache.withLock { $0[hash] = playbook }
        return .success(playbook)
    }
}

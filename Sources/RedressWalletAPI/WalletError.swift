import Foundation

/// A wallet failure, classified like step errors.
public enum WalletError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The same idempotency key was used with different parameters.
    case keyReuse(String)
    /// Nothing known by that id.
    case notFound(String)
    /// The back office is unreachable or slow; worth another attempt.
    case unavailable(String)
    /// The result is unknown (the request may have been applied).
    case ambiguous(String)
    /// The operation is refused as asked.
    case refused(String)
    /// The back office refused the request itself (an HTTP 4xx other than a key reuse): the
    /// server's message says why; trying again cannot help.
    case badRequest(String)
    /// The back office's answer could not be read (malformed, oversize, or not the contract's
    /// shape). Only for calls that change nothing: an effectful call whose answer is unreadable
    /// may have been applied and is reported `ambiguous`.
    case invalidResponse(String)

    /// A sentence for the journal.
    public var description: String {
        switch self {
        case .keyReuse(let key): return "idempotency key \(key) was already used with other parameters"
        case .notFound(let what): return "not found: \(what)"
        case .unavailable(let what): return "unavailable: \(what)"
        case .ambiguous(let what): return "uncertain result: \(what)"
        case .refused(let what): return "refused: \(what)"
        case .badRequest(let what): return "request refused by the wallet: \(what)"
        case .invalidResponse(let what): return "invalid output from the wallet: \(what)"
        }
    }
}

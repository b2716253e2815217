import Foundation

/// Faults `redress sandbox serve` injects so the HTTP gateway's error classification can be
/// tested against a real server on real sockets. A path pattern matches when the request path
/// contains it (`refunds`, `/v1/orders/ORD-6002/payments`).
package struct SandboxFaults: Sendable, Hashable {
    /// Added before every answer.
    package var latency: Duration = .zero
    /// The share of effectful requests (0...1) answered 503 before anything is applied.
    package var errorRate: Double = 0
    /// The first N effectful requests are answered 503 before anything is applied.
    package var failFirst = 0
    /// Requests whose path matches are applied, then the connection is dropped before the answer.
    package var dropAfterApply: String?
    /// How many matching requests are dropped (then they are answered normally).
    package var dropCount = 1
    /// Requests whose path matches are answered 200 with a body that is not JSON.
    package var garbage: String?
    /// Requests whose path matches are answered 200 with a 10 MB body.
    package var oversize: String?
    /// Every answer's body is spread over this long (a slow network or server).
    package var slowBody: Duration = .zero

    /// No faults.
    package init() {}

    /// Whether any fault is on.
    package var isEmpty: Bool { self == SandboxFaults() }
}

import Foundation
import Synchronization

/// A token bucket per actor: each may make `perSecond` requests a second on average, in bursts of
/// up to `burst`; beyond that a request is refused (429) with the seconds to wait.
///
/// One bucket per configured actor name, so the map stays as small as the configuration; the
/// lock is held for a few arithmetic operations per request.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var refilledAt: ContinuousClock.Instant
    }

    let perSecond: Double
    let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    /// A limiter allowing `perSecond` requests a second per actor, in bursts of `burst`.
    init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = max(1, burst)
    }

    /// `nil` when `actor` may go ahead (a request is counted), else the seconds until it may.
    func admit(_ actor: String, at now: ContinuousClock.Instant = .now) -> Double? {
        buckets.withLock { buckets in
            var bucket = buckets[actor] ?? Bucket(tokens: burst, refilledAt: now)
            let elapsed = now - bucket.refilledAt
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
            bucket.refilledAt = now
            defer { buckets[actor] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / perSecond }
            bucket.tokens -= 1
            return nil
        }
    }
}

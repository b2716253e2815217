/// How a step's handler is tried again after an error: exponential or fixed backoff with full
/// jitter, a cap on each delay, a cap on attempts and on total time, and only for the error
/// classes named.
package struct RetryPolicy: Sendable, Hashable {
    /// How the delay grows.
    package enum Backoff: String, Sendable, Hashable, CaseIterable {
        /// The same delay each time.
        case fixed
        /// Doubling delays.
        case exponential
    }

    /// The error classes a handler reports; only those listed in `on` are retried.
    package static let errorClasses = ["retryable", "timeout"]

    /// Attempts in all, including the first (1 means no retry).
    package var attempts: Int
    /// How the delay grows.
    package var backoff: Backoff
    /// The first delay.
    package var initial: PlaybookDuration
    /// The longest single delay.
    package var maxDelay: PlaybookDuration
    /// Whether delays are drawn at random between zero and the computed delay (full jitter).
    package var jitter: Bool
    /// The error classes that are retried.
    package var on: [String]
    /// The total time after which no new attempt starts, if set.
    package var maxElapsed: PlaybookDuration?

    /// Creates a policy.
    package init(
        attempts: Int = 1, backoff: Backoff = .exponential, initial: PlaybookDuration = .seconds(1),
        maxDelay: PlaybookDuration = .seconds(60), jitter: Bool = true, on: [String] = ["retryable"], maxElapsed: PlaybookDuration? = nil
    ) {
        self.attempts = attempts
        self.backoff = backoff
        self.initial = initial
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.on = on
        self.maxElapsed = maxElapsed
    }

    /// The longest delay before attempt `attempt` (2 is the first retry), before jitter.
    package func delayCeiling(beforeAttempt attempt: Int) -> PlaybookDuration {
        guard attempt > 1 else { return PlaybookDuration(milliseconds: 0) }
        switch backoff {
        case .fixed:
            return min(initial, maxDelay)
        case .exponential:
            let doublings = min(attempt - 2, 40)
            let (scaled, overflow) = initial.milliseconds.multipliedReportingOverflow(by: Int64(1) << Int64(doublings))
            return overflow ? maxDelay : min(PlaybookDuration(milliseconds: scaled), maxDelay)
        }
    }
}

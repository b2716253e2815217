import Foundation

/// The engine's and handlers' only source of time, so tests can run a day of waits in an
/// instant with a virtual clock.
public protocol RunClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Suspends until `date` (or returns at once if it has passed); throws on cancellation.
    func sleep(until date: Date) async throws
}

/// Wall-clock time.
public struct SystemRunClock: RunClock {
    /// Creates the system clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }

    /// `Task.sleep` until `date`.
    public func sleep(until date: Date) async throws {
        let seconds = date.timeIntervalSinceNow
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}

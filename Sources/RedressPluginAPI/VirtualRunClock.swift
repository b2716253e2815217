import Foundation
import Synchronization

/// A clock that only moves when told to: sleeping until a time jumps there at once. For
/// playbook tests and simulations, where a day of waiting takes no time.
///
/// Contract: time never goes backwards; `sleep(until:)` returns immediately after moving the
/// clock to `date` (if it is later).
public final class VirtualRunClock: RunClock {
    private let time: Mutex<Date>

    /// A clock reading `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        time = Mutex(start)
    }

    /// The current virtual time.
    public func now() -> Date { time.withLock { $0 } }

    /// Moves the clock to `date` (never backwards).
    public func sleep(until date: Date) async throws {
        advance(to: date)
    }

    /// Moves the clock to `date` (never backwards).
    public func advance(to date: Date) {
        time.withLock { $0 = max($0, date) }
    }
}

/// A store that can tell an idle worker that runs may have become due: a new run was stored, or
/// a run parked with a timer. Only a hint, to wake sooner than the next poll: a hint may be
/// lost (a dropped connection) or arrive when nothing is due, so workers keep polling, and a
/// store without hints (SQLite) is just as correct.
public protocol DueRunHints: Sendable {
    /// Yields after another process stored or parked a run; reconnects after a dropped
    /// connection; ends when the consuming task is cancelled.
    func dueRunHints() -> AsyncStream<Void>
}

import Synchronization

/// Asks a process's drives to stop at their next safe point (the CLI sets it on SIGINT/SIGTERM).
///
/// Contract: once `request()` is called, `Engine.sweep` claims no more runs, and each drive in
/// progress finishes the step it is in (a handler call is never abandoned half-way), then
/// commits the run and gives its lease up, so any process can continue it at once. A run stopped
/// this way is `running` with no owner: due immediately for `tick`, a worker or a rerun of `scan`.
/// A drive delivering a signal delivers it first. Safe to call from any thread, any number of times.
public final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)

    /// A request not yet made.
    public init() {}

    /// Asks every drive using this request to stop at its next safe point.
    public func request() { requested.store(true, ordering: .relaxed) }

    /// Whether a stop was asked for.
    public var isRequested: Bool { requested.load(ordering: .relaxed) }
}

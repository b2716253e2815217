/// Whether handlers do their work or only say what they would do.
public enum RunMode: Sendable, Hashable {
    /// Handlers run for real.
    case live
    /// Every handler's `dryRun`: no side effects, no waits.
    case dryRun
}

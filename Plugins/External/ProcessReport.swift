/// How a process ended and what it wrote.
struct ProcessReport: Sendable {
    /// How the process itself ended.
    enum Termination: Sendable, Hashable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it.
        case signalled(Int32)
    }

    /// How it ended.
    var termination: Termination
    /// Its stdout, at most the launch's `outputLimit` bytes.
    var output: [UInt8] = []
    /// Whether it wrote more than `outputLimit` to stdout (it was then killed).
    var outputExceededLimit = false
    /// Its stderr, at most `errorLimit` bytes.
    var errorOutput: [UInt8] = []
    /// Whether stderr had more than `errorLimit` bytes.
    var errorOutputTruncated = false
    /// Whether the runner stopped it because its step was cancelled.
    var wasCancelled = false
    /// Whether it had to be killed after ignoring SIGTERM.
    var neededKill = false
    /// Whether processes it started still held its output after it exited (they were killed).
    var strayProcessesKilled = false
}

/// Why a process could not be run at all.
enum ProcessRunnerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Spawning failed (no such program, no permission, out of descriptors).
    case cannotStart(String)

    var description: String {
        switch self {
        case .cannotStart(let reason): return reason
        }
    }
}

/// What a process runner starts, and the bounds it holds the process to.
struct ProcessLaunch: Sendable {
    /// The program's absolute path.
    var executable: String
    /// `argv`, program name first.
    var arguments: [String]
    /// The whole environment the process sees.
    var environment: [String: String]
    /// The folder it starts in.
    var workingDirectory: String
    /// What is written to its stdin (then stdin is closed).
    var input: [UInt8]
    /// Most stdout bytes kept; more kills the process.
    var outputLimit = 1 << 20
    /// Most stderr bytes kept; the rest is read and dropped so the process never blocks on it.
    var errorLimit = 64 << 10
    /// How long a process has between SIGTERM and SIGKILL once its step is cancelled.
    var terminationGrace: Duration = .seconds(2)
    /// How long output may stay open after the process exited (a process it started still
    /// holding stdout) before that process group is killed.
    var strayOutputGrace: Duration = .milliseconds(200)
}

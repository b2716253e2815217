#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CProcessSpawn
import Foundation

/// Runs one process to completion on the calling thread: writes its input, reads stdout and
/// stderr while it runs (so a chatty process never deadlocks on a full pipe), and never leaves
/// a process behind.
///
/// Contract:
/// - The process leads a new process group; every signal goes to the whole group, and the group
///   is killed before the process is reaped (while its id cannot be reused), so nothing it
///   started outlives it.
/// - Cancellation sends SIGTERM, then SIGKILL after `terminationGrace`.
/// - Stdout beyond `outputLimit` kills the group at once; stderr beyond `errorLimit` is dropped.
/// - Output still open `strayOutputGrace` after the process exited (a grandchild holding the
///   pipe) kills the group; output still open after that (a process that left the group) is
///   abandoned. So `run` returns within bounded time of the process exiting or being cancelled.
enum ProcessRunner {
    /// Writing a request to a process that exits without reading it must be an error (EPIPE),
    /// not a signal that kills Redress.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    static func run(_ launch: ProcessLaunch, cancellation: CancellationSignal) throws(ProcessRunnerError) -> ProcessReport {
        _ = ignoreBrokenPipes
        let input = try Pipe()
        let output = try Pipe()
        let errors = try Pipe()
        let pid: pid_t
        do {
            pid = try spawn(launch, stdin: input.readEnd, stdout: output.writeEnd, stderr: errors.writeEnd)
        } catch {
            input.closeBoth()
            output.closeBoth()
            errors.closeBoth()
            throw error
        }
        input.closeReadEnd()
        output.closeWriteEnd()
        errors.closeWriteEnd()
        PluginProcesses.started(pid)
        defer { PluginProcesses.ended(pid) }
        var session = Session(pid: pid, launch: launch, stdin: input.writeEnd, stdout: output.readEnd, stderr: errors.readEnd, wake: cancellation.readEnd)
        return session.run()
    }

    private static func spawn(_ launch: ProcessLaunch, stdin: Int32, stdout: Int32, stderr: Int32) throws(ProcessRunnerError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        redress_spawn_addchdir(&actions, launch.workingDirectory)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own (so signals reach what it starts), an empty signal mask and every
        // signal at its default (Redress ignores SIGPIPE; the child must not inherit that).
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        let argv = launch.arguments.map { strdup($0) } + [nil]
        let envp = launch.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, launch.executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw .cannotStart("cannot start \(launch.executable): \(String(cString: strerror(status)))") }
        return pid
    }
}

/// One pipe's two ends, created close-on-exec.
private struct Pipe {
    var readEnd: Int32
    var writeEnd: Int32

    init() throws(ProcessRunnerError) {
        var fds: [Int32] = [-1, -1]
        guard redress_pipe_cloexec(&fds) == 0 else { throw .cannotStart("cannot create a pipe: \(String(cString: strerror(errno)))") }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    func closeReadEnd() { closeDescriptor(readEnd) }
    func closeWriteEnd() { closeDescriptor(writeEnd) }
    func closeBoth() {
        closeReadEnd()
        closeWriteEnd()
    }
}

/// Closes a descriptor, ignoring errors (there is nothing useful to do about them here).
func closeDescriptor(_ descriptor: Int32) {
    if descriptor >= 0 { _ = close(descriptor) }
}

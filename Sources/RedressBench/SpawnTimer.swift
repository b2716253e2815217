#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Wall time of whole processes, started with posix_spawn and reaped with waitpid.
///
/// Foundation's `Process.waitUntilExit` polls a run loop and adds tens of milliseconds, which
/// would swamp a 10 ms process; this measures what a user's shell sees.
enum SpawnTimer {
    /// Seconds `path arguments...` took, with stdout and stderr sent to /dev/null, or `nil` when
    /// it could not start or exited non-zero.
    static func time(_ path: String, _ arguments: [String]) -> Double? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let elapsed = Date().timeIntervalSince(start)
        return status == 0 ? elapsed : nil
    }
}

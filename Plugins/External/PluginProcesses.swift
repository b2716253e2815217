#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CProcessSpawn
import Foundation
import Synchronization

/// Every process Redress starts for a plugin ends before Redress does.
///
/// A plugin's call ends with its process group killed, but a one-shot command (`redress run`)
/// can exit while a cancelled call is still inside its SIGTERM grace, and a plugin that
/// double-forks and calls `setsid` leaves its group altogether. So: `becomeSubreaper()` at start
/// makes such escaped descendants this process's children instead of init's (Linux), and
/// `endAll(within:)` before exit kills every plugin group still alive and every child left, and
/// reaps them.
package enum PluginProcesses {
    /// Process groups of plugin calls in progress (their leaders' pids).
    private static let live = Mutex(Set<pid_t>())

    /// Adopts orphaned descendants from now on (a no-op where the system has no such thing).
    package static func becomeSubreaper() {
        _ = redress_become_child_subreaper()
    }

    static func started(_ group: pid_t) { live.withLock { _ = $0.insert(group) } }
    static func ended(_ group: pid_t) { live.withLock { _ = $0.remove(group) } }

    /// Kills every plugin process group still alive and every child of this process, reaps
    /// them, and returns when none is left or `seconds` have passed.
    package static func endAll(within seconds: Double = 3) {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            for group in live.withLock({ $0 }) { _ = kill(-group, SIGKILL) }
            let children = Self.children()
            for child in children {
                _ = kill(-child, SIGKILL)
                _ = kill(child, SIGKILL)
            }
            var status: Int32 = 0
            while waitpid(-1, &status, WNOHANG) > 0 {}
            if children.isEmpty, live.withLock({ $0.isEmpty }) { return }
            usleep(10_000)
        } while Date() < deadline
    }

    /// The pids whose parent is this process, from `/proc` (empty where there is none).
    private static func children() -> [pid_t] {
        let me = getpid()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [pid_t] = []
        for entry in entries {
            guard let pid = pid_t(entry), pid != me, let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "(command)": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == me { found.append(pid) }
        }
        return found
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Tells whether a lease owner (`host:pid`) is a process of this machine that no longer exists.
enum OwnerLiveness {
    static func isDeadLocalOwner(_ owner: String) -> Bool {
        guard let colon = owner.lastIndex(of: ":"), String(owner[..<colon]) == ProcessInfo.processInfo.hostName,
            let pid = Int32(owner[owner.index(after: colon)...]), pid > 0, pid != getpid()
        else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

import Foundation

/// Makes committed transactions durable by syncing the database's write-ahead log, on a thread
/// of its own, and only then resumes the writers that asked for durability.
///
/// Why this is as safe as `synchronous=FULL`: in WAL mode a commit writes all of its pages and
/// its commit frame to the `-wal` file and nothing else; `fdatasync` on that file returns once
/// everything written to it before the call is on disk. A transaction whose commit returned
/// before the sync started is therefore durable when the sync returns, which is when its caller
/// resumes. What a power cut can leave behind (frames written after the sync began) is what
/// `synchronous=NORMAL` already copes with: frames are checksummed and salted, and SQLite's
/// recovery ignores any that are incomplete. Checkpoints sync the log and the database file
/// themselves in NORMAL mode, so pages moved into the database before the sync are covered too.
///
/// Contract: `sync` returns at once; each continuation resumes with its result after one
/// `fdatasync` that started after `sync` was called, or with an error if that sync failed.
final class WALSyncer: Sendable {
    typealias Waiter = (CheckedContinuation<any Sendable, any Error>, Result<any Sendable, any Error>)

    private let waiters = Mailbox<Waiter>()
    private let descriptor: Int32

    /// Whether the log could be opened; if not, the committer syncs with `synchronous=FULL`.
    var isAvailable: Bool { descriptor >= 0 }

    init(walPath: String) {
        descriptor = open(walPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        let waiters = self.waiters
        let descriptor = self.descriptor
        let thread = Thread { Self.loop(waiters: waiters, descriptor: descriptor) }
        thread.name = "redress.sqlite.sync"
        thread.start()
    }

    /// Resumes `waiters` once the log is on disk.
    func sync(_ waiters: [Waiter]) {
        self.waiters.post(waiters)
    }

    /// Ends the thread once every waiter has been resumed; the log is closed with it.
    func stop() {
        waiters.close()
    }

    private static func loop(waiters: Mailbox<Waiter>, descriptor: Int32) {
        defer { close(descriptor) }
        while let batch = waiters.take() {
            let failure: (any Error)? =
                fdatasync(descriptor) == 0 ? nil : RunStoreSyncError(message: "syncing the write-ahead log failed: \(String(cString: strerror(errno)))")
            for (continuation, result) in batch {
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume(with: result) }
            }
        }
    }
}

/// The disk refused to sync a committed transaction: it may not survive a power cut.
struct RunStoreSyncError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

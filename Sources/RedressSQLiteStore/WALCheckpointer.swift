import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file on a connection and thread of its
/// own, so the single writer never does it.
///
/// Left to SQLite, the writer checkpoints whenever the log passes 1,000 pages, inside a commit:
/// measured, that was a third to a half of the writer's commit time, and every run's row was
/// copied once per rewrite. Checkpointing every `interval` instead copies each page once however
/// often it changed in between, and the writer goes on meanwhile (`PASSIVE` checkpoints never
/// block writers or readers). The writer keeps SQLite's own checkpoint as a backstop at
/// `backstopPages`, so the log stays bounded even if this thread falls behind.
///
/// Contract: after `noteCommit`, a checkpoint starts within `interval`; `stop` ends the thread
/// after at most one more checkpoint. A checkpoint that fails (busy, I/O) is retried at the next
/// commit: the log is then only longer, never wrong.
final class WALCheckpointer: Sendable {
    /// The writer's own automatic checkpoint, kept as a bound on the log (64 MB of 4 KB pages).
    static let backstopPages = 16_000

    private struct Contents {
        var dirty = false
        var isStopped = false
    }

    private final class Shared: Sendable {
        let contents = Mutex(Contents())
        let wakeUp = DispatchSemaphore(value: 0)
    }

    private let shared = Shared()

    /// Opens a connection of its own on `path` (already in WAL mode) and starts the thread.
    init(path: String, interval: TimeInterval = 0.05) throws {
        var configuration = Configuration()
        configuration.label = "redress.checkpoint"
        // A passive checkpoint waits for nobody; a busy database just means "later".
        configuration.busyMode = .immediateError
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let shared = self.shared
        let thread = Thread { Self.loop(connection: connection, shared: shared, interval: interval) }
        thread.name = "redress.sqlite.checkpoint"
        thread.start()
    }

    /// Tells the checkpointer the log grew.
    func noteCommit() {
        let wasClean = shared.contents.withLock { contents in
            defer { contents.dirty = true }
            return !contents.dirty
        }
        if wasClean { shared.wakeUp.signal() }
    }

    /// Ends the thread.
    func stop() {
        shared.contents.withLock { $0.isStopped = true }
        shared.wakeUp.signal()
    }

    private static func loop(connection: DatabaseQueue, shared: Shared, interval: TimeInterval) {
        while true {
            shared.wakeUp.wait()
            if shared.contents.withLock({ $0.isStopped }) { return }
            // Let commits gather: each page is copied once per window however often it changed.
            Thread.sleep(forTimeInterval: interval)
            shared.contents.withLock { $0.dirty = false }
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
    }
}

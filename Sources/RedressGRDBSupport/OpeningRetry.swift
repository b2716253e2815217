#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GRDB

/// Opening and migrating a SQLite file that other processes may be opening at the same moment.
///
/// Two `redress` processes started together on a new state directory both create its files:
/// switching a new file to WAL takes an exclusive lock that SQLite's busy timeout does not wait
/// for, and GRDB's migrator reads which migrations were applied outside the transaction each
/// one runs in, so both may try the same migration. Each migration is one transaction, so the
/// loser's fails and rolls back whole; trying again until the work is done is correct.
package enum OpeningRetry {
    /// Runs `body` until it succeeds, `isDone` says another process finished the work, or
    /// `attempts` tries (20 ms apart, 2 s in all) have failed; only busy and locked errors, or a
    /// migration that collided with another process's, are tried again (a corrupt or foreign
    /// file fails at once).
    package static func run<T>(attempts: Int = 100, isDone: () throws -> T? = { nil }, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where attempt < attempts && isTransient(error) {
                if let done = try? isDone() { return done }
                usleep(20_000)
                attempt += 1
            }
        }
    }

    private static func isTransient(_ error: DatabaseError) -> Bool {
        switch error.resultCode {
        // Another process holds the file, or created first the table, index, column or
        // migration identifier this process's migration was creating (SQLite reports those as
        // plain errors and constraint failures).
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_ERROR, .SQLITE_CONSTRAINT: return true
        default: return false
        }
    }
}

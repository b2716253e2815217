import Foundation
import GRDB

/// Tells, before anything is written, whether a file is a database this program made.
///
/// A file that is not ours (another program's SQLite database, a database a newer Redress wrote,
/// an empty file someone created) must never be changed: not a table added, not switched to WAL,
/// not a byte touched. So the file is first opened read-only and identified by SQLite's
/// `application_id` header field, which Redress sets in its first migration; a database from
/// before that field was set is recognised by its tables and migration records.
package enum DatabaseIdentity {
    /// What the file is.
    package enum Verdict: Sendable {
        /// There is no file: Redress creates it.
        case absent
        /// A database this program made.
        case ours
    }

    /// Why a file is refused; the message names the file and what was found.
    package struct Refusal: Error, Sendable, CustomStringConvertible {
        package let message: String
        package var description: String { message }
    }

    /// Identifies the file at `path` without writing to it. `applicationID` is the program's
    /// mark; `tables` are tables an older, unmarked database of ours always has; `migrator`
    /// tells a database from a newer version. Throws `Refusal` for anything else.
    package static func inspect(path: String, applicationID: Int32, tables marker: Set<String>, migrator: DatabaseMigrator, what: String) throws
        -> Verdict
    {
        guard FileManager.default.fileExists(atPath: path) else { return .absent }
        // Another Redress process may be creating this very file: for a moment it is empty, then
        // has neither the mark nor a table. Give it up to 2 s before calling the file foreign.
        var waited = 0
        while size(path) == 0, waited < 100 {
            usleep(20_000)
            waited += 1
        }
        guard size(path) > 0 else { throw Refusal(message: "\(path) is an empty file that Redress did not create; it was left as it is") }
        var facts = try read(path, migrator: migrator, what: what)
        while facts.id == 0, facts.tables.isEmpty, waited < 100 {
            usleep(20_000)
            waited += 1
            facts = try read(path, migrator: migrator, what: what)
        }
        let marked = facts.id == applicationID
        let unmarkedOurs = facts.id == 0 && marker.isSubset(of: facts.tables) && facts.tables.contains("grdb_migrations")
        guard marked || unmarkedOurs else {
            let found = facts.id != 0 ? "a database of another program (application_id \(facts.id))"
                : facts.tables.isEmpty ? "an SQLite database with no tables" : "an SQLite database with tables " + facts.tables.sorted().joined(separator: ", ")
            throw Refusal(message: "\(path) is not a \(what): it is \(found); it was left as it is")
        }
        if facts.newer { throw Refusal(message: "\(path) was written by a newer Redress; upgrade Redress to use it (it was left as it is)") }
        return .ours
    }

    private static func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }

    private static func read(_ path: String, migrator: DatabaseMigrator, what: String) throws -> (id: Int32, tables: Set<String>, newer: Bool) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            return try queue.read { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                let newer = tables.contains("grdb_migrations") ? try migrator.hasBeenSuperseded(db) : false
                return (id, tables, newer)
            }
        } catch {
            let reason = (error as? DatabaseError)?.message ?? "\(error)"
            throw Refusal(message: "\(path) is not a usable \(what) (\(reason)); it was left as it is")
        }
    }

    /// Marks a database this program opened as its own (once; a no-op when marked).
    package static func mark(_ writer: some DatabaseWriter, applicationID: Int32) throws {
        try writer.writeWithoutTransaction { db in
            if try Int32.fetchOne(db, sql: "PRAGMA application_id") != applicationID {
                try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            }
        }
    }
}

import Foundation
import GRDB
import GRDBSQLite

/// The writer thread's hot statements (a commit's `UPDATE`, journal and audit inserts),
/// prepared once on the writer connection and run through SQLite's C API.
///
/// Why not GRDB's statements: measured on the writer thread, binding and running three GRDB
/// statements per commit cost about twice what SQLite itself spent on them, and the writer is
/// the store's one serial section. GRDB still owns the connection, its transactions and every
/// other statement; these run inside its `writeWithoutTransaction` on the same queue.
///
/// Contract: confined to the writer thread (it is not `Sendable`); `run` binds every value
/// (copied by SQLite), steps to the end, resets, and returns the number of changed rows, or
/// throws `DatabaseError` with SQLite's message. `finalize` must run on the writer queue
/// before the connection closes.
final class WriterStatements {
    private let connection: SQLiteConnection
    private var prepared: [String: SQLiteStatement] = [:]

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Runs `sql` with `values` bound in order; returns `sqlite3_changes`.
    @discardableResult
    func run(_ sql: String, _ values: some Collection<DatabaseValue>) throws -> Int {
        let statement = try self.statement(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        var index: Int32 = 1
        for value in values {
            try check(bind(value, at: index, in: statement), sql)
            index += 1
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw failure(code, sql) }
        return Int(sqlite3_changes(connection))
    }

    /// Releases every prepared statement.
    func finalize() {
        for statement in prepared.values { sqlite3_finalize(statement) }
        prepared.removeAll()
    }

    private func statement(_ sql: String) throws -> SQLiteStatement {
        if let statement = prepared[sql] { return statement }
        var statement: SQLiteStatement?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(code, sql) }
        prepared[sql] = statement
        return statement
    }

    private func bind(_ value: DatabaseValue, at index: Int32, in statement: SQLiteStatement) -> Int32 {
        switch value.storage {
        case .null:
            return sqlite3_bind_null(statement, index)
        case .int64(let number):
            return sqlite3_bind_int64(statement, index, number)
        case .double(let number):
            return sqlite3_bind_double(statement, index, number)
        case .string(let text):
            var text = text
            // An explicit length keeps NUL characters; an empty buffer may have no address.
            return text.withUTF8 { bytes -> Int32 in
                guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, Self.transient) }
                return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(statement, index, $0, Int32(bytes.count), Self.transient)
                }
            }
        case .blob(let data):
            return data.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_zeroblob(statement, index, 0) }
                return sqlite3_bind_blob(statement, index, base, Int32(bytes.count), Self.transient)
            }
        }
    }

    private func check(_ code: Int32, _ sql: String) throws {
        guard code == SQLITE_OK else { throw failure(code, sql) }
    }

    private func failure(_ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }

    /// SQLite's "copy this value now" destructor.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}

/// What a batched write gets: GRDB's connection and the writer's prepared hot statements.
struct WriterConnection {
    /// The GRDB connection (transactions, everything not on the hot path).
    let db: Database
    /// The hot statements.
    let statements: WriterStatements
}

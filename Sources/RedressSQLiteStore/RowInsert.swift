import GRDB

/// Rows for one table, encoded before they reach the writer and inserted with multi-row
/// `INSERT … VALUES (…), (…)` statements: one statement per chunk instead of one per row, since
/// each statement's binding and execution cost the single writer thread more than the row.
struct RowInsert: Sendable {
    /// Rows per statement; a handful of statement shapes stay in the statement cache.
    static let chunk = 16

    let table: String
    let columns: [String]
    let rows: [[DatabaseValue]]

    static func + (lhs: RowInsert, rhs: RowInsert) -> RowInserts { RowInserts(parts: [lhs, rhs]) }

    /// Inserts every row, in order.
    func insert(_ db: Database) throws {
        var start = 0
        while start < rows.count {
            let end = min(start + Self.chunk, rows.count)
            let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: tuple, count: end - start).joined(separator: ",")
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(rows[start..<end].joined()))
            start = end
        }
    }
}

/// Several tables' rows, inserted one table after the other.
struct RowInserts: Sendable {
    let parts: [RowInsert]

    /// Inserts every part's rows, in order.
    func insert(_ db: Database) throws {
        for part in parts { try part.insert(db) }
    }
}

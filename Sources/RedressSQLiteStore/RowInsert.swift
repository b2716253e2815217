import GRDB

/// Rows for one table, encoded before they reach the writer and inserted with multi-row
/// `INSERT … VALUES (…), (…)` statements: one statement per chunk instead of one per row, since
/// each statement's binding and execution cost the single writer thread more than the row.
struct RowInsert: Sendable {
    /// A table's insert statements, one per chunk size, written once.
    struct Shape: Sendable {
        /// Rows per statement; a handful of statement shapes stay in the statement cache.
        static let chunk = 16

        let columns: Int
        /// `statements[n - 1]` inserts `n` rows.
        let statements: [String]

        init(table: String, columns: [String]) {
            self.columns = columns.count
            let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
            let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            statements = (1...Self.chunk).map { head + Array(repeating: tuple, count: $0).joined(separator: ",") }
        }
    }

    let shape: Shape
    /// Every row's values, one row after the other.
    let values: [DatabaseValue]

    static func + (lhs: RowInsert, rhs: RowInsert) -> RowInserts { RowInserts(parts: [lhs, rhs]) }

    /// Inserts every row, in order.
    func insert(_ statements: WriterStatements) throws {
        let rows = values.count / shape.columns
        var start = 0
        while start < rows {
            let count = min(Shape.chunk, rows - start)
            try statements.run(shape.statements[count - 1], values[(start * shape.columns)..<((start + count) * shape.columns)])
            start += count
        }
    }
}

/// Several tables' rows, inserted one table after the other.
struct RowInserts: Sendable {
    let parts: [RowInsert]

    /// Inserts every part's rows, in order.
    func insert(_ statements: WriterStatements) throws {
        for part in parts { try part.insert(statements) }
    }
}

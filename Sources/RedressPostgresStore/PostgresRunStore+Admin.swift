import Foundation
import Logging
import PostgresNIO
import RedressEngine

extension PostgresRunStore {
    /// Creates the empty database `name` on the server `serverURL` points at (any database of it:
    /// the statement runs there) and returns `serverURL` naming the new database; for benchmarks
    /// and drills that want a fresh database each. `name` is letters, digits and `_` only.
    package static func createDatabase(_ name: String, on serverURL: String, logger: Logger = Logger(label: "redress.postgres")) async throws -> String {
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }),
            var url = URLComponents(string: serverURL)
        else { throw RunStoreError.unusable("'\(name)' is not a database name of lowercase letters, digits and _") }
        var configuration = try PostgresURL.configuration(serverURL)
        if configuration.database == nil { configuration.database = "postgres" }
        // The pool warns when asked for a connection before its `run()` has started, which the
        // task group below does not order; the query waits for it either way.
        var quiet = logger
        quiet.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            // The name was checked above: an identifier cannot be a bound parameter.
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: quiet)
        }
        url.path = "/" + name
        return url.string ?? serverURL
    }

    /// The bytes the database takes on disk (`pg_database_size`), tables, indexes and TOAST.
    package func databaseSize() async throws -> Int {
        try await client.query("SELECT pg_database_size(current_database())", logger: logger).decode(Int.self).gathered().first ?? 0
    }
}

import Foundation
import Logging
import PostgresNIO
import RedressEngine
@testable import RedressPostgresStore
import RedressStoreConformance
import RedressTestSupport
import Testing

/// The PostgreSQL store against a real server started for the test: the conformance kit, a
/// fresh database per check, on one store and on two stores (two pools, as two processes) used
/// in turn.
@Suite(.serialized) struct PostgresStoreConformanceTests {
    /// A new database on `server` and a store on it.
    static func freshStore(_ server: PostgresServer, _ admin: PostgresClient) async throws -> (PostgresRunStore, String) {
        let name = "conf_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "_"))"
        try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        let url = server.baseURL + name
        return (try await PostgresRunStore.connect(url, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })), url)
    }

    @Test(.enabled(if: PostgresServer.isInstalled, "PostgreSQL is not installed here: install Debian's postgresql (scripts/test does)"))
    func thePostgresStorePassesEveryConformanceCheckOnOneAndOnTwoPools() async throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let admin = PostgresClient(configuration: try PostgresURL.configuration(server.baseURL + "postgres"))
        let running = Task { await admin.run() }
        defer { running.cancel() }
        let single = await RunStoreConformance { try await Self.freshStore(server, admin).0 }.run()
        #expect(single.isEmpty, "\(single.map(\.description).joined(separator: "\n"))")
        let paired = await RunStoreConformance {
            let (first, url) = try await Self.freshStore(server, admin)
            return AlternatingStore(first, try await PostgresRunStore.connect(url, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        }.run()
        #expect(paired.isEmpty, "\(paired.map(\.description).joined(separator: "\n"))")
    }
}

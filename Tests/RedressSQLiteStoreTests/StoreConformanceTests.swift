import Foundation
import RedressEngine
import RedressSQLiteStore
import RedressStoreConformance
import RedressTestSupport
import Testing

/// The SQLite store passes the store conformance kit, a fresh database per check.
@Suite struct SQLiteStoreConformanceTests {
    @Test func theSQLiteStorePassesEveryConformanceCheck() async {
        let failures = await RunStoreConformance {
            try SQLiteRunStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("redress-conformance-\(UUID().uuidString)").path)
        }.run()
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func twoConnectionsToOneDatabaseTogetherPassTheConcurrencyChecks() async {
        // Each check alternates between two connections to one file: what one writes, the other
        // must see and respect (as two processes do).
        let failures = await RunStoreConformance {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redress-conformance-\(UUID().uuidString)").path
            return AlternatingStore(try SQLiteRunStore(directory: directory), try SQLiteRunStore(directory: directory))
        }.run()
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }
}

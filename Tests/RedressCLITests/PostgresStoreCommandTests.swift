import Foundation
import RedressTestSupport
import Testing

extension CommandLineTests {
    /// The engine's commands on a PostgreSQL store (`--store` / `REDRESS_STORE`): cases, runs,
    /// show and audit read and write the same runs there, and the case guard holds across
    /// processes.
    @Suite struct PostgresStoreCommandTests {
        private var playbooks: String { PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path }

        @Test(.enabled(if: PostgresServer.isInstalled, "PostgreSQL is not installed here: install Debian's postgresql"))
        func handleRunsShowAndAuditWorkOnAPostgreSQLStore() throws {
            let server = try PostgresServer()
            defer { server.stop() }
            let url = try server.createDatabase("redress_cli")
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-pgcli-\(UUID().uuidString)").path
            let environment = ["REDRESS_STORE": url]
            // ORD-1001 waits for the user's code: its case stays open.
            let handled = try RedressBinary.run(["handle", "ORD-1001", "--state", state, "--playbooks", playbooks], environment: environment)
            #expect(handled.status == 3, "\(handled.standardOutput)\(handled.standardError)")
            #expect(!FileManager.default.fileExists(atPath: (state as NSString).appendingPathComponent("redress.sqlite")), "runs went to SQLite")
            let again = try RedressBinary.run(["handle", "ORD-1001", "--state", state, "--playbooks", playbooks, "--format", "json"], environment: environment)
            #expect(again.standardOutput.contains("\"case\" : \"already_open\""), "\(again.standardOutput)")
            let runs = try RedressBinary.run(["runs", "--order", "ORD-1001", "--format", "json", "--state", state], environment: environment)
            let listed = try #require(try JSONSerialization.jsonObject(with: Data(runs.standardOutput.utf8)) as? [[String: Any]], "\(runs.standardOutput)")
            #expect(listed.count == 1)
            let id = try #require(listed.first?["id"] as? String)
            let shown = try RedressBinary.run(["show", id, "--state", state], environment: environment)
            #expect(shown.standardOutput.contains("chain intact"), "\(shown.standardOutput)\(shown.standardError)")
            let verified = try RedressBinary.run(["audit", "verify", "--store", url, "--state", state])
            #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
        }

        @Test func anUnreachablePostgreSQLStoreIsAClearErrorWithoutThePassword() throws {
            let output = try RedressBinary.run(["runs", "--store", "postgres://redress:s3cret-pw@127.0.0.1:1/none"])
            #expect(output.status == 2)
            #expect(output.standardError.contains("cannot use the PostgreSQL database at postgres://redress:***@127.0.0.1:1/none"), "\(output.standardError)")
            #expect(!output.standardError.contains("s3cret-pw"))
        }
    }
}

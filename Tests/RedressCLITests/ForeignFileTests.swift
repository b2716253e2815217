import Crypto
import Foundation
import GRDB
import Testing

extension CommandLineTests {
    /// Files that are not Redress's are never changed: every command that opens state refuses
    /// them with exit 2 and leaves them byte-identical (checked by SHA-256 before and after).
    @Suite struct ForeignFileTests {
        /// Every command that opens the state database or the sandbox, as a user would type it.
        static func commands(_ state: String) -> [[String]] {
            let playbooks = PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path
            let frozen = playbooks + "/funds-frozen.yaml"
            return [
                ["runs"], ["show", "run-x"], ["handle", "ORD-1001", "--playbooks", playbooks], ["scan", "--playbooks", playbooks], ["tick"],
                ["resume", "run-x"], ["cancel", "run-x", "--reason", "test"], ["audit", "verify"], ["audit", "anchor"],
                ["run", frozen, "-i", "order_id=ORD-2001"], ["sandbox", "orders"], ["sandbox", "ledger", "ORD-1001"], ["sandbox", "outbox"],
                ["sandbox", "generate", "2"], ["sandbox", "init"], ["sandbox", "reset"], ["sandbox", "totp", "u-1001"], ["sandbox", "show", "ORD-1001"],
            ].map { $0 + ["--state", state] }
        }

        private func digest(_ path: String) throws -> String {
            SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
        }

        private func folder() throws -> String {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-foreign-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            return state
        }

        /// Runs every command against `file` in `state`; each must fail and leave it as it was.
        private func expectUntouched(_ file: String, in state: String, commands: [[String]]) throws {
            let before = try digest(file)
            for arguments in commands {
                let output = try RedressBinary.run(arguments)
                #expect(output.status != 0, "\(arguments.prefix(3)) accepted \(file)")
                #expect(try digest(file) == before, "\(arguments.prefix(3)) changed \(file)")
            }
        }

        @Test func anotherProgramsDatabaseInPlaceOfTheStateIsRefusedAndLeftByteIdentical() throws {
            let state = try folder()
            let file = (state as NSString).appendingPathComponent("redress.sqlite")
            try DatabaseQueue(path: file).write { db in
                try db.execute(sql: "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('Ada')")
            }
            let commands = Self.commands(state).filter { $0.first != "sandbox" }
            try expectUntouched(file, in: state, commands: commands)
            let output = try RedressBinary.run(["runs", "--state", state])
            #expect(output.status == 2)
            #expect(output.standardError.contains("is not a Redress state database: it is an SQLite database with tables customers; it was left as it is"))
            let mode = try DatabaseQueue(path: file).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            #expect(mode == "delete", "it was not switched to WAL")
        }

        @Test func anotherProgramsDatabaseInPlaceOfTheSandboxIsRefusedAndLeftByteIdentical() throws {
            let state = try folder()
            let file = (state as NSString).appendingPathComponent("sandbox.sqlite")
            try DatabaseQueue(path: file).write { db in try db.execute(sql: "CREATE TABLE invoices(id INTEGER PRIMARY KEY)") }
            try expectUntouched(file, in: state, commands: Self.commands(state).filter { ["handle", "scan", "run", "sandbox"].contains($0[0]) })
            #expect(FileManager.default.fileExists(atPath: file), "sandbox reset deleted a file that is not a sandbox")
        }

        @Test func anEmptyFileAndAStateFromANewerRedressAreRefusedUntouched() throws {
            let empty = try folder()
            let emptyFile = (empty as NSString).appendingPathComponent("redress.sqlite")
            FileManager.default.createFile(atPath: emptyFile, contents: Data())
            let runs = try RedressBinary.run(["runs", "--state", empty])
            #expect(runs.status == 2)
            #expect(runs.standardError.contains("is an empty file that Redress did not create"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: emptyFile)).isEmpty)

            let newer = try folder()
            let playbooks = PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path
            #expect(try RedressBinary.run(["handle", "ORD-3001", "--playbooks", playbooks, "--state", newer]).status == 3)
            let file = (newer as NSString).appendingPathComponent("redress.sqlite")
            try DatabaseQueue(path: file).write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
            }
            try DatabaseQueue(path: file).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try expectUntouched(file, in: newer, commands: Self.commands(newer).filter { $0.first != "sandbox" })
            #expect(try RedressBinary.run(["runs", "--state", newer]).standardError.contains("was written by a newer Redress"))
        }
    }
}

import Foundation
import GRDB
import Testing

extension CommandLineTests {
    /// `redress audit verify` and `anchor` against a state database tampered with as an attacker
    /// with write access would: the tail cut, an entry corrupted, the head rewritten to match.
    @Suite struct AuditCommandTests {
        private func state() throws -> (state: String, run: String) {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-audit-\(UUID().uuidString)").path
            let playbooks = PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path
            let output = try RedressBinary.run(["handle", "ORD-3001", "--state", state, "--playbooks", playbooks, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
            return (state, try #require(object["run_id"] as? String))
        }

        private func tamper(_ state: String, _ statements: [String]) throws {
            let database = try DatabaseQueue(path: (state as NSString).appendingPathComponent("redress.sqlite"))
            try database.write { db in for statement in statements { try db.execute(sql: statement) } }
        }

        @Test func aTrailCutFromItsEndIsFoundWithAndWithoutAnAnchor() throws {
            let (state, run) = try state()
            let anchorFile = (state as NSString).appendingPathComponent("anchor.json")
            let anchored = try RedressBinary.run(["audit", "anchor", "--output", anchorFile, "--state", state])
            #expect(anchored.status == 0)
            #expect(anchored.standardOutput.contains("anchored 1 runs"))
            #expect(try RedressBinary.run(["audit", "verify", "--anchor", anchorFile, "--state", state]).standardOutput.contains("1 ok, 0 broken"))
            let last = try DatabaseQueue(path: (state as NSString).appendingPathComponent("redress.sqlite")).read { db in
                try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM audit WHERE run_id = ?", arguments: [run]) ?? 0
            }
            try tamper(state, ["DELETE FROM audit WHERE run_id = '\(run)' AND seq = \(last)"])
            let cut = try RedressBinary.run(["audit", "verify", "--state", state])
            #expect(cut.status == 1)
            #expect(cut.standardOutput.contains("\(run): BROKEN at entry \(last): the trail ends at entry \(last - 1)"))
            #expect(cut.standardOutput.contains("checked 1 run: 0 ok, 1 broken"))
            // The attacker also rewrites the run's head: the chain holds, the anchor does not.
            try tamper(state, [
                """
                UPDATE run SET state = json_set(state, '$.auditHead.sequence', \(last - 1),
                    '$.auditHead.hash', (SELECT hash FROM audit WHERE run_id = '\(run)' AND seq = \(last - 1))) WHERE id = '\(run)'
                """
            ])
            #expect(try RedressBinary.run(["audit", "verify", "--state", state]).status == 0)
            let anchoredCheck = try RedressBinary.run(["audit", "verify", "--anchor", anchorFile, "--state", state])
            #expect(anchoredCheck.status == 1)
            #expect(anchoredCheck.standardOutput.contains("anchored entry \(last) is gone"))
            // An anchor edited to match the forgery gives itself away.
            let text = try String(contentsOfFile: anchorFile, encoding: .utf8).replacingOccurrences(of: "\"sequence\" : \(last)", with: "\"sequence\" : \(last - 1)")
            try text.write(toFile: anchorFile, atomically: true, encoding: .utf8)
            let edited = try RedressBinary.run(["audit", "verify", "--anchor", anchorFile, "--state", state])
            #expect(edited.status == 2)
            #expect(edited.standardError.contains("was edited"))
        }

        @Test func aCorruptedEntryIsNamedNotADecodingError() throws {
            let (state, run) = try state()
            try tamper(state, ["UPDATE audit SET record = x'7b2262726f6b' WHERE run_id = '\(run)' AND seq = 5"])
            let output = try RedressBinary.run(["audit", "verify", run, "--state", state])
            #expect(output.status == 1)
            #expect(output.standardOutput.contains("\(run): BROKEN at entry 5: unreadable"))
            #expect(!output.standardError.contains("DecodingError") && !output.standardOutput.contains("DecodingError"))
            #expect(try RedressBinary.run(["audit", "verify", "run-nope", "--state", state]).status == 2)
            let shown = try RedressBinary.run(["show", run, "--state", state])
            #expect(shown.status == 0)
            #expect(shown.standardOutput.contains("chain BROKEN at entry 5: unreadable"))
            #expect(shown.standardOutput.contains("  5. (unreadable)"))
        }
    }
}

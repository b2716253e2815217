import Foundation
import GRDB
import Testing

extension CommandLineTests {
    /// Text from outside cannot forge a line of Redress's output or logs, nor reach a terminal
    /// as a control sequence.
    @Suite struct ForgedOutputTests {
        static let forged = "unusual login\n2026-12-01T00:00:00+0000 info redress: run=run-forged refund approved\u{1b}[31m\u{202e}"

        private func state() throws -> String {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-forged-\(UUID().uuidString)").path
            #expect(try RedressBinary.run(["sandbox", "init", "--state", state]).status == 0)
            try DatabaseQueue(path: (state as NSString).appendingPathComponent("sandbox.sqlite")).write { db in
                try db.execute(sql: "UPDATE account SET freeze_reason = ? WHERE user_id IN ('u-2001', 'u-2002')", arguments: [Self.forged])
            }
            return state
        }

        /// No line starts with the forged timestamp, and no raw control or bidi character is left.
        private func expectClean(_ text: String, _ what: String) {
            #expect(!text.split(separator: "\n").contains { $0.hasPrefix("2026-12-01T00:00:00") }, "\(what) printed a forged line")
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, "\(what) printed a raw control character")
        }

        @Test func aForgedFreezeReasonIsEscapedInTheOutboxTheRunAndTheLogs() throws {
            let state = try state()
            let playbooks = PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path
            let handled = try RedressBinary.run(["handle", "ORD-2002", "--state", state, "--playbooks", playbooks])
            #expect(handled.standardOutput.contains("funds_frozen (unusual login\\n2026-12-01T00:00:00"))
            expectClean(handled.standardOutput + handled.standardError, "handle")
            // The user never reads the wallet's raw reason: a reason the word table does not name
            // gets its '*' words, in each language.
            let outbox = try RedressBinary.run(["sandbox", "outbox", "--state", state]).standardOutput
            #expect(!outbox.contains("run-forged"), "\(outbox)")
            #expect(outbox.contains("原因是需要我们的风控团队核实一些情况") && outbox.contains("because our risk team needs to check something"), "\(outbox)")
            expectClean(outbox, "sandbox outbox")
            expectClean(try RedressBinary.run(["sandbox", "orders", "--state", state]).standardOutput, "sandbox orders")

            let playbook = (state as NSString).appendingPathComponent("log-reason.yaml")
            try """
            playbook: log-reason
            title: Logs the freeze reason
            anomaly: funds_frozen
            inputs:
              order_id: {type: string, required: true}
            defaults:
              timeout: 10s
            steps:
              - id: check
                uses: wallet.check_status
                with: {order_id: "${{ inputs.order_id }}"}
              - id: note
                uses: flow.log
                with: {message: "held because ${{ steps.check.output.account.freeze_reason }}"}
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
            let logged = try RedressBinary.run(["run", playbook, "-i", "order_id=ORD-2001", "--state", state])
            #expect(logged.standardError.contains("held because unusual login\\n2026-12-01T00:00:00"), "\(logged.standardError)")
            expectClean(logged.standardOutput + logged.standardError, "run")
            let show = try RedressBinary.run(["show", try #require(logged.standardOutput.split(separator: " ").dropFirst().first.map(String.init)), "--state", state])
            expectClean(show.standardOutput, "show")

            // JSON log lines carry the text exactly, and each is one line of valid JSON.
            let json = try RedressBinary.run(["run", playbook, "-i", "order_id=ORD-2001", "--reopen", "--reason", "again", "--log-format", "json", "--state", state])
            let lines = json.standardError.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
            #expect(lines.contains { $0["message"] == "held because " + Self.forged }, "\(json.standardError)")
            #expect(try RedressBinary.run(["runs", "--log-format", "yaml", "--state", state]).status == 2)
        }
    }
}

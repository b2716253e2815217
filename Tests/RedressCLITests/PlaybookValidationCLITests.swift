import Foundation
import Testing

extension CommandLineTests {
    @Suite struct PlaybookValidationCLITests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        private func fixture(_ name: String) -> String { RedressBinary.fixtures.appendingPathComponent(name).path }

        @Test func shippedPlaybooksFolderIsClean() throws {
            let output = try RedressBinary.run(["validate", Self.repository.appendingPathComponent("Playbooks").path])
            #expect(output.status == 0, "\(output.standardOutput)")
            #expect(output.standardError.contains("checked 7 files: 0 errors, 0 warnings"))
        }

        @Test func fourMistakesGiveFourDiagnosticsAtTheirPositionsInOneRun() throws {
            let path = fixture("four-mistakes.yaml")
            let output = try RedressBinary.run(["validate", path])
            #expect(output.status == 1)
            let headers = output.standardOutput.split(separator: "\n").filter { $0.hasPrefix(path) && $0.contains(": error: ") }
            #expect(headers.count == 4, "\(output.standardOutput)")
            #expect(headers.contains { $0.hasPrefix("\(path):14:18: error: unknown step 'escalte'; did you mean 'escalate'? [unknown-step]") })
            #expect(headers.contains { $0.hasPrefix("\(path):16:11: error: unknown handler 'wallet.contact_usr'; did you mean 'wallet.contact_user'?") })
            #expect(headers.contains { $0.hasPrefix("\(path):20:11: error: step 'refund' moves money") && $0.hasSuffix("[unverified-money-movement]") })
            #expect(headers.contains { $0.hasPrefix("\(path):21:15: error: cannot compare decimal with string") && $0.hasSuffix("[type-mismatch]") })
        }

        @Test func jsonFormatPrintsOneObjectPerDiagnosticPerLine() throws {
            let output = try RedressBinary.run(["validate", "--format", "json", fixture("four-mistakes.yaml")])
            #expect(output.status == 1)
            let lines = output.standardOutput.split(separator: "\n")
            #expect(lines.count == 4)
            for line in lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                #expect(object["line"] is Int)
                #expect(object["code"] is String)
            }
        }

        @Test func sarifFormatIsASarif210Log() throws {
            let output = try RedressBinary.run(["validate", "--format", "sarif", fixture("four-mistakes.yaml")])
            #expect(output.status == 1)
            let log = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
            #expect(log["version"] as? String == "2.1.0")
            let results = (log["runs"] as? [[String: Any]])?.first?["results"] as? [Any]
            #expect(results?.count == 4)
        }

        @Test func warningsPassUnlessStrict() throws {
            let relaxed = try RedressBinary.run(["validate", fixture("warning-only.yaml")])
            #expect(relaxed.status == 0)
            #expect(relaxed.standardOutput.contains("warning: input 'spare' is never used [unused-input]"))
            let strict = try RedressBinary.run(["validate", "--strict", fixture("warning-only.yaml")])
            #expect(strict.status == 1)
        }

        @Test func handlersListsEveryHandlerWithItsPolicy() throws {
            let output = try RedressBinary.run(["handlers", "--format", "json"])
            #expect(output.status == 0)
            let handlers = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]])
            let names = handlers.compactMap { $0["name"] as? String }
            for expected in ["flow.finish", "flow.fail", "flow.wait", "flow.await", "flow.set", "flow.log", "flow.assert", "wallet.refund", "wallet.verify_identity"] {
                #expect(names.contains(expected))
            }
            let refund = try #require(handlers.first { $0["name"] as? String == "wallet.refund" })
            #expect((refund["policy"] as? [String])?.contains("moves-money") == true)
            let human = try RedressBinary.run(["handlers"])
            #expect(human.standardOutput.contains("wallet.verify_identity: Verifies the user with 2FA"))
        }
    }
}

extension CommandLineTests.PlaybookValidationCLITests {
    @Test func languageReferenceListsEveryRegisteredHandler() throws {
        let reference = try String(contentsOf: Self.repository.appendingPathComponent("Playbooks/README.md"), encoding: .utf8)
        let output = try RedressBinary.run(["handlers", "--format", "json"])
        let handlers = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]])
        for name in handlers.compactMap({ $0["name"] as? String }) {
            #expect(reference.contains("`\(name)`"), "Playbooks/README.md does not document \(name)")
        }
    }
}

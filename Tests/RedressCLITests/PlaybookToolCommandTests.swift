import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

extension CommandLineTests {
    /// `redress test`, `redress plan` and `redress graph` on the shipped playbooks, as a user runs
    /// them, and the pictures and example in `Playbooks/README.md` kept true.
    @Suite struct PlaybookToolCommandTests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        static let shipped = ["transaction-failed", "funds-frozen", "system-timeout", "status-mismatch", "refund-request", "duplicate-charge"]

        static func path(_ name: String) -> String { repository.appendingPathComponent("Playbooks/\(name).yaml").path }

        /// A temporary folder with a copy of a shipped playbook and a test file for it.
        static func workspace(test: String) throws -> String {
            let folder = NSTemporaryDirectory() + "redress-test-cli-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: path("transaction-failed"), toPath: folder + "/transaction-failed.yaml")
            try test.write(toFile: folder + "/broken.test.yaml", atomically: true, encoding: .utf8)
            return folder
        }

        static let failingTest = """
            playbook: transaction-failed.yaml
            cases:
              - name: claims the new payment is declined
                inputs: {order_id: ORD-1001}
                mocks:
                  wallet.check_status: {outcome: found, output: {cause: network, user_id: u-1, amount: "5.00", currency: CNY, channel: {healthy: true}}}
                  wallet.contact_user: {outcome: sent}
                  wallet.verify_identity: [{wait: otp, deadline: 30m}, {outcome: verified}]
                  wallet.retry_payment: {outcome: succeeded}
                  follow_up: {wait: feedback, deadline: 1h, at_deadline: no_answer}
                signals: [{after: 1m, name: otp, value: "123456"}]
                expect:
                  path: [check: found, announce_retry: sent, verify: verified, pay_again: declined, escalate: escalated, record: logged]
                  status: completed
            """

        @Test func testRunsTheShippedPlaybookTestsAndAllPass() throws {
            let output = try RedressBinary.run(["test", Self.repository.appendingPathComponent("Playbooks").path])
            #expect(output.status == 0, "\(output.standardOutput.suffix(2_000))\(output.standardError)")
            #expect(output.standardOutput.contains("6 files, "))
            #expect(output.standardOutput.hasSuffix(" passed, 0 failed\n"))
        }

        @Test func filterRunsOnlyTheNamedCases() throws {
            let output = try RedressBinary.run(["test", Self.repository.appendingPathComponent("Playbooks").path, "--filter", "SLA breaches"])
            #expect(output.status == 0)
            #expect(output.standardOutput.contains("5 files, 5 cases: 5 passed, 0 failed"), "\(output.standardOutput)")
        }

        @Test func failingCaseExitsOneWithAPathDiff() throws {
            let folder = try Self.workspace(test: Self.failingTest)
            let output = try RedressBinary.run(["test", folder])
            #expect(output.status == 1)
            #expect(output.standardOutput.contains("✗ claims the new payment is declined"))
            #expect(output.standardOutput.contains("- pay_again: declined"))
            #expect(output.standardOutput.contains("+ pay_again: succeeded"))
            #expect(output.standardOutput.contains("1 file, 1 case: 0 passed, 1 failed"))
        }

        @Test func junitReportIsWellFormedXMLWithTheFailure() throws {
            let folder = try Self.workspace(test: Self.failingTest)
            let output = try RedressBinary.run(["test", folder, "--format", "junit"])
            #expect(output.status == 1)
            let parser = XMLParser(data: Data(output.standardOutput.utf8))
            #expect(parser.parse(), "not well-formed: \(output.standardOutput)")
            #expect(output.standardOutput.contains("<testsuites name=\"redress test\" tests=\"1\" failures=\"1\""))
            #expect(output.standardOutput.contains("<failure message=\"the path differs\" type=\"PlaybookTestFailure\">"))
        }

        @Test func jsonReportHasEachCaseWithItsPaths() throws {
            let folder = try Self.workspace(test: Self.failingTest)
            let output = try RedressBinary.run(["test", folder, "--format", "json"])
            let files = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]])
            let testCase = try #require((files.first?["cases"] as? [[String: Any]])?.first)
            #expect(testCase["passed"] as? Bool == false)
            #expect((testCase["actual_path"] as? [String])?.contains("pay_again: succeeded") == true)
            #expect((testCase["expected_path"] as? [String])?.contains("pay_again: declined") == true)
        }

        @Test func invalidTestFileIsReportedAtItsLineAndExitsTwo() throws {
            let folder = try Self.workspace(test: Self.failingTest.replacingOccurrences(of: "wallet.retry_payment:", with: "wallet.retry_paymnt:"))
            let output = try RedressBinary.run(["test", folder])
            #expect(output.status == 2)
            #expect(output.standardError.contains("broken.test.yaml:9:7: error: mock 'wallet.retry_paymnt' is neither a step of the playbook nor a handler; did you mean 'wallet.retry_payment'? [unknown-handler]"), "\(output.standardError)")
        }

        @Test(arguments: shipped)
        func planListsEveryPathOfAShippedPlaybook(_ name: String) throws {
            let human = try RedressBinary.run(["plan", Self.path(name)])
            #expect(human.status == 0)
            #expect(human.standardOutput.hasPrefix("\(name): "))
            #expect(human.standardOutput.contains("⚠ no-resolution"))
            let json = try RedressBinary.run(["plan", Self.path(name), "--format", "json"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            let paths = try #require(report["paths"] as? [[String: Any]])
            #expect(paths.count >= 10)
            #expect(paths.contains { ($0["start"] as? String) == "sla_breach" })
            let all = try RedressBinary.run(["plan", Self.path(name), "--all", "--format", "json"])
            let everything = try #require(try JSONSerialization.jsonObject(with: Data(all.standardOutput.utf8)) as? [String: Any])
            #expect((everything["paths"] as? [Any])?.count == paths.count + (report["handler_failure_paths"] as? Int ?? -1))
        }

        @Test func planFlagsMoneyMovement() throws {
            let output = try RedressBinary.run(["plan", Self.path("transaction-failed")])
            #expect(output.standardOutput.contains("moves money at pay_again"))
        }

        @Test(arguments: shipped)
        func graphDrawsAShippedPlaybookInMermaidAndDot(_ name: String) throws {
            let mermaid = try RedressBinary.run(["graph", Self.path(name)])
            #expect(mermaid.status == 0)
            #expect(mermaid.standardOutput.hasPrefix("flowchart TD\n"))
            #expect(mermaid.standardOutput.contains("-. finally .->"))
            #expect(mermaid.standardOutput.contains("sla_breach -. "))
            let dot = try RedressBinary.run(["graph", Self.path(name), "--format", "dot"])
            #expect(dot.standardOutput.hasPrefix("digraph \"\(name)\" {"))
            #expect(dot.standardOutput.hasSuffix("}\n"))
            #expect(dot.standardOutput.contains("subgraph cluster_finally"))
        }

        @Test func graphMarksMoneyAndHumanWaitSteps() throws {
            let output = try RedressBinary.run(["graph", Self.path("transaction-failed")])
            #expect(output.standardOutput.contains("s_pay_again[[\"💰 pay_again<br/>wallet.retry_payment\"]]"))
            #expect(output.standardOutput.contains("s_verify{{\"⏳ verify<br/>wallet.verify_identity\"}}"))
            #expect(output.standardOutput.contains("class s_pay_again money"))
        }

        @Test func invalidPlaybookIsRefusedByPlanAndGraph() throws {
            let broken = Self.repository.appendingPathComponent("Tests/RedressCLITests/Fixtures").path
            let files = try FileManager.default.contentsOfDirectory(atPath: broken).filter { $0.hasSuffix(".yaml") }.sorted()
            let invalid = try #require(files.map { broken + "/" + $0 }.first { (try? RedressBinary.run(["validate", $0]).status) == 1 })
            #expect(try RedressBinary.run(["plan", invalid]).status == 2)
            #expect(try RedressBinary.run(["graph", invalid]).status == 2)
        }

        @Test(arguments: shipped)
        func languageReferenceShowsTheCurrentGraph(_ name: String) throws {
            let reference = try String(contentsOf: Self.repository.appendingPathComponent("Playbooks/README.md"), encoding: .utf8)
            let marker = "<!-- redress graph Playbooks/\(name).yaml -->\n```mermaid\n"
            let start = try #require(reference.range(of: marker), "Playbooks/README.md has no graph of \(name)")
            let rest = reference[start.upperBound...]
            let end = try #require(rest.range(of: "```\n"))
            let drawn = try RedressBinary.run(["graph", Self.path(name)]).standardOutput
            #expect(String(rest[..<end.lowerBound]) == drawn, "the graph of \(name) in Playbooks/README.md is stale: paste `redress graph Playbooks/\(name).yaml`")
        }

        @Test func languageReferenceTestExampleRunsAndPasses() throws {
            let reference = try String(contentsOf: Self.repository.appendingPathComponent("Playbooks/README.md"), encoding: .utf8)
            let start = try #require(reference.range(of: "```yaml\nplaybook: transaction-failed.yaml\n"))
            let body = reference[reference.index(start.lowerBound, offsetBy: "```yaml\n".count)...]
            let example = String(body[..<(try #require(body.range(of: "```\n"))).lowerBound])
            let folder = try Self.workspace(test: example)
            let output = try RedressBinary.run(["test", folder])
            #expect(output.status == 0, "\(output.standardOutput)\(output.standardError)")
        }
    }
}

import Foundation
import Testing

extension CommandLineTests {
    /// `redress runs` finds runs by order, playbook and age, says how many a limit left out, and
    /// writes snake_case JSON like every other command; `--format` takes only real formats.
    @Suite struct RunsListingTests {
        @Test func filtersLimitsAndJSONShape() throws {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-runs-\(UUID().uuidString)").path
            let playbooks = PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path
            for order in ["ORD-1001", "ORD-2001", "ORD-3001"] {
                _ = try RedressBinary.run(["handle", order, "--state", state, "--playbooks", playbooks])
            }
            let limited = try RedressBinary.run(["runs", "--limit", "2", "--state", state]).standardOutput
            #expect(limited.contains("1 more (--limit 3 lists them all)"), "\(limited)")
            let byOrder = try RedressBinary.run(["runs", "--order", "ORD-2001", "--state", state]).standardOutput
            #expect(byOrder.contains("ORD-2001") && !byOrder.contains("ORD-1001"))
            let byPlaybook = try RedressBinary.run(["runs", "--playbook", "system-timeout", "--state", state]).standardOutput
            #expect(byPlaybook.contains("ORD-3001") && !byPlaybook.contains("ORD-2001"))
            #expect(try RedressBinary.run(["runs", "--since", "1h", "--state", state]).standardOutput.split(separator: "\n").count == 4)
            #expect(try RedressBinary.run(["runs", "--since", "soon", "--state", state]).status == 2)
            let json = try RedressBinary.run(["runs", "--format", "json", "--state", state]).standardOutput
            let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            #expect(list.count == 3)
            #expect(Set(list[0].keys).isSuperset(of: ["id", "order_id", "playbook_id", "case_key", "created_at", "status"]), "\(list[0].keys)")
            #expect(list.allSatisfy { !$0.keys.contains { $0.contains(where: \.isUppercase) } })
            // show's JSON carries the whole run: inputs, case, SLA clocks and the audit trail.
            let id = try #require(list.first { $0["order_id"] as? String == "ORD-2001" }?["id"] as? String)
            let shown = try #require(
                try JSONSerialization.jsonObject(with: Data(try RedressBinary.run(["show", id, "--format", "json", "--state", state]).standardOutput.utf8))
                    as? [String: Any])
            #expect((shown["inputs"] as? [String: Any])?["order_id"] as? String == "ORD-2001")
            #expect(shown["case_key"] as? String == "ORD-2001" && shown["anomaly"] as? String == "funds_frozen")
            #expect((shown["sla"] as? [String: Any])?["respond_by"] is String)
            let trail = try #require(shown["audit"] as? [String: Any])
            #expect(trail["chain"] as? String == "intact")
            #expect(((trail["entries"] as? [[String: Any]])?.first?["kind"]) as? String == "run.created")
            // The sandbox speaks the same JSON.
            let order = try #require(
                try JSONSerialization.jsonObject(with: Data(try RedressBinary.run(["sandbox", "show", "ORD-2001", "--format", "json", "--state", state]).standardOutput.utf8))
                    as? [String: Any])
            #expect(order["order_id"] as? String == "ORD-2001" && order["account_frozen"] as? Bool == true)
            let orders = try JSONSerialization.jsonObject(with: Data(try RedressBinary.run(["sandbox", "orders", "--format", "json", "--state", state]).standardOutput.utf8))
            #expect(((orders as? [[String: Any]])?.count ?? 0) > 10)
            let sarif = try RedressBinary.run(["runs", "--format", "sarif", "--state", state])
            #expect(sarif.status == 2)
            #expect(sarif.standardError.contains("'human' and 'json'"))
        }
    }
}

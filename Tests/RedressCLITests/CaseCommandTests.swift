import Foundation
import GRDB
import Testing

extension CommandLineTests {
    /// Cases under concurrent intake, honest endings, and the faults a team meets: two processes
    /// racing, `kill -9` of a worker, Ctrl-C of a scan. Every test drives real `redress`
    /// processes and checks the state and sandbox databases they leave.
    @Suite struct CaseCommandTests {
        private func stateDirectory() -> String {
            FileManager.default.temporaryDirectory.appendingPathComponent("redress-cases-\(UUID().uuidString)").path
        }

        private var playbooks: String { PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path }
        private var drill: String { RedressBinary.fixtures.appendingPathComponent("drill/Playbooks").path }
        private var drillInline: String { RedressBinary.fixtures.appendingPathComponent("drill-inline/Playbooks").path }
        private var drillPlugins: String { RedressBinary.fixtures.appendingPathComponent("drill/Plugins").path }
        /// The drill's configuration: it trusts the fixture verifier (`trust.verifiers`).
        private var drillConfig: String { RedressBinary.fixtures.appendingPathComponent("drill/redress.yaml").path }
        /// What the drill's verifier needs to get the sandbox's proof for an order's owner.
        private func drillEnvironment(_ state: String) -> [String: String] {
            ["DRILL_REDRESS": RedressBinary.url.path, "DRILL_STATE": state]
        }

        private func database(_ state: String, _ file: String) throws -> DatabaseQueue {
            try DatabaseQueue(path: (state as NSString).appendingPathComponent(file))
        }

        /// Per status, how many runs the state holds.
        private func statuses(_ state: String) throws -> [String: Int] {
            try database(state, "redress.sqlite").read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM run GROUP BY status").map { ($0[0], $0[1]) })
            }
        }

        /// Orders the sandbox charged more than once, and how many it charged at all.
        private func payments(_ state: String) throws -> (twice: [String], paid: Int) {
            try database(state, "sandbox.sqlite").read { db in
                let twice = try String.fetchAll(
                    db, sql: "SELECT order_id FROM ledger WHERE memo = 'payment retried' GROUP BY order_id HAVING COUNT(DISTINCT txn) > 1")
                let paid = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT order_id) FROM ledger WHERE memo = 'payment retried'") ?? 0
                return (twice, paid)
            }
        }

        private func setChannels(_ behaviour: String, _ state: String) throws {
            for channel in ["unionpay", "fastpay"] {
                #expect(try RedressBinary.run(["sandbox", "channel", channel, behaviour, "--state", state]).status == 0)
            }
        }

        @Test func twoScansAtOnceOpenOneRunAndSendOneFirstMessagePerOrder() throws {
            let state = stateDirectory()
            #expect(try RedressBinary.run(["sandbox", "generate", "1000", "--state", state]).status == 0)
            let arguments = ["scan", "--concurrency", "4", "--state", state, "--playbooks", playbooks]
            let first = try RedressBinary.start(arguments)
            let second = try RedressBinary.start(arguments)
            let outputs = [try first.wait(), try second.wait()]
            for output in outputs { #expect(output.status == 0, "\(output.standardOutput)\(output.standardError)") }
            let anomalous = try database(state, "sandbox.sqlite").read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"order\" WHERE id LIKE 'ORD-G%' OR id < 'ORD-5' OR id LIKE 'ORD-6%'") ?? 0
            }
            let (runs, cases) = try database(state, "redress.sqlite").read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT case_key) FROM run") ?? 0)
            }
            #expect(runs == anomalous && cases == anomalous)
            // The first message of each order went out once: no (order, text) pair twice.
            let repeated = try database(state, "sandbox.sqlite").read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT order_id, text FROM outbox GROUP BY order_id, text HAVING COUNT(*) > 1)") ?? 0
            }
            #expect(repeated == 0)
            // Between them the two scans handled each order once.
            let handled = outputs.compactMap { output in
                output.standardOutput.split(separator: "\n").first { $0.contains(" orders in ") }.flatMap { Int($0.prefix { $0 != " " }) }
            }
            #expect(handled.reduce(0, +) == anomalous, "\(outputs.map(\.standardOutput))")
        }

        @Test func twoHandlesOfOneOrderAtOnceOpenOneRun() throws {
            for order in ["ORD-1001", "ORD-2001", "ORD-3001"] {
                let state = stateDirectory()
                #expect(try RedressBinary.run(["sandbox", "init", "--state", state]).status == 0)
                let arguments = ["handle", order, "--state", state, "--playbooks", playbooks, "--format", "json"]
                let racing = [try RedressBinary.start(arguments), try RedressBinary.start(arguments)]
                let outputs = try racing.map { try $0.wait() }
                let objects = try outputs.map { try #require(try JSONSerialization.jsonObject(with: Data($0.standardOutput.utf8)) as? [String: Any]) }
                // One opens the case; the other gets its run, or (when the first already resolved
                // the order, as a status mismatch resolves in milliseconds) finds the order normal.
                let cases = objects.compactMap { $0["case"] as? String }.sorted()
                #expect(cases == ["already_open", "opened"] || cases == ["none", "opened"], "\(outputs)")
                #expect(Set(objects.compactMap { $0["run_id"] as? String }).count == 1, "\(outputs)")
                #expect(outputs.allSatisfy { [0, 3].contains($0.status) }, "\(outputs)")
                #expect(try database(state, "redress.sqlite").read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM run") } == 1)
            }
        }

        @Test func killedTickWorkerIsTakenOverAtOnceAndNoOrderIsPaidTwice() throws {
            let state = stateDirectory()
            #expect(try RedressBinary.run(["sandbox", "generate", "30", "--state", state]).status == 0)
            let scan = try RedressBinary.run(["scan", "--state", state, "--playbooks", drill, "--plugins", drillPlugins, "--config", drillConfig], environment: drillEnvironment(state))
            #expect(scan.status == 0, "\(scan.standardOutput)\(scan.standardError)")
            // Every run parks on its 6-second pause; a slow channel then makes each payment take 3 s.
            try setChannels("slow", state)
            Thread.sleep(forTimeInterval: 6.5)
            let worker = try RedressBinary.start(["tick", "--until", "60s", "--concurrency", "4", "--state", state, "--plugins", drillPlugins, "--config", drillConfig], environment: drillEnvironment(state))
            Thread.sleep(forTimeInterval: 4)
            worker.send(SIGKILL)
            _ = try worker.wait()
            let held = try database(state, "redress.sqlite").read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run WHERE status = 'running' AND lease_expires > ?", arguments: [Date().timeIntervalSince1970]) ?? 0
            }
            #expect(held > 0, "the worker was killed with runs in flight")
            try setChannels("ok", state)
            let started = Date()
            let tick = try RedressBinary.run(["tick", "--concurrency", "4", "--state", state, "--plugins", drillPlugins, "--config", drillConfig], environment: drillEnvironment(state))
            #expect(tick.status == 0, "\(tick.standardOutput)\(tick.standardError)")
            // The dead worker's leases had 5 minutes to run; they were taken over at once.
            #expect(Date().timeIntervalSince(started) < 20)
            let left = try statuses(state).filter { ["pending", "running", "waiting"].contains($0.key) }
            #expect(left.isEmpty, "\(left)")
            let money = try payments(state)
            #expect(money.twice.isEmpty)
            #expect(money.paid > 0)
            #expect(tick.standardOutput.contains("driven "))
        }

        @Test func ctrlCStopsAScanWithASummaryAndARerunContinuesWhereItStopped() throws {
            let state = stateDirectory()
            #expect(try RedressBinary.run(["sandbox", "generate", "30", "--state", state]).status == 0)
            try setChannels("slow", state)
            let scan = try RedressBinary.start(["scan", "--concurrency", "4", "--state", state, "--playbooks", drillInline, "--plugins", drillPlugins, "--config", drillConfig], environment: drillEnvironment(state))
            Thread.sleep(forTimeInterval: 2.5)
            scan.send(SIGINT)
            let stopped = try scan.wait()
            #expect(stopped.status == 130, "\(stopped.standardOutput)\(stopped.standardError)")
            #expect(stopped.standardOutput.contains(" orders in "))
            #expect(stopped.standardOutput.contains("stopped:"))
            #expect(stopped.standardError.contains("stopping"))
            // Nothing is left holding a lease: the stopped runs are free for the next process.
            let leased = try database(state, "redress.sqlite").read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM run WHERE lease_owner IS NOT NULL") }
            #expect(leased == 0)
            try setChannels("ok", state)
            let rerun = try RedressBinary.run(["scan", "--concurrency", "8", "--state", state, "--playbooks", drillInline, "--plugins", drillPlugins, "--config", drillConfig], environment: drillEnvironment(state))
            // Exit 1: orders on the seed's `fastpay` channel (in an outage) fail to pay, as they should.
            #expect(rerun.status == 1, "\(rerun.standardOutput)\(rerun.standardError)")
            #expect(rerun.standardOutput.contains("of them continued a run left mid-way"), "\(rerun.standardOutput)")
            let left = try statuses(state).filter { ["pending", "running"].contains($0.key) }
            #expect(left.isEmpty, "\(left)")
            let (runs, cases) = try database(state, "redress.sqlite").read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT case_key) FROM run") ?? 0)
            }
            #expect(runs == cases)
            #expect(try payments(state).twice.isEmpty)
        }

        @Test func sigtermStopsAnIdleWorkerWithItsSummaryAndExit143() throws {
            let state = stateDirectory()
            #expect(try RedressBinary.run(["sandbox", "init", "--state", state]).status == 0)
            let worker = try RedressBinary.start(["tick", "--until", "60s", "--state", state])
            Thread.sleep(forTimeInterval: 1.5)
            let sent = Date()
            worker.send(SIGTERM)
            let output = try worker.wait()
            #expect(output.status == 143)
            #expect(Date().timeIntervalSince(sent) < 5)
            #expect(output.standardOutput.contains("nothing due; no run is waiting for a timer"), "\(output.standardOutput)")
        }

        @Test func secondCtrlCQuitsAtOnceAndTheNextTickTakesTheRunsOver() throws {
            let state = stateDirectory()
            #expect(try RedressBinary.run(["sandbox", "generate", "12", "--state", state]).status == 0)
            try setChannels("slow", state)
            let scan = try RedressBinary.start(["scan", "--concurrency", "4", "--grace", "60s", "--state", state, "--playbooks", drillInline, "--plugins", drillPlugins, "--config", drillConfig], environment: drillEnvironment(state))
            Thread.sleep(forTimeInterval: 2)
            scan.send(SIGINT)
            Thread.sleep(forTimeInterval: 0.2)
            let second = Date()
            scan.send(SIGINT)
            let output = try scan.wait()
            #expect(output.status == 130)
            #expect(Date().timeIntervalSince(second) < 1, "a second Ctrl-C does not wait for the steps in flight")
            #expect(output.standardError.contains("stopped at once"))
            try setChannels("ok", state)
            let tick = try RedressBinary.run(["tick", "--concurrency", "4", "--state", state, "--plugins", drillPlugins, "--config", drillConfig], environment: drillEnvironment(state))
            #expect([0, 1].contains(tick.status), "\(tick.standardError)")
            // The quit scan's runs in flight were taken over at once, and those it opened were driven.
            let left = try statuses(state).filter { ["pending", "running"].contains($0.key) }
            #expect(left.isEmpty, "\(left)")
            #expect(try statuses(state).values.reduce(0, +) > 0)
            #expect(try payments(state).twice.isEmpty)
        }

        @Test func anExternalVerifierCountsOnlyWhenTheConfigurationTrustsIt() throws {
            let state = stateDirectory()
            let untrusted = try RedressBinary.run(["validate", drill, "--plugins", drillPlugins, "--strict"], environment: drillEnvironment(state))
            #expect(untrusted.status == 1)
            let printed = untrusted.standardOutput + untrusted.standardError
            #expect(printed.contains("[untrusted-verifier]"), "\(printed)")
            #expect(printed.contains("add 'drill.verify' to trust.verifiers in redress.yaml"))
            let refused = try RedressBinary.run(["handle", "ORD-1001", "--state", state, "--playbooks", drill, "--plugins", drillPlugins], environment: drillEnvironment(state))
            #expect(refused.status == 2, "a playbook whose only verifier is untrusted never runs")
            #expect(try RedressBinary.run(["validate", drill, "--plugins", drillPlugins, "--strict"], environment: drillEnvironment(state).merging(["REDRESS_CONFIG": drillConfig]) { $1 }).status == 0)
            let trusted = try RedressBinary.run(
                ["handle", "ORD-1001", "--state", state, "--playbooks", drill, "--plugins", drillPlugins], environment: drillEnvironment(state).merging(["REDRESS_CONFIG": drillConfig]) { $1 })
            #expect(trusted.status == 3, "\(trusted.standardError)")
        }

        @Test func aTrustedVerifierThatHandsOverAForgedProofMovesNoMoney() throws {
            let state = stateDirectory()
            let environment = drillEnvironment(state).merging(["DRILL_FORGE": "1"]) { $1 }
            let run = try RedressBinary.run(
                ["handle", "ORD-1001", "--state", state, "--playbooks", drillInline, "--plugins", drillPlugins, "--config", drillConfig], environment: environment)
            #expect(run.status == 1, "\(run.standardOutput)\(run.standardError)")
            #expect(run.standardOutput.contains("pay") && run.standardOutput.contains("refused: identity proof not recognised"), "\(run.standardOutput)")
            #expect(try payments(state).paid == 0)
        }

        @Test func runThatHandsTheCaseToAPersonEndsEscalatedAndExitsFive() throws {
            let state = stateDirectory()
            let started = try RedressBinary.run(["handle", "ORD-1002", "--state", state, "--playbooks", playbooks, "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(started.standardOutput.utf8)) as? [String: Any])
            let id = try #require(object["run_id"] as? String)
            var last = started
            for wrong in ["000001", "000002", "000003"] {
                last = try RedressBinary.run(["resume", id, "--signal", "otp=\(wrong)", "--state", state, "--format", "json"])
            }
            #expect(last.status == 5, "\(last.standardOutput)\(last.standardError)")
            let ended = try #require(try JSONSerialization.jsonObject(with: Data(last.standardOutput.utf8)) as? [String: Any])
            #expect(ended["status"] as? String == "escalated")
            #expect((ended["resolution"] as? String)?.hasPrefix("escalated to tier 2") == true)
            #expect(try RedressBinary.run(["runs", "--state", state]).standardOutput.contains("escalated"))
            #expect(try RedressBinary.run(["runs", "--status", "escalated", "--state", state]).standardOutput.contains(id))
            #expect(try RedressBinary.run(["show", id, "--state", state]).standardOutput.contains("status: escalated"))
            // The case stays closed: handling the order again shows the escalated run, and exits 5.
            let again = try RedressBinary.run(["handle", "ORD-1002", "--state", state, "--playbooks", playbooks])
            #expect(again.status == 5)
            #expect(again.standardOutput.contains("case ended with run \(id) (escalated)"))
        }

        @Test func reopeningNeedsAReasonAndKeepsOneOpenRun() throws {
            let state = stateDirectory()
            let first = try RedressBinary.run(["handle", "ORD-1002", "--state", state, "--playbooks", playbooks, "--format", "json"])
            let id = try #require((try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as? [String: Any])?["run_id"] as? String)
            #expect(try RedressBinary.run(["handle", "ORD-1002", "--reopen", "--state", state, "--playbooks", playbooks]).status == 2)
            // Reopening an open case gets the open run back.
            let open = try RedressBinary.run(["handle", "ORD-1002", "--reopen", "--reason", "asked twice", "--state", state, "--playbooks", playbooks])
            #expect(open.standardOutput.contains("already has an open case: run \(id)"))
            #expect(try RedressBinary.run(["cancel", id, "--reason", "the user asked to start over", "--state", state]).status == 0)
            let reopened = try RedressBinary.run(
                ["handle", "ORD-1002", "--reopen", "--reason", "user called back", "--state", state, "--playbooks", playbooks, "--format", "json"])
            #expect(reopened.status == 3, "\(reopened.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(reopened.standardOutput.utf8)) as? [String: Any])
            let newID = try #require(object["run_id"] as? String)
            #expect(newID != id && object["case"] as? String == "opened")
            #expect(try RedressBinary.run(["show", newID, "--state", state]).standardOutput.contains("reopened_because=user called back"))
        }

        @Test func runOfAPlaybookThatDoesNotFitTheOrderIsRefusedUnlessForcedWithAReason() throws {
            let state = stateDirectory()
            let frozen = PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks/funds-frozen.yaml").path
            let refused = try RedressBinary.run(["run", frozen, "-i", "order_id=ORD-5001", "--state", state])
            #expect(refused.status == 2)
            #expect(refused.standardError.contains("ORD-5001 is classified as normal, but"))
            #expect(refused.standardError.contains("redress handle ORD-5001"))
            #expect(try RedressBinary.run(["run", frozen, "-i", "order_id=ORD-5001", "--force", "--state", state]).status == 2)
            let stored = FileManager.default.fileExists(atPath: (state as NSString).appendingPathComponent("redress.sqlite")) ? try statuses(state) : [:]
            #expect(stored.isEmpty)
            let forced = try RedressBinary.run(
                ["run", frozen, "-i", "order_id=ORD-5001", "--force", "--reason", "support asked for a re-check", "--state", state, "--format", "json"])
            let id = try #require((try JSONSerialization.jsonObject(with: Data(forced.standardOutput.utf8)) as? [String: Any])?["run_id"] as? String)
            #expect(try RedressBinary.run(["show", id, "--state", state]).standardOutput.contains("forced_because=support asked for a re-check"))
            let fits = try RedressBinary.run(["run", frozen, "-i", "order_id=ORD-2001", "--state", state])
            #expect(fits.status == 3, "\(fits.standardError)")
        }

        @Test func handleAnswersInJSONInEveryCase() throws {
            let state = stateDirectory()
            for (order, expected, status) in [("ORD-5001", "none", Int32(0)), ("ORD-0000", "none", 2), ("ORD-2001", "opened", 3), ("ORD-2001", "already_open", 3)] {
                let output = try RedressBinary.run(["handle", order, "--state", state, "--playbooks", playbooks, "--format", "json"])
                #expect(output.status == status, "\(order): \(output.standardError)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any], "\(output.standardOutput)")
                #expect(object["case"] as? String == expected)
                #expect(object["order"] as? String == order)
            }
        }
    }
}

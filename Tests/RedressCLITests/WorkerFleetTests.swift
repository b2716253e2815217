import Foundation
import GRDB
import RedressTestSupport
import Testing

extension CommandLineTests {
    /// `redress worker` processes draining one store while one is killed with SIGKILL and
    /// another is paused (SIGSTOP) past its lease and resumed: every run ends once, every
    /// message is sent once, every audit chain verifies. On SQLite, and on PostgreSQL with the
    /// database restarted during the drain.
    @Suite(.serialized) struct WorkerFleetTests {
        static let runs = 90

        static let playbook = """
            playbook: drill
            title: Fleet drill
            anomaly: system_timeout
            inputs:
              order_id: {type: string, required: true}
            defaults:
              timeout: 30s
            steps:
              - id: check
                uses: wallet.check_status
                with: {order_id: "${{ inputs.order_id }}"}
                on: {not_found: done}
              - id: pause
                uses: flow.wait
                with: {duration: 6s}
              - id: tell
                uses: wallet.contact_user
                with:
                  user_id: ${{ steps.check.output.user_id }}
                  order_id: ${{ inputs.order_id }}
                  message: drill
              - id: done
                uses: flow.finish
                with: {resolution: told once}
            messages:
              drill:
                zh-CN: "订单 {order} 演练消息。"
                en: "Drill message for order {order}."
            """

        /// Opens `runs` cases that park for 6 s (past the engine's 5 s in-process wait), starts three workers, kills one and pauses
        /// another, and checks the outcome.
        func drill(store: String?, restart: (() throws -> Void)? = nil) throws {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-fleet-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            let file = (state as NSString).appendingPathComponent("drill.yaml")
            try Self.playbook.write(toFile: file, atomically: true, encoding: .utf8)
            let storeArguments = store.map { ["--store", $0] } ?? []
            #expect(try RedressBinary.run(["sandbox", "generate", "\(Self.runs)", "--state", state]).status == 0)
            let orders = (1...Self.runs).map { String(format: "ORD-G%07d", $0) }
            let opening = Date()
            for order in orders {
                let opened = try RedressBinary.run(["run", file, "-i", "order_id=\(order)", "--force", "--reason", "drill", "--state", state] + storeArguments)
                #expect(opened.status == 3, "\(order): \(opened.standardOutput)\(opened.standardError)")
            }
            // Every run is due before the workers start, so they split the work in batches and
            // the kill and the pause land while runs are claimed and in flight.
            Thread.sleep(forTimeInterval: max(0, 6.5 - Date().timeIntervalSince(opening)))
            let workers = try (0..<3).map { index in
                try RedressBinary.start(
                    ["worker", "--id", "w\(index)", "--concurrency", "4", "--lease", "2s", "--poll", "100ms", "--state", state] + storeArguments)
            }
            // Whatever happens below, no worker outlives the test.
            defer { for worker in workers { worker.send(SIGKILL) } }
            Thread.sleep(forTimeInterval: 0.6)
            workers[0].send(SIGKILL)
            workers[1].send(SIGSTOP)
            Thread.sleep(forTimeInterval: 1.5)
            // The database restarts while the third worker drains (PostgreSQL): connections are
            // cut mid-transaction, and the workers carry on once it is back.
            try restart?()
            Thread.sleep(forTimeInterval: 1.5)
            workers[1].send(SIGCONT)
            var completed = 0
            let deadline = Date().addingTimeInterval(90)
            while completed < Self.runs, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.5)
                let listed = try RedressBinary.run(["runs", "--status", "completed", "--limit", "10000", "--format", "json", "--state", state] + storeArguments)
                completed = ((try? JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8))) as? [Any])?.count ?? 0
            }
            for worker in workers.dropFirst() { worker.send(SIGTERM) }
            let exits = try workers.map { try $0.wait(killingAfter: 60) }
            #expect(completed == Self.runs, "\(completed) of \(Self.runs) runs completed")
            #expect(exits[1].status == 0 && exits[2].status == 0, "\(exits[1].standardError)\n\(exits[2].standardError)")
            let sent = try DatabaseQueue(path: (state as NSString).appendingPathComponent("sandbox.sqlite")).read { db in
                try Row.fetchAll(db, sql: "SELECT order_id, COUNT(*) AS n FROM outbox WHERE template = 'drill' GROUP BY order_id")
            }
            #expect(sent.count == Self.runs, "\(sent.count) orders got the message")
            #expect(sent.allSatisfy { ($0["n"] as Int) == 1 }, "an order got the message twice: \(sent.filter { ($0["n"] as Int) != 1 })")
            let verified = try RedressBinary.run(["audit", "verify", "--state", state] + storeArguments)
            #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
        }

        @Test func threeWorkersOnSQLiteSurviveAKilledAndAPausedWorker() throws {
            try drill(store: nil)
        }

        @Test(.enabled(if: PostgresServer.isInstalled, "PostgreSQL is not installed here: install Debian's postgresql"))
        func threeWorkersOnPostgreSQLSurviveAKilledAndAPausedWorkerAndADatabaseRestart() throws {
            let server = try PostgresServer()
            defer { server.stop() }
            try drill(store: try server.createDatabase("fleet"), restart: server.restart)
        }

        /// An idle worker polling once a minute hears at once (LISTEN/NOTIFY) that another
        /// process parked a run with a 6 s timer, and drives it when the timer is due, not at its
        /// next poll.
        @Test(.enabled(if: PostgresServer.isInstalled, "PostgreSQL is not installed here: install Debian's postgresql"))
        func anIdleWorkerOnPostgreSQLIsWokenByARunParkedElsewhere() throws {
            let server = try PostgresServer()
            defer { server.stop() }
            let store = try server.createDatabase("hints")
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-hints-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            let file = (state as NSString).appendingPathComponent("drill.yaml")
            try Self.playbook.write(toFile: file, atomically: true, encoding: .utf8)
            #expect(try RedressBinary.run(["sandbox", "generate", "1", "--state", state]).status == 0)
            let worker = try RedressBinary.start(["worker", "--poll", "60s", "--state", state, "--store", store])
            defer { worker.send(SIGKILL) }
            // The worker's first round finds nothing and settles into its 60 s sleep.
            Thread.sleep(forTimeInterval: 2)
            let opened = try RedressBinary.run(["run", file, "-i", "order_id=ORD-G0000001", "--force", "--reason", "hint", "--state", state, "--store", store])
            #expect(opened.status == 3, "\(opened.standardOutput)\(opened.standardError)")
            let parkedAt = Date()
            var completed = 0
            while completed == 0, Date().timeIntervalSince(parkedAt) < 25 {
                Thread.sleep(forTimeInterval: 0.5)
                let listed = try RedressBinary.run(["runs", "--status", "completed", "--format", "json", "--state", state, "--store", store])
                completed = ((try? JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8))) as? [Any])?.count ?? 0
            }
            let waited = Date().timeIntervalSince(parkedAt)
            worker.send(SIGTERM)
            let exit = try worker.wait(killingAfter: 60)
            #expect(completed == 1, "the parked run was not driven within 25 s of parking (the worker polls every 60 s)")
            #expect(waited < 25)
            #expect(exit.status == 0, "\(exit.standardError)")
            #expect(exit.standardError.contains("driven 1: 1 completed"), "\(exit.standardError)")
        }
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

extension CommandLineTests {
    /// `redress serve` as a process: it refuses to serve without actors that have tokens, serves
    /// the API on the port it prints, its embedded worker drives the cases it opens (not with
    /// `--no-worker`), and SIGTERM ends it with exit status 0.
    @Suite(.serialized) struct ServeCommandTests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        struct NoURL: Error, CustomStringConvertible {
            var description: String { "redress serve printed no URL within 20 s" }
        }

        /// A state folder with a configuration of two actors (app: ingest; ops: operator); their tokens.
        static func team() throws -> (state: String, tokens: [String: String]) {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-serve-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            var tokens: [String: String] = [:]
            var lines = ["actors:"]
            for (name, role) in [("app", "ingest"), ("ops", "operator")] {
                let made = try RedressBinary.run(["actors", "token"]).standardOutput
                let fields = Dictionary(uniqueKeysWithValues: made.split(separator: "\n").map { line in
                    let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                })
                tokens[name] = fields["token"]
                lines.append("  \(name): {roles: [\(role)], token_sha256: \(fields["token_sha256"] ?? "")}")
            }
            try lines.joined(separator: "\n").write(toFile: (state as NSString).appendingPathComponent("redress.yaml"), atomically: true, encoding: .utf8)
            return (state, tokens)
        }

        /// Starts `redress serve` and waits for the URL it prints.
        static func serve(_ arguments: [String]) throws -> (RedressBinary.Running, String) {
            let server = try RedressBinary.start(["serve", "--port", "0"] + arguments, directory: Self.repository.path)
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if let line = server.standardOutputSoFar().split(separator: "\n").first(where: { $0.hasPrefix("serving ") }) {
                    return (server, String(line.dropFirst("serving ".count)))
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            server.send(SIGKILL)
            throw NoURL()
        }

        static func call(_ method: HTTPMethod, _ url: String, token: String, body: String? = nil) async throws -> [String: Any] {
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            if let body { request.body = .bytes(ByteBuffer(string: body)) }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            return ((try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any]) ?? [:]
        }

        @Test func servingNeedsActorsWithTokens() throws {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-serve-\(UUID().uuidString)").path
            let refused = try RedressBinary.run(["serve", "--port", "0", "--state", state], directory: Self.repository.path)
            #expect(refused.status == 2)
            #expect(refused.standardError.contains("serving needs actors with tokens"))
        }

        @Test func theEmbeddedWorkerDrivesOpenedCasesAndSIGTERMExitsZero() async throws {
            let (state, tokens) = try Self.team()
            let (server, url) = try Self.serve(["--state", state])
            defer { server.send(SIGKILL) }
            let opened = try await Self.call(.POST, url + "/v1/cases", token: tokens["app"] ?? "", body: #"{"order_id":"ORD-1001"}"#)
            let run = try #require((opened["run"] as? [String: Any])?["id"] as? String, "\(opened)")
            var waitingFor: String?
            let deadline = Date().addingTimeInterval(15)
            while waitingFor == nil, Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
                waitingFor = try await Self.call(.GET, url + "/v1/runs/\(run)", token: tokens["ops"] ?? "")["waiting_for"] as? String
            }
            #expect(waitingFor == "otp", "the worker did not drive the case to its 2FA wait")
            // What happened shows on /metrics (no token needed), in Prometheus's text format.
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/metrics"), timeout: .seconds(10))
            let metrics = String(buffer: try await response.body.collect(upTo: 1 << 20))
            for line in [
                #"redress_cases_opened_total{anomaly="transaction_failed"} 1"#, #"redress_runs{status="waiting"} 1.0"#,
                #"redress_step_duration_seconds_count{handler="wallet.check_status",outcome="found"} 1"#,
                #"redress_time_to_first_contact_seconds_count{anomaly="transaction_failed"} 1"#,
            ] {
                #expect(metrics.contains(line), "/metrics lacks \(line):\n\(metrics)")
            }
            server.send(SIGTERM)
            let exit = try server.wait(killingAfter: 60)
            #expect(exit.status == 0, "\(exit.standardError)")
        }

        @Test func withNoWorkerOpenedCasesWaitForAWorkerProcess() async throws {
            let (state, tokens) = try Self.team()
            let (server, url) = try Self.serve(["--state", state, "--no-worker"])
            defer { server.send(SIGKILL) }
            let opened = try await Self.call(.POST, url + "/v1/cases", token: tokens["app"] ?? "", body: #"{"order_id":"ORD-1001"}"#)
            let run = try #require((opened["run"] as? [String: Any])?["id"] as? String, "\(opened)")
            try await Task.sleep(for: .seconds(2))
            #expect(try await Self.call(.GET, url + "/v1/runs/\(run)", token: tokens["ops"] ?? "")["status"] as? String == "pending")
            server.send(SIGTERM)
            #expect(try server.wait(killingAfter: 60).status == 0)
        }

        /// `redress serve` killed with SIGKILL while 32 intakes at a time come in: after a restart,
        /// every order whose intake was answered (201 or 200) has exactly one run, no order has
        /// two, and the restarted server's worker drives every run out of `pending`.
        @Test func aServerKilledMidIntakeLosesNoAnsweredCaseAndDuplicatesNone() async throws {
            try await intakeDrill(stoppedBy: SIGKILL)
        }

        /// The same with SIGTERM, the embedded worker running: no request gets a 5xx, the server
        /// exits 0, and no run is left claimed (`running`) by it.
        @Test func aServerStoppedWithSIGTERMMidIntakeFinishesWhatItAcceptedAndReleasesItsRuns() async throws {
            try await intakeDrill(stoppedBy: SIGTERM)
        }

        /// Sends intakes for 300 orders, 32 at a time, stops the server with `signal` once a third
        /// were answered, restarts it, and checks every order's runs.
        func intakeDrill(stoppedBy signal: Int32) async throws {
            let (state, tokens) = try Self.team()
            #expect(try RedressBinary.run(["sandbox", "generate", "300", "--state", state]).status == 0)
            let orders = (1...300).map { String(format: "ORD-G%07d", $0) }
            let (first, url) = try Self.serve(["--state", state] + (signal == SIGKILL ? ["--no-worker"] : []))
            defer { first.send(SIGKILL) }
            let token = tokens["app"] ?? ""
            let pid = first.process.processIdentifier
            // The signal lands once a third of the orders were answered, whatever the machine's speed.
            let progress = AnswerCount()
            let (answered, failed) = try await withThrowingTaskGroup(of: ([String], [Int]).self) { group in
                for lane in 0..<32 {
                    group.addTask {
                        var mine: [String] = []
                        var errors: [Int] = []
                        for order in stride(from: lane, to: orders.count, by: 32).map({ orders[$0] }) {
                            // Requests after the signal could only be refused: stop sending.
                            if progress.current >= orders.count / 3 { break }
                            var request = HTTPClientRequest(url: url + "/v1/cases")
                            request.method = .POST
                            request.headers.add(name: "Authorization", value: "Bearer \(token)")
                            request.body = .bytes(ByteBuffer(string: #"{"order_id":"\#(order)"}"#))
                            guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)) else { continue }
                            _ = try? await response.body.collect(upTo: 1 << 20)
                            if response.status == .created || response.status == .ok {
                                mine.append(order)
                                if progress.add() == orders.count / 3 { kill(pid, signal) }
                            } else {
                                errors.append(Int(response.status.code))
                            }
                        }
                        return (mine, errors)
                    }
                }
                var all: [String] = []
                var statuses: [Int] = []
                for try await (part, errors) in group {
                    all += part
                    statuses += errors
                }
                return (all, statuses)
            }
            let stopped = try first.wait(killingAfter: 60)
            #expect(!answered.isEmpty && answered.count < orders.count, "the signal did not land mid-intake (\(answered.count) answered)")
            #expect(failed.isEmpty, "answers other than 201/200: \(failed)")
            if signal == SIGTERM {
                #expect(stopped.status == 0, "\(stopped.standardError)")
                let running = try RedressBinary.run(["runs", "--status", "running", "--format", "json", "--state", state])
                #expect(((try? JSONSerialization.jsonObject(with: Data(running.standardOutput.utf8))) as? [Any])?.count == 0, "\(running.standardOutput)")
            }
            let (second, secondURL) = try Self.serve(["--state", state])
            defer { second.send(SIGKILL) }
            let operatorToken = tokens["ops"] ?? ""
            for order in orders {
                let total = try await Self.call(.GET, secondURL + "/v1/runs?order=\(order)", token: operatorToken)["total"] as? Int ?? -1
                if answered.contains(order) {
                    #expect(total == 1, "\(order) was answered but has \(total) runs")
                } else {
                    #expect(total == 0 || total == 1, "\(order) has \(total) runs")
                }
            }
            var pending = -1
            let deadline = Date().addingTimeInterval(60)
            while pending != 0, Date() < deadline {
                try await Task.sleep(for: .milliseconds(500))
                pending = try await Self.call(.GET, secondURL + "/v1/runs?status=pending&limit=1", token: operatorToken)["total"] as? Int ?? -1
            }
            #expect(pending == 0, "\(pending) runs were still pending a minute after the restart")
            second.send(SIGTERM)
            #expect(try second.wait(killingAfter: 60).status == 0)
        }
    }
}

/// How many intakes were answered so far, across the drill's tasks.
final class AnswerCount: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts one more; the count after it.
    func add() -> Int { count.add(1, ordering: .relaxed).newValue }

    /// The count so far.
    var current: Int { count.load(ordering: .relaxed) }
}

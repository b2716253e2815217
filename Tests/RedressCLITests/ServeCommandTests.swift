import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
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
            #expect(refused.standardError.contains("serving needs actors with tokens in redress.yaml"))
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
    }
}

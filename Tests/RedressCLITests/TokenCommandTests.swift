import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

extension CommandLineTests {
    /// `redress token`: tokens issued to configured actors work on the API until revoked or
    /// expired (at once, without restarting the server), and only their digests are kept.
    @Suite(.serialized) struct TokenCommandTests {
        static func status(_ url: String, token: String) async throws -> Int {
            var request = HTTPClientRequest(url: url + "/v1/runs")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        }

        @Test func anIssuedTokenWorksUntilRevokedOrExpiredAndOnlyItsDigestIsKept() async throws {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-tokens-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            try "actors:\n  ops: {roles: [operator]}\n".write(toFile: (state as NSString).appendingPathComponent("redress.yaml"), atomically: true, encoding: .utf8)
            let stranger = try RedressBinary.run(["token", "create", "--actor", "mallory", "--state", state])
            #expect(stranger.status == 2)
            #expect(stranger.standardError.contains("'mallory' is not an actor configured in redress.yaml (configured: ops)"))
            func issue(_ extra: [String]) throws -> (token: String, id: String) {
                let made = try RedressBinary.run(["token", "create", "--actor", "ops", "--state", state] + extra)
                let fields = Dictionary(uniqueKeysWithValues: made.standardOutput.split(separator: "\n").map { line in
                    let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                })
                return (fields["token"] ?? "", fields["id"] ?? "")
            }
            let lasting = try issue(["--note", "ops laptop"])
            let brief = try issue(["--expires", "2s"])
            #expect(lasting.token.hasPrefix("rdt_") && lasting.id.hasPrefix("tok_"))
            let file = (state as NSString).appendingPathComponent("tokens.json")
            let stored = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!stored.contains(lasting.token) && !stored.contains(brief.token))
            #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)

            let (server, url) = try ServeCommandTests.serve(["--state", state])
            defer { server.send(SIGKILL) }
            #expect(try await Self.status(url, token: lasting.token) == 200)
            #expect(try await Self.status(url, token: brief.token) == 200)
            try await Task.sleep(for: .milliseconds(2_500))
            #expect(try await Self.status(url, token: brief.token) == 401, "an expired token still worked")
            let revoked = try RedressBinary.run(["token", "revoke", lasting.id, "--state", state])
            #expect(revoked.status == 0, "\(revoked.standardError)")
            #expect(try await Self.status(url, token: lasting.token) == 401, "a revoked token still worked")
            #expect(try RedressBinary.run(["token", "revoke", lasting.id, "--state", state]).status == 2)
            let listed = try RedressBinary.run(["token", "list", "--state", state]).standardOutput
            #expect(listed.contains("revoked") && listed.contains("expired") && listed.contains("ops laptop"), "\(listed)")
            #expect(!listed.contains("rdt_"))
            server.send(SIGTERM)
            #expect(try server.wait(killingAfter: 60).status == 0)
        }
    }
}

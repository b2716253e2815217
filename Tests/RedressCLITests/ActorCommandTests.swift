import Foundation
import Testing

extension CommandLineTests {
    /// Configured actors on the command line: each command checks the actor's role (and token),
    /// refusals exit 2 and are written to the run's audit trail, a user's code is recorded as the
    /// user's with the operator as its deliverer, and four-eyes counts that operator in.
    @Suite struct ActorCommandTests {
        private var playbooks: String { PlaybookValidationCLITests.repository.appendingPathComponent("Playbooks").path }

        /// A state directory whose redress.yaml configures an ingest service, two operators (one
        /// also a reviewer) and a reviewer who proves herself with a token; returns it and the token.
        private func team() throws -> (state: String, config: String, token: String) {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("redress-actors-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            let minted = try RedressBinary.run(["actors", "token"]).standardOutput
            let fields = Dictionary(
                uniqueKeysWithValues: minted.split(separator: "\n").map { line in
                    let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    return (parts[0], parts[1])
                })
            let token = try #require(fields["token"])
            let digest = try #require(fields["token_sha256"])
            let config = (state as NSString).appendingPathComponent("team.yaml")
            try """
                actors:
                  app: {roles: [ingest]}
                  alice: {roles: [operator]}
                  sam: {roles: [operator, reviewer]}
                  rita: {roles: [reviewer], token_sha256: \(digest)}
                """.write(toFile: config, atomically: true, encoding: .utf8)
            return (state, config, token)
        }

        private func resume(_ run: String, _ signal: String, as actor: String, _ team: (state: String, config: String, token: String), input: String? = nil, token: String? = nil)
            throws -> RedressBinary.Output
        {
            try RedressBinary.run(
                ["resume", run, "--signal", signal, "--as", actor, "--state", team.state, "--config", team.config], environment: ["REDRESS_TOKEN": token ?? ""],
                input: input)
        }

        @Test func rolesTokensAndFourEyesAreEnforcedAndEveryRefusalIsAudited() throws {
            let team = try team()
            let opened = try RedressBinary.run(
                ["handle", "ORD-2001", "--as", "app", "--state", team.state, "--playbooks", playbooks, "--config", team.config, "--format", "json"])
            #expect(opened.status == 3, "\(opened.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(opened.standardOutput.utf8)) as? [String: Any])
            let run = try #require(object["run_id"] as? String)
            let code = try RedressBinary.run(["sandbox", "totp", "u-2001", "--state", team.state]).standardOutput

            let stranger = try resume(run, "otp=-", as: "mallory", team, input: code)
            #expect(stranger.status == 2)
            #expect(stranger.standardError.contains("'mallory' is not a configured actor (actors in redress.yaml: alice, app, rita, sam)"))
            let ingest = try RedressBinary.run(["cancel", run, "--reason", "no", "--as", "app", "--state", team.state, "--config", team.config])
            #expect(ingest.status == 2)
            #expect(ingest.standardError.contains("actor 'app' (ingest) may not cancel a run; that needs the role operator"), "\(ingest.standardError)")

            // sam passes on the user's code: it is the user's signal, delivered by sam.
            let verified = try resume(run, "otp=-", as: "sam", team, input: code)
            #expect(verified.status == 3, "\(verified.standardError)")
            let operatorDecides = try resume(run, "decision=approve", as: "alice", team)
            #expect(operatorDecides.status == 2)
            #expect(operatorDecides.standardError.contains("may not decide a review; that needs the role reviewer"))
            let selfApproval = try resume(run, "decision=approve", as: "sam", team)
            #expect(selfApproval.status == 2)
            #expect(selfApproval.standardError.contains("refused signal 'decision'"), "\(selfApproval.standardError)")
            #expect(try resume(run, "decision=approve", as: "rita", team).standardError.contains("actor 'rita' needs its token in REDRESS_TOKEN"))
            #expect(try resume(run, "decision=approve", as: "rita", team, token: "rdt_guess").status == 2)

            let approved = try resume(run, "decision=approve: documents checked", as: "rita", team, token: team.token)
            #expect(approved.standardOutput.contains("✓ release                unfrozen"), "\(approved.standardOutput)\(approved.standardError)")
            let trail = try RedressBinary.run(["show", run, "--state", team.state, "--format", "json"]).standardOutput
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(trail.utf8)) as? [String: Any])
            let events = try #require((shown["audit"] as? [String: Any])?["entries"] as? [[String: Any]], "\(shown.keys)")
            let byKind = events.map { "\($0["kind"] ?? "") \($0["actor"] ?? "")" }
            for expected in [
                "run.created app", "actor.refused mallory", "actor.refused app", "signal.received u-2001", "actor.refused alice", "signal.refused sam",
                "actor.refused rita", "signal.received rita",
            ] {
                #expect(byKind.contains(expected), "\(expected) not in \(byKind)")
            }
            let delivered = events.first { ($0["kind"] as? String) == "signal.received" && ($0["actor"] as? String) == "u-2001" }
            #expect((delivered?["data"] as? [String: Any])?["delivered_by"] as? String == "sam")
            #expect(!trail.contains(team.token) && !trail.contains(code.trimmingCharacters(in: .whitespacesAndNewlines)))
        }

        @Test func anUnknownActorCannotOpenACaseAndTheListingShowsRolesNotTokens() throws {
            let team = try team()
            let refused = try RedressBinary.run(["handle", "ORD-2001", "--as", "mallory", "--state", team.state, "--playbooks", playbooks, "--config", team.config])
            #expect(refused.status == 2)
            #expect(try RedressBinary.run(["runs", "--state", team.state]).standardOutput.contains("ORD-2001") == false)
            let listing = try RedressBinary.run(["actors", "--config", team.config])
            #expect(listing.standardOutput.contains("rita") && listing.standardOutput.contains("reviewer") && listing.standardOutput.contains("token"))
            #expect(!listing.standardOutput.contains(team.token))
        }
    }
}

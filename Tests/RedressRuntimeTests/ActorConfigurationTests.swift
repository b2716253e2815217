import Foundation
import RedressDiagnostics
import RedressRuntime
import Testing

/// `actors:` in redress.yaml, and what the directory lets each actor do.
@Suite struct ActorConfigurationTests {
    static func load(_ text: String) throws -> Result<RedressConfiguration, RedressConfiguration.Problems> {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("redress-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return RedressConfiguration.load(path: path)
    }

    static let digest = ActorDirectory.digest("s3cret-token")

    @Test func actorsAreReadWithTheirRolesAndTokenDigests() throws {
        let loaded = try Self.load(
            """
            actors:
              alice: {roles: [operator]}
              rita: {roles: [reviewer, admin], token_sha256: \(Self.digest.uppercased())}
            """)
        let configuration = try loaded.get()
        #expect(configuration.actors?["alice"] == ConfiguredActor(name: "alice", roles: [.operator]))
        #expect(configuration.actors?["rita"] == ConfiguredActor(name: "rita", roles: [.reviewer, .admin], tokenSHA256: Self.digest))
    }

    @Test func everyMistakeIsReportedAtItsPositionAndNoActorListIsHalfRead() throws {
        let loaded = try Self.load(
            """
            actors:
              alice: {roles: [operater]}
              "bad name!": {roles: [reviewer]}
              rita: {roles: [reviewer], token_sha256: s3cret-token}
              bob: {}
            """)
        guard case .failure(let problems) = loaded else {
            Issue.record("a file with errors was accepted")
            return
        }
        let found = problems.diagnostics.map { "\($0.mark.line):\($0.mark.column) \($0.code)" }
        #expect(found == ["2:19 bad-value", "3:3 bad-identifier", "4:43 bad-value", "5:3 missing-key"], "\(problems.diagnostics)")
        #expect(problems.diagnostics[0].message == "unknown role 'operater'; did you mean 'operator'?")
        // The token itself must never be echoed back by the diagnostic.
        #expect(!problems.diagnostics[2].message.contains("s3cret-token"))
    }

    @Test func withoutActorsAnyNameMayDoAnything() {
        let directory = ActorDirectory(actors: nil)
        for action in ActorAction.allCases { #expect(directory.authorize("whoever", token: nil, for: action) == .success("whoever")) }
    }

    @Test func aConfiguredActorActsOnlyWithinItsRolesAndWithItsToken() {
        let directory = ActorDirectory(actors: [
            "alice": ConfiguredActor(name: "alice", roles: [.operator]), "app": ConfiguredActor(name: "app", roles: [.ingest]),
            "rita": ConfiguredActor(name: "rita", roles: [.reviewer], tokenSHA256: Self.digest),
        ])
        #expect(directory.authorize("alice", token: nil, for: .deliverUserSignal) == .success("alice"))
        #expect(directory.authorize("app", token: nil, for: .openCase) == .success("app"))
        func refusal(_ name: String, _ token: String?, _ action: ActorAction) -> String? {
            if case .failure(let refusal) = directory.authorize(name, token: token, for: action) { return refusal.message }
            return nil
        }
        #expect(refusal("mallory", nil, .openCase) == "'mallory' is not a configured actor (actors in redress.yaml: alice, app, rita); act as one with --as or REDRESS_ACTOR")
        #expect(refusal("alice", nil, .decideReview) == "actor 'alice' (operator) may not decide a review; that needs the role reviewer")
        // The app's backend relays the user's code; it sends no operator's signal.
        #expect(refusal("app", nil, .deliverUserSignal) == nil)
        #expect(refusal("app", nil, .deliverOperatorSignal) == "actor 'app' (ingest) may not send an operator's signal; that needs the role operator")
        #expect(refusal("rita", nil, .decideReview) == "actor 'rita' needs its token in REDRESS_TOKEN")
        #expect(refusal("rita", "guess", .decideReview) == "the token in REDRESS_TOKEN is not actor 'rita''s")
        #expect(refusal("rita", "s3cret-token", .decideReview) == nil)
        #expect(refusal("rita", "s3cret-token", .cancel) == "actor 'rita' (reviewer) may not cancel a run; that needs the role operator")
    }

    @Test func aNewTokenIsRandomAndItsDigestIsItsSHA256() {
        let (first, digest) = ActorDirectory.newToken()
        let (second, _) = ActorDirectory.newToken()
        #expect(first != second && first.hasPrefix("rdt_") && first.count > 40)
        #expect(digest == ActorDirectory.digest(first) && digest.count == 64)
    }
}

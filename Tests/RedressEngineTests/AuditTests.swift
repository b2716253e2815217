import Foundation
import RedressEngine
import RedressPlaybook
import RedressPluginAPI
import Testing

@Suite struct AuditTests {
    private func finishedRun() async throws -> (InMemoryRunStore, String) {
        let store = InMemoryRunStore()
        let engine = try Fixture.engine([], store: store)
        let text = Fixture.playbook("  - id: note\n    uses: flow.log\n    with: {message: hello}\n  - id: done\n    uses: flow.finish\n    with: {resolution: ok}")
        let run = try await engine.drive(try await engine.start(playbookText: text, path: "t.yaml", inputs: [:]).id)
        return (store, run.id)
    }

    @Test func untouchedChainVerifies() async throws {
        let (store, id) = try await finishedRun()
        let records = try await store.audit(for: id)
        #expect(records.count >= 5)
        #expect(AuditChain.firstBreak(in: records) == nil)
    }

    @Test func flippedContentIsFoundAtItsRecord() async throws {
        let (store, id) = try await finishedRun()
        var records = try await store.audit(for: id)
        records[2].event.data["outcome"] = .string("forged")
        #expect(AuditChain.firstBreak(in: records)?.position == 3)
    }

    @Test func deletedRecordIsFound() async throws {
        let (store, id) = try await finishedRun()
        var records = try await store.audit(for: id)
        records.remove(at: 1)
        #expect(AuditChain.firstBreak(in: records)?.position == 2)
        #expect(AuditChain.firstBreak(in: records)?.sequence == 3)
    }

    @Test func reorderedRecordsAreFound() async throws {
        let (store, id) = try await finishedRun()
        var records = try await store.audit(for: id)
        records.swapAt(1, 2)
        #expect(AuditChain.firstBreak(in: records)?.position == 2)
    }

    @Test func insertedRecordIsFoundEvenWithAValidLookingHash() async throws {
        let (store, id) = try await finishedRun()
        var records = try await store.audit(for: id)
        let forged = AuditEvent(kind: "step.finished", actor: "mallory", data: ["outcome": .string("refunded")], at: records[1].event.at)
        let hash = AuditChain.hash(runID: id, sequence: 2, event: forged, previousHash: records[0].hash)
        records.insert(AuditRecord(runID: id, sequence: 2, event: forged, previousHash: records[0].hash, hash: hash), at: 1)
        #expect(AuditChain.firstBreak(in: records)?.position == 3)
    }

    @Test func secretCanaryNeverReachesJournalAuditStateOrLogs() async throws {
        let canary = "913-CANARY-457"
        let store = InMemoryRunStore()
        let clock = VirtualClock()
        let verify = FakeHandler(
            descriptor: Fixture.descriptor(
                "t.verify", outcomes: [.success("verified"), .failure("failed")], parameters: [ParameterSpec("seed", .string, secret: true)],
                policy: HandlerPolicy(hasSideEffects: true, verifiesIdentityOn: ["verified"], isIdempotent: true))
        ) { context in
            guard let signal = context.signal else {
                return .waiting(WaitRequest(signal: "otp", deadline: context.clock.now().addingTimeInterval(600), deadlineOutcome: "failed", isSecret: true))
            }
            return .outcome(signal.value == canary ? "verified" : "failed")
        }
        let engine = try Fixture.engine([verify], store: store, clock: clock)
        let text = Fixture.playbook(
            "  - id: verify\n    uses: t.verify\n    with: {seed: \"\(canary)\"}\n  - id: done\n    uses: flow.finish\n    with: {resolution: verified}")
        let run = try await engine.start(playbookText: text, path: "t.yaml", inputs: [:])
        _ = try await engine.drive(run.id)
        let final = try await engine.drive(run.id, signal: ReceivedSignal(name: "otp", value: canary, sender: "user", receivedAt: clock.now()))
        #expect(final.status == .completed)
        let encoder = JSONEncoder()
        let journal = await String(decoding: try encoder.encode(try store.journal(for: run.id)), as: UTF8.self)
        let audit = await String(decoding: try encoder.encode(try store.audit(for: run.id)), as: UTF8.self)
        var state = final
        state.playbookText = ""  // the playbook itself is the author's text, not run data
        let stored = String(decoding: try encoder.encode(state), as: UTF8.self)
        #expect(!journal.contains(canary))
        #expect(!audit.contains(canary))
        #expect(!stored.contains(canary))
        #expect(audit.contains("‹redacted›") || audit.contains("\\u2039redacted\\u203a"))
    }

    /// Trails already stored must keep verifying: the canonical bytes of a record never change.
    @Test func hashOfAKnownRecordIsStableAcrossVersions() {
        let event = AuditEvent(
            kind: "step.result", actor: "engine",
            data: ["step": .string("pay \"now\" \\ 付款"), "attempt": .integer(2), "output": .object(["ok": .bool(true), "ids": .list([.string("a"), .integer(1)])])],
            at: Date(timeIntervalSince1970: 1_800_000_000.123))
        let hash = AuditChain.hash(runID: "run-1", sequence: 3, event: event, previousHash: AuditChain.genesis)
        #expect(hash == "a38cd8677bc7faf7b00872b859c2babbe82b09397d6b4e511ca1cb914ef53790")
    }
}
import Foundation
import RedressEngine
import RedressPlaybook
import RedressPluginAPI
import RedressTestSupport
import Testing

@Suite struct DurabilityTests {
    static let payPlaybook = Fixture.playbook(
        """
          - id: pay
            uses: t.pay
            retry: {attempts: 3, initial: 1s}
          - id: done
            uses: flow.finish
            with: {resolution: paid}
        """)

    static func payHandler(_ ledger: EffectLedger, idempotent: Bool = true) -> FakeHandler {
        FakeHandler(descriptor: Fixture.descriptor("t.pay", policy: HandlerPolicy(hasSideEffects: true, isIdempotent: idempotent))) { context in
            _ = ledger.apply(key: context.idempotencyKey)
            return .outcome("ok")
        }
    }

    /// How many commits an uninterrupted run makes: every one of them is a crash point.
    static let commitCount: Int = {
        let semaphore = DispatchSemaphore(value: 0)
        let count = Mutex(0)
        Task {
            let store = CrashingStore(InMemoryRunStore(), crashAt: nil)
            if let engine = try? Fixture.engine([payHandler(EffectLedger())], store: store),
                let run = try? await engine.start(playbookText: payPlaybook, path: "t.yaml", inputs: [:])
            {
                _ = try? await engine.drive(run.id)
            }
            count.withLock { $0 = store.commits }
            semaphore.signal()
        }
        semaphore.wait()
        return count.withLock { $0 }
    }()

    static let crashPoints: [CrashingStore.Point] = (1...max(1, commitCount)).flatMap { [.before($0), .after($0)] }

    @Test(arguments: crashPoints)
    func crashAtAnyPointThenResumeMakesTheEffectExactlyOnce(_ point: CrashingStore.Point) async throws {
        // Two commits: the synced intent before `pay`, and the end (carrying pay's synced result).
        // Crashing before or after each covers: before the intent, between intent and call, after
        // the effect but before its result is stored, and after everything.
        #expect(Self.commitCount == 2)
        let ledger = EffectLedger()
        let shared = InMemoryRunStore()
        let clock = VirtualClock()
        let dying = try Fixture.engine([Self.payHandler(ledger)], store: CrashingStore(shared, crashAt: point), clock: clock, owner: "first", leaseDuration: 60)
        let run = try await dying.start(playbookText: Self.payPlaybook, path: "t.yaml", inputs: [:])
        _ = try? await dying.drive(run.id)
        // The first process is gone; once its lease lapses another one picks the run up.
        clock.advance(by: 61)
        let survivor = try Fixture.engine([Self.payHandler(ledger)], store: shared, clock: clock, owner: "second")
        _ = try await survivor.tick()
        let final = try #require(try await shared.load(run.id))
        #expect(final.status == .completed, "\(point): \(final.status)")
        #expect(ledger.effects == 1, "\(point): \(ledger.effects) effects")
        #expect(Set(ledger.keys).count <= 1, "\(point): keys \(ledger.keys)")
    }

    @Test func handlerThatCannotTellParksTheRunForReconciliationInsteadOfRetrying() async throws {
        let ledger = EffectLedger()
        let shared = InMemoryRunStore()
        let clock = VirtualClock()
        // Commit 1 is the intent record of `pay`: crash right after it, before the result.
        let dying = try Fixture.engine(
            [Self.payHandler(ledger, idempotent: false)], store: CrashingStore(shared, crashAt: .after(1)), clock: clock, owner: "first",
            leaseDuration: 60)
        let run = try await dying.start(playbookText: Self.payPlaybook, path: "t.yaml", inputs: [:])
        _ = try? await dying.drive(run.id)
        clock.advance(by: 61)
        let survivor = try Fixture.engine([Self.payHandler(ledger, idempotent: false)], store: shared, clock: clock, owner: "second")
        _ = try await survivor.tick()
        let final = try #require(try await shared.load(run.id))
        #expect(final.status == .needsReconciliation)
        #expect(final.status.exitCode == 4)
        #expect(ledger.calls <= 1)
    }

    @Test func ambiguousResultParksTheRunForReconciliation() async throws {
        let unsure = FakeHandler(descriptor: Fixture.descriptor("t.pay", policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true))) { _ in
            throw StepError(.ambiguous, "the bank timed out after accepting the request")
        }
        let engine = try Fixture.engine([unsure])
        let run = try await engine.drive(try await engine.start(playbookText: Self.payPlaybook, path: "t.yaml", inputs: [:]).id)
        #expect(run.status == .needsReconciliation)
        #expect(run.steps["pay"]?.attempts == 1)
    }

    @Test func secondProcessCannotRunAClaimedRunAndAStaleOwnerIsFencedOff() async throws {
        let store = InMemoryRunStore()
        let clock = VirtualClock()
        let engine = try Fixture.engine([], store: store, clock: clock, owner: "b")
        let run = try await engine.start(playbookText: Fixture.playbook("  - id: done\n    uses: flow.finish\n    with: {resolution: ok}"), path: "t.yaml", inputs: [:])
        let held = try #require(try await store.claim(run.id, owner: "a", until: clock.now().addingTimeInterval(60), now: clock.now()))
        await #expect(throws: EngineError.self) { _ = try await engine.drive(run.id) }
        clock.advance(by: 61)
        #expect(try await engine.drive(run.id).status == .completed)
        // The first owner wakes up and tries to write with its old token.
        var stale = try #require(try await store.load(run.id))
        stale.status = .failed
        await #expect(throws: RunStoreError.leaseLost(run.id)) { try await store.commit(stale, lease: held, journal: [], audit: [], durable: true) }
        #expect(try await store.load(run.id)?.status == .completed)
    }

    @Test func twoProcessesRacingForOneRunCallTheEffectOnce() async throws {
        let ledger = EffectLedger()
        let store = InMemoryRunStore()
        let clock = VirtualClock()
        let slowPay = FakeHandler(descriptor: Fixture.descriptor("t.pay", policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true))) { context in
            try await Task.sleep(nanoseconds: 20_000_000)
            _ = ledger.apply(key: context.idempotencyKey)
            return .outcome("ok")
        }
        let first = try Fixture.engine([slowPay], store: store, clock: clock, owner: "a")
        let second = try Fixture.engine([slowPay], store: store, clock: clock, owner: "b")
        let run = try await first.start(playbookText: Self.payPlaybook, path: "t.yaml", inputs: [:])
        async let a = try? first.drive(run.id)
        async let b = try? second.drive(run.id)
        let results = await [a, b]
        #expect(results.compactMap { $0 }.count == 1)
        #expect(ledger.calls == 1)
        #expect(try await store.load(run.id)?.status == .completed)
    }

    @Test func idempotencyKeyIsStableAcrossRetriesAndNewForEachLoopVisit() async throws {
        let ledger = EffectLedger()
        let calls = EffectLedger()
        let flaky = FakeHandler(descriptor: Fixture.descriptor("t.pay", policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true))) { context in
            _ = ledger.apply(key: context.idempotencyKey)
            if calls.apply(key: UUID().uuidString) == 1, calls.calls == 1 { throw StepError(.retryable, "blip") }
            return .outcome("ok")
        }
        let engine = try Fixture.engine([flaky])
        let text = Fixture.playbook(
            """
              - id: pay
                uses: t.pay
                retry: {attempts: 2, initial: 1s}
              - id: again
                uses: flow.assert
                with: {condition: "${{ steps.pay.attempts == 1 }}"}
                on: {failed: pay}
            """)
        _ = try await engine.drive(try await engine.start(playbookText: text, path: "t.yaml", inputs: [:]).id)
        let keys = ledger.keys
        try #require(keys.count == 3)
        #expect(keys[0] == keys[1])
        #expect(keys[2] != keys[0])
        #expect(keys[2].hasSuffix("/pay/2"))
    }
}

import Synchronization

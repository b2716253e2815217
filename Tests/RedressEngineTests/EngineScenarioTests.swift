import Foundation
import RedressEngine
import RedressPlaybook
import RedressPluginAPI
import Testing

@Suite struct EngineScenarioTests {
    @Test func outcomesRouteAndFinallyAlwaysRuns() async throws {
        let check = FakeHandler(descriptor: Fixture.descriptor("t.check", outcomes: [.success("ok"), .failure("bad")])) { context in
            .outcome(context.string("mode") == "bad" ? "bad" : "ok")
        }
        var checkWithMode = check
        checkWithMode = FakeHandler(
            descriptor: Fixture.descriptor("t.check", outcomes: [.success("ok"), .failure("bad")], parameters: [ParameterSpec("mode", .string)]),
            behaviour: check.behaviour)
        let engine = try Fixture.engine([checkWithMode])
        let text = Fixture.playbook(
            """
              - id: check
                uses: t.check
                with: {mode: "${{ inputs.mode }}"}
                on: {bad: explain}
              - id: done
                uses: flow.finish
                with: {resolution: all good}
              - id: explain
                uses: flow.fail
                with: {reason: "check said bad"}
            """,
            finally: "finally:\n  - id: record\n    uses: flow.log\n    with: {message: \"ended ${{ run.status }}\"}",
            inputs: "inputs:\n  mode: {type: string, required: true}")
        let good = try await engine.drive(try await engine.start(playbookText: text, path: "t.yaml", inputs: ["mode": .string("ok")]).id)
        #expect(good.status == .completed)
        #expect(good.resolution == "all good")
        #expect(good.history.map(\.stepID) == ["check", "done", "record"])
        let bad = try await engine.drive(try await engine.start(playbookText: text, path: "t.yaml", inputs: ["mode": .string("bad")]).id)
        #expect(bad.status == .failed)
        #expect(bad.resolution == "check said bad")
        #expect(bad.history.map { "\($0.stepID):\($0.outcome)" } == ["check:bad", "explain:failed", "record:logged"])
    }

    @Test func retriesFollowTheExponentialScheduleThenSucceed() async throws {
        let failures = EffectLedger()
        let flaky = FakeHandler(descriptor: Fixture.descriptor("t.flaky")) { _ in
            if failures.apply(key: UUID().uuidString) <= 1, failures.calls <= 2 { throw StepError(.retryable, "network blip") }
            return .outcome("ok")
        }
        let store = InMemoryRunStore()
        let engine = try Fixture.engine([flaky], store: store)
        let text = Fixture.playbook(
            "  - id: call\n    uses: t.flaky\n    retry: {attempts: 4, backoff: exponential, initial: 1s, max: 30s}")
        let run = try await engine.drive(try await engine.start(playbookText: text, path: "t.yaml", inputs: [:]).id)
        #expect(run.status == .completed)
        #expect(run.steps["call"]?.attempts == 3)
        let delays = try await store.audit(for: run.id).filter { $0.event.kind == "step.retry" }.map { $0.event.data["delay_ms"] }
        #expect(delays == [.integer(1_000), .integer(2_000)])
    }

    @Test func retriesStopAtMaxAttemptsAndTheRunFails() async throws {
        let broken = FakeHandler(descriptor: Fixture.descriptor("t.broken")) { _ in throw StepError(.retryable, "down") }
        let engine = try Fixture.engine([broken])
        let text = Fixture.playbook("  - id: call\n    uses: t.broken\n    retry: {attempts: 3, initial: 1s}")
        let run = try await engine.drive(try await engine.start(playbookText: text, path: "t.yaml", inputs: [:]).id)
        #expect(run.status == .failed)
        #expect(run.steps["call"]?.attempts == 3)
        #expect(run.history.last?.outcome == "error")
    }

    @Test func fatalErrorsAreNotRetried() async throws {
        let refusing = FakeHandler(descriptor: Fixture.descriptor("t.refuse")) { _ in throw StepError(.fatal, "bad card") }
        let engine = try Fixture.engine([refusing])
        let text = Fixture.playbook("  - id: call\n    uses: t.refuse\n    retry: {attempts: 5}\n    on: {error: end}")
        let run = try await engine.drive(try await engine.start(playbookText: text, path: "t.yaml", inputs: [:]).id)
        #expect(run.status == .completed)
        #expect(run.steps["call"]?.attempts == 1)
    }

    @Test func timeoutCancelsTheHandlerAndItsLateResultIsRecordedNotUsed() async throws {
        let slow = FakeHandler(descriptor: Fixture.descriptor("t.slow")) { _ in
            // Ignores cancellation on purpose, like a badly behaved SDK call: it swallows the
            // cancellation and returns a result anyway, after the step has timed out.
            try? await Task.sleep(nanoseconds: 2_000_000_000)
            return .outcome("ok")
        }
        let store = InMemoryRunStore()
        let engine = try Fixture.engine([slow], store: store)
        let text = Fixture.playbook("  - id: call\n    uses: t.slow\n    timeout: 50ms\n    on: {timeout: end}")
        let run = try await engine.drive(try await engine.start(playbookText: text, path: "t.yaml", inputs: [:]).id)
        #expect(run.history.first?.outcome == "timeout")
        #expect(run.status == .completed)
        try await Task.sleep(nanoseconds: 400_000_000)
        let late = try await store.journal(for: run.id).filter { $0.kind == .late }
        #expect(late.count == 1)
        #expect(late.first?.detail["discarded"] == .bool(true))
    }

    @Test func waitForSignalParksAndResumesOnTheSignal() async throws {
        let clock = VirtualClock()
        let engine = try Fixture.engine([], clock: clock)
        let text = Fixture.playbook(
            """
              - id: ask
                uses: flow.await
                with: {signal: decision, deadline: 1h}
                on: {expired: fail}
              - id: done
                uses: flow.finish
                with: {resolution: "decided ${{ steps.ask.output.value }} by ${{ steps.ask.output.sender }}"}
            """)
        let started = try await engine.start(playbookText: text, path: "t.yaml", inputs: [:])
        let parked = try await engine.drive(started.id)
        #expect(parked.status == .waiting)
        #expect(parked.status.exitCode == 3)
        await #expect(throws: EngineError.self) {
            _ = try await engine.drive(started.id, signal: ReceivedSignal(name: "other", value: "x", sender: "ops", receivedAt: clock.now()))
        }
        let resumed = try await engine.drive(
            started.id, signal: ReceivedSignal(name: "decision", value: "approve", sender: "reviewer-7", receivedAt: clock.now()))
        #expect(resumed.status == .completed)
        #expect(resumed.resolution == "decided approve by reviewer-7")
    }

    @Test func waitDeadlineEndsInExpiredWhenTheClockPassesIt() async throws {
        let clock = VirtualClock()
        let engine = try Fixture.engine([], clock: clock)
        let text = Fixture.playbook(
            "  - id: ask\n    uses: flow.await\n    with: {signal: otp, deadline: 10m}\n    on: {expired: late}\n  - id: done\n    uses: flow.finish\n    with: {resolution: got it}\n  - id: late\n    uses: flow.fail\n    with: {reason: no answer}")
        let run = try await engine.start(playbookText: text, path: "t.yaml", inputs: [:])
        #expect(try await engine.drive(run.id).status == .waiting)
        #expect(try await engine.tick().isEmpty)
        clock.advance(by: 11 * 60)
        let touched = try await engine.tick()
        #expect(touched.map(\.status) == [.failed])
        #expect(touched.first?.history.first?.outcome == "expired")
    }

    @Test func timersShorterThanTheInlineLimitAreSleptLongerOnesPark() async throws {
        let clock = VirtualClock()
        let engine = try Fixture.engine([], clock: clock)
        let short = Fixture.playbook("  - id: pause\n    uses: flow.wait\n    with: {duration: 2s}")
        #expect(try await engine.drive(try await engine.start(playbookText: short, path: "t.yaml", inputs: [:]).id).status == .completed)
        let long = Fixture.playbook("  - id: pause\n    uses: flow.wait\n    with: {duration: 24h}")
        let run = try await engine.start(playbookText: long, path: "t.yaml", inputs: [:])
        let parked = try await engine.drive(run.id)
        #expect(parked.status == .waiting)
        #expect(parked.wakeAt == clock.now().addingTimeInterval(86_400))
        clock.advance(by: 86_400)
        #expect(try await engine.tick().first?.status == .completed)
    }

    @Test func slaBreachRoutesToOnBreachEvenWhileWaiting() async throws {
        let clock = VirtualClock()
        let store = InMemoryRunStore()
        let engine = try Fixture.engine([], store: store, clock: clock)
        let text = Fixture.playbook(
            """
              - id: ask
                uses: flow.await
                with: {signal: otp, deadline: 2h}
              - id: done
                uses: flow.finish
                with: {resolution: answered}
              - id: escalate
                uses: flow.fail
                with: {reason: "SLA breached; escalated"}
            """, sla: "sla:\n  respond_within: 15m\n  on_breach: escalate")
        let run = try await engine.start(playbookText: text, path: "t.yaml", inputs: [:])
        let parked = try await engine.drive(run.id)
        #expect(parked.wakeAt == clock.now().addingTimeInterval(15 * 60))
        clock.advance(by: 16 * 60)
        let after = try #require(try await engine.tick().first)
        #expect(after.status == .failed)
        #expect(after.resolution == "SLA breached; escalated")
        #expect(after.sla.breached == ["respond"])
        #expect(after.history.map(\.outcome) == ["interrupted", "failed"])
        #expect(try await store.audit(for: run.id).contains { $0.event.kind == "sla.breached" })
    }

    @Test func invalidPlaybookNeverRunsAndInvalidInputsAreRefused() async throws {
        let engine = try Fixture.engine([])
        await #expect(throws: EngineError.self) {
            _ = try await engine.start(playbookText: Fixture.playbook("  - id: x\n    uses: wallet.refnd"), path: "t.yaml", inputs: [:])
        }
        let text = Fixture.playbook(
            "  - id: done\n    uses: flow.finish\n    with: {resolution: \"${{ inputs.order_id }}\"}",
            inputs: "inputs:\n  order_id: {type: string, required: true, pattern: \"ORD-[0-9]+\"}")
        await #expect(throws: EngineError.self) { _ = try await engine.start(playbookText: text, path: "t.yaml", inputs: ["order_id": .string("nope")]) }
        await #expect(throws: EngineError.self) { _ = try await engine.start(playbookText: text, path: "t.yaml", inputs: ["ordr_id": .string("ORD-1")]) }
        _ = try await engine.start(playbookText: text, path: "t.yaml", inputs: ["order_id": .string("ORD-1")])
    }

    @Test func aRunIsPinnedToTheTextItStartedWith() async throws {
        let engine = try Fixture.engine([])
        let text = Fixture.playbook("  - id: done\n    uses: flow.finish\n    with: {resolution: version one}")
        let run = try await engine.start(playbookText: text, path: "t.yaml", inputs: [:])
        // Whatever happens to the file now, the run carries its own text.
        let finished = try await engine.drive(run.id)
        #expect(finished.playbookText == text)
        #expect(finished.resolution == "version one")
        #expect(finished.playbookHash.count == 64)
    }

    @Test func dryRunWalksThePathWithoutSideEffectsOrWaits() async throws {
        let ledger = EffectLedger()
        let pay = FakeHandler(descriptor: Fixture.descriptor("t.pay", policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true))) { context in
            _ = ledger.apply(key: context.idempotencyKey)
            return .outcome("ok")
        }
        let engine = try Fixture.engine([pay])
        let text = Fixture.playbook("  - id: ask\n    uses: flow.await\n    with: {signal: otp, deadline: 1h}\n  - id: pay\n    uses: t.pay")
        let run = try await engine.dryRun(playbookText: text, path: "t.yaml", inputs: [:])
        #expect(run.status == .completed)
        #expect(run.history.map(\.stepID) == ["ask", "pay"])
        #expect(ledger.calls == 0)
        #expect(try await engine.store.list(status: nil, limit: 10).isEmpty)
    }

    @Test func cancelStopsAParkedRun() async throws {
        let engine = try Fixture.engine([])
        let text = Fixture.playbook("  - id: ask\n    uses: flow.await\n    with: {signal: otp, deadline: 1h}")
        let run = try await engine.start(playbookText: text, path: "t.yaml", inputs: [:])
        _ = try await engine.drive(run.id)
        let cancelled = try await engine.cancel(run.id, by: "ops-1")
        #expect(cancelled.status == .cancelled)
        await #expect(throws: EngineError.self) { _ = try await engine.cancel(run.id, by: "ops-1") }
    }

    @Test func cancelRunsTheFinallyStepsWithRunStatusCancelledAndSkipsTheRestOfTheMainSteps() async throws {
        let engine = try Fixture.engine([])
        let text = Fixture.playbook(
            "  - id: ask\n    uses: flow.await\n    with: {signal: otp, deadline: 1h}\n  - id: after\n    uses: flow.log\n    with: {message: never}",
            finally: "finally:\n  - id: tell\n    uses: flow.log\n    when: ${{ run.status == 'cancelled' }}\n    with: {message: \"closed: ${{ run.resolution }}\"}")
        let run = try await engine.start(playbookText: text, path: "t.yaml", inputs: [:])
        _ = try await engine.drive(run.id)
        let cancelled = try await engine.cancel(run.id, by: "ops-1", reason: "the user withdrew")
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.history.map { "\($0.stepID):\($0.outcome)" } == ["tell:logged"])
        #expect(cancelled.resolution == "cancelled by ops-1: the user withdrew")
        #expect(try await engine.store.load(run.id)?.status == .cancelled)
    }
}

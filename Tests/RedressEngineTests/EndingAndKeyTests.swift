import Foundation
import RedressEngine
import RedressPlaybook
import RedressPluginAPI
import Testing

/// How runs end when a person takes over, and the idempotency keys the engine derives.
@Suite struct EndingAndKeyTests {
    static let escalating = HandlerDescriptor(
        name: "t.escalate", summary: "hands over", outputs: [FieldSpec("resolution", .string)], outcomes: [.success("escalated")],
        policy: HandlerPolicy(escalatesOn: ["escalated"]))

    static func escalateHandler(resolution: String?) -> FakeHandler {
        FakeHandler(descriptor: escalating) { _ in
            .finished(outcome: "escalated", output: resolution.map { ["resolution": Value.string($0)] } ?? [:])
        }
    }

    @Test func runThatEndsAfterAnEscalationEndsEscalatedWithItsResolution() async throws {
        let engine = try Fixture.engine([Self.escalateHandler(resolution: "escalated to tier 2: stuck (ticket T-1)")])
        let playbook = Fixture.playbook(
            """
              - id: hand_over
                uses: t.escalate
                on: {escalated: end}
            """)
        let run = try await engine.drive(try await engine.start(playbookText: playbook, path: "t.yaml", inputs: [:]).id)
        #expect(run.status == .escalated)
        #expect(run.status.exitCode == 5)
        #expect(run.escalatedAt == "hand_over")
        #expect(run.resolution == "escalated to tier 2: stuck (ticket T-1)")
        #expect(run.status.isFinal)
    }

    @Test func runThatFailsAfterAnEscalationStillEndsFailed() async throws {
        let engine = try Fixture.engine([Self.escalateHandler(resolution: nil)])
        let playbook = Fixture.playbook(
            """
              - id: hand_over
                uses: t.escalate
              - id: broken
                uses: flow.fail
                with: {reason: "after the hand-over"}
            """)
        let run = try await engine.drive(try await engine.start(playbookText: playbook, path: "t.yaml", inputs: [:]).id)
        #expect(run.status == .failed)
    }

    static let orderInput = "inputs:\n  order_id: {type: string, required: true}"

    /// The keys a handler saw, call by call.
    static func keyRecorder(_ name: String, businessKey: BusinessKey?, keys: EffectLedger) -> FakeHandler {
        FakeHandler(
            descriptor: Fixture.descriptor(
                name, parameters: [ParameterSpec("order_id", .string, required: true)], policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true),
                businessKey: businessKey)
        ) { context in
            _ = keys.apply(key: context.idempotencyKey)
            return .outcome("ok")
        }
    }

    @Test func keysAreNamedByTheBusinessEscapedAndTheSameInEveryRun() async throws {
        let keys = EffectLedger()
        let engine = try Fixture.engine([
            Self.keyRecorder("t.pay", businessKey: BusinessKey(["order_id"]), keys: keys),
            Self.keyRecorder("t.tell", businessKey: BusinessKey(["order_id"], perStep: true), keys: keys),
            Self.keyRecorder("t.note", businessKey: nil, keys: keys),
        ])
        let playbook = Fixture.playbook(
            """
              - id: pay
                uses: t.pay
                with: {order_id: "${{ inputs.order_id }}"}
              - id: tell
                uses: t.tell
                with: {order_id: "${{ inputs.order_id }}"}
              - id: note
                uses: t.note
                with: {order_id: "${{ inputs.order_id }}"}
            """, inputs: Self.orderInput)
        var runIDs: [String] = []
        for _ in 0..<2 {
            let run = try await engine.start(playbookText: playbook, path: "t.yaml", inputs: ["order_id": .string("A:B/C&D=E%F é")])
            runIDs.append(try await engine.drive(run.id).id)
        }
        let seen = keys.keys
        let order = "A%3AB%2FC%26D%3DE%25F%20%C3%A9".replacingOccurrences(of: "%20", with: " ")
        #expect(seen[0] == "t.pay:order_id=\(order):1")
        #expect(seen[1] == "t.tell:order_id=\(order):test/tell:c0:1")
        #expect(seen[2] == "\(runIDs[0])/note/1")
        #expect(seen[3] == seen[0] && seen[4] == seen[1])
        #expect(seen[5] == "\(runIDs[1])/note/1")
    }

    @Test func aKeyLongerThanGatewaysAcceptIsHashedToAFixedLength() async throws {
        let keys = EffectLedger()
        let engine = try Fixture.engine([Self.keyRecorder("t.pay", businessKey: BusinessKey(["order_id"]), keys: keys)])
        let playbook = Fixture.playbook(
            """
              - id: pay
                uses: t.pay
                with: {order_id: "${{ inputs.order_id }}"}
            """, inputs: Self.orderInput)
        let long = String(repeating: "ORD-", count: 80)
        _ = try await engine.drive(try await engine.start(playbookText: playbook, path: "t.yaml", inputs: ["order_id": .string(long)]).id)
        let key = try #require(keys.keys.first)
        #expect(key.hasPrefix("t.pay:sha256:"))
        #expect(key.count == "t.pay:sha256:".count + 64)
    }

    @Test func aStepRecordsHowLongItWaitedApartFromTheTimeItWorked() async throws {
        let clock = VirtualClock()
        let engine = try Fixture.engine([], clock: clock)
        let playbook = Fixture.playbook(
            """
              - id: ask
                uses: flow.await
                with: {signal: go, deadline: 1h}
              - id: done
                uses: flow.finish
                with: {resolution: answered}
            """)
        let run = try await engine.drive(try await engine.start(playbookText: playbook, path: "t.yaml", inputs: [:]).id)
        #expect(run.current?.waitingSince == clock.now())
        clock.advance(by: 600)
        let answered = try await engine.drive(run.id, signal: ReceivedSignal(name: "go", value: "yes", sender: "ops", receivedAt: clock.now()))
        let ask = try #require(answered.history.first { $0.stepID == "ask" })
        #expect(ask.waited == 600)
        #expect(ask.endedAt.timeIntervalSince(ask.startedAt) == 600)
        #expect(answered.history.first { $0.stepID == "done" }?.waited == 0)
    }
}

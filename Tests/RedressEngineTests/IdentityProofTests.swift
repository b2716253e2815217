import Foundation
import Logging
import RedressEngine
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import Synchronization
import Testing

/// Money moves only on a proof a verification issued in the run, for the owner the wallet reports,
/// for the order whose money moves, unexpired and unused; anything else fails closed before an
/// intent is written. These runs are built past the validator's reach (a lookup that lies, a clock
/// that passes the expiry, a tampered store), as an attacker or a bug would.
@Suite struct IdentityProofTests {
    /// The wallet's view of who owns what, which a test may change behind the run's back.
    final class Owners: OrderOwnerLookup {
        let byOrder = Mutex<[String: String]>(["ORD-1": "u-1"])
        func owner(ofOrder order: String) async throws -> String? { byOrder.withLock { $0[order] } }
    }

    /// The handlers of one world: an order lookup, a verifier and a payment that records its calls.
    final class World: Sendable {
        let clock = VirtualClock()
        let store = InMemoryRunStore()
        let owners = Owners()
        /// The user the lookup reports (the playbook verifies this one).
        let reported = Mutex("u-1")
        let lifetime = Mutex<TimeInterval>(3_600)
        let paid = Mutex<[String]>([])
        let issued = Mutex<[String]>([])

        var handlers: [any StepHandler] {
            let order = ParameterSpec("order_id", .string, required: true)
            let lookup = FakeHandler(
                descriptor: HandlerDescriptor(
                    name: "t.lookup", summary: "s", parameters: [order], outputs: [FieldSpec("user_id", .string)], outcomes: [.success("found")],
                    identityProof: .reportsOwner(order: "order_id", user: "user_id"))
            ) { [self] _ in .finished(outcome: "found", output: ["user_id": .string(self.reported.withLock { $0 })]) }
            let verify = FakeHandler(
                descriptor: HandlerDescriptor(
                    name: "t.verify", summary: "s", parameters: [ParameterSpec("user_id", .string, required: true), order],
                    outputs: [FieldSpec("proof", .string, secret: true), FieldSpec("until", .timestamp)], outcomes: [.success("verified")],
                    policy: HandlerPolicy(hasSideEffects: true, verifiesIdentityOn: ["verified"], isIdempotent: true),
                    identityProof: .issues(proof: "proof", expiresAt: "until", user: "user_id", order: "order_id"))
            ) { [self] context in
                let proof = "prf-\(UUID().uuidString)"
                self.issued.withLock { $0.append(proof) }
                let until = context.clock.now().addingTimeInterval(self.lifetime.withLock { $0 })
                return .finished(outcome: "verified", output: ["proof": .string(proof), "until": .timestamp(until)])
            }
            let pay = FakeHandler(
                descriptor: HandlerDescriptor(
                    name: "t.pay", summary: "s", parameters: [order, ParameterSpec("proof", .string, required: true, secret: true)],
                    outcomes: [.success("paid")], policy: HandlerPolicy(movesMoney: true, isIdempotent: true), businessKey: BusinessKey(["order_id"], perStep: true),
                    identityProof: .requires(proof: "proof", order: "order_id"))
            ) { [self] context in
                self.paid.withLock { $0.append(context.string("proof")) }
                return .outcome("paid")
            }
            return [lookup, verify, pay]
        }

        func engine(key: [UInt8] = World.key, owners: (any OrderOwnerLookup)? = nil) throws -> Engine {
            var configuration = EngineConfiguration(owner: "proofs")
            configuration.jitter = { $0 }
            configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            configuration.sealingKey = key
            configuration.owners = owners ?? self.owners
            return Engine(store: store, handlers: try HandlerSet(FlowPlugin.handlers + handlers), clock: clock, configuration: configuration)
        }

        static let key = [UInt8](repeating: 7, count: 32)

        /// Check, verify, `between` (steps before the payment), pay, and `after`, then finish.
        static func playbook(between: String = "", after: String = "") -> String {
            Fixture.playbook(
                """
                  - id: look
                    uses: t.lookup
                    with: {order_id: ORD-1}
                  - id: verify
                    uses: t.verify
                    with: {user_id: "${{ steps.look.output.user_id }}", order_id: ORD-1}
                \(between)
                  - id: pay
                    uses: t.pay
                    with: {order_id: ORD-1, proof: "${{ steps.verify.output.proof }}"}
                    on: {error: stopped}
                \(after)
                  - id: done
                    uses: flow.finish
                    with: {resolution: paid}
                  - id: stopped
                    uses: flow.fail
                    with: {reason: the money step was refused}
                """)
        }

        func refusal(_ run: RunState) async throws -> String? {
            try await store.audit(for: run.id).first { $0.event.kind == "proof.refused" }?.event.data["reason"]?.displayText
        }

        func intents(_ run: RunState) async throws -> Int { try await store.journal(for: run.id).count { $0.kind == .intent && $0.stepID.hasPrefix("pay") } }
    }

    @Test func theOwnersProofPaysOnceAndIsNeverStoredInClear() async throws {
        let world = World()
        let engine = try world.engine()
        let run = try await engine.drive(try await engine.start(playbookText: World.playbook(), path: "p.yaml", inputs: [:]).id)
        #expect(run.status == .completed, "\(run.history.map { "\($0.stepID): \($0.outcome) \($0.detail ?? "")" })")
        let proof = try #require(world.issued.withLock { $0.first })
        #expect(world.paid.withLock { $0 } == [proof])
        let encoder = JSONEncoder()
        var state = run
        state.playbookText = ""
        let stored = String(decoding: try encoder.encode(state), as: UTF8.self)
        let journal = await String(decoding: try encoder.encode(try world.store.journal(for: run.id)), as: UTF8.self)
        let audit = await String(decoding: try encoder.encode(try world.store.audit(for: run.id)), as: UTF8.self)
        for text in [stored, journal, audit] { #expect(!text.contains(proof)) }
        #expect(stored.contains("sealed:v1:"))
        #expect(run.proofs.count == 1 && run.proofs[0].user == "u-1" && run.proofs[0].order == "ORD-1" && run.proofs[0].usedBy != nil)
    }

    @Test func aProofOfAUserTheWalletDoesNotCallTheOwnerIsRefusedBeforeAnyIntent() async throws {
        let world = World()
        world.reported.withLock { $0 = "u-2" }  // the lookup names another user than the wallet's owner
        let engine = try world.engine()
        let run = try await engine.drive(try await engine.start(playbookText: World.playbook(), path: "p.yaml", inputs: [:]).id)
        #expect(run.history.contains { $0.stepID == "pay" && $0.outcome == "error" })
        #expect(run.status == .failed)
        #expect(world.paid.withLock { $0 }.isEmpty)
        #expect(try await world.intents(run) == 0)
        #expect(try await world.refusal(run) == "the verified user is not the owner of ORD-1")
    }

    @Test func anExpiredProofIsRefused() async throws {
        let world = World()
        world.lifetime.withLock { $0 = 60 }
        let engine = try world.engine()
        let between = "  - id: pause\n    uses: flow.wait\n    with: {duration: 2m}"
        var run = try await engine.drive(try await engine.start(playbookText: World.playbook(between: between), path: "p.yaml", inputs: [:]).id)
        world.clock.advance(by: 121)
        run = try await engine.drive(run.id)
        #expect(run.history.contains { $0.stepID == "pay" && $0.outcome == "error" })
        #expect(world.paid.withLock { $0 }.isEmpty)
        #expect(try await world.intents(run) == 0)
        #expect(try await world.refusal(run)?.hasPrefix("the proof expired at") == true)
    }

    @Test func aProofPaysForOneCallOnly() async throws {
        let world = World()
        let engine = try world.engine()
        let after = "  - id: pay_twice\n    uses: t.pay\n    with: {order_id: ORD-1, proof: \"${{ steps.verify.output.proof }}\"}\n    on: {error: stopped}"
        let run = try await engine.drive(try await engine.start(playbookText: World.playbook(after: after), path: "p.yaml", inputs: [:]).id)
        #expect(run.history.contains { $0.stepID == "pay" && $0.outcome == "paid" })
        #expect(run.history.contains { $0.stepID == "pay_twice" && $0.outcome == "error" })
        #expect(world.paid.withLock { $0.count } == 1)
        #expect(try await world.refusal(run) == "the proof was already used by another money call")
    }

    @Test func aProofWrittenIntoTheStoreIsNotOneThisRunIssued() async throws {
        let world = World()
        let engine = try world.engine()
        let between = "  - id: pause\n    uses: flow.wait\n    with: {duration: 1m}"
        let parked = try await engine.drive(try await engine.start(playbookText: World.playbook(between: between), path: "p.yaml", inputs: [:]).id)
        // Someone with write access to the run store replaces the sealed proof with one of their own.
        let lease = try #require(try await world.store.claim(parked.id, owner: "intruder", until: world.clock.now().addingTimeInterval(60), now: world.clock.now()))
        var tampered = try #require(try await world.store.load(parked.id))
        #expect(tampered.steps["verify"]?.output?["proof"] != nil)
        tampered.steps["verify"]?.output?["proof"] = .string("prf-forged")
        try await world.store.commitAndRelease(tampered, lease: lease, journal: [], audit: [], durable: true)
        world.clock.advance(by: 61)
        let run = try await engine.drive(parked.id)
        #expect(run.history.contains { $0.stepID == "pay" && $0.outcome == "error" })
        #expect(world.paid.withLock { $0 }.isEmpty)
        #expect(try await world.refusal(run) == "the proof was not issued by a verification in this run")
    }

    @Test func aProcessWithAnotherSealingKeyCannotOpenTheProofAndPaysNothing() async throws {
        let world = World()
        let between = "  - id: pause\n    uses: flow.wait\n    with: {duration: 1m}"
        let parked = try await world.engine().drive(
            try await world.engine().start(playbookText: World.playbook(between: between), path: "p.yaml", inputs: [:]).id)
        world.clock.advance(by: 61)
        let run = try await world.engine(key: [UInt8](repeating: 9, count: 32)).drive(parked.id)
        let pay = try #require(run.history.first { $0.stepID == "pay" })
        #expect(pay.outcome == "error")
        #expect(pay.detail?.contains("a sealed value could not be opened") == true, "\(pay.detail ?? "")")
        #expect(world.paid.withLock { $0 }.isEmpty)
    }

    @Test func withoutAnOwnerLookupMoneyNeverMoves() async throws {
        struct Unknown: OrderOwnerLookup {
            func owner(ofOrder order: String) async throws -> String? { nil }
        }
        let world = World()
        let engine = try world.engine(owners: Unknown())
        let run = try await engine.drive(try await engine.start(playbookText: World.playbook(), path: "p.yaml", inputs: [:]).id)
        #expect(run.history.contains { $0.stepID == "pay" && $0.outcome == "error" })
        #expect(world.paid.withLock { $0 }.isEmpty)
        #expect(try await world.refusal(run) == "the wallet does not know order ORD-1")
    }
}

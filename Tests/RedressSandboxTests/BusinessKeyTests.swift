import Foundation
import Logging
import RedressEngine
import RedressFlowPlugin
import RedressPluginAPI
import RedressSandbox
import RedressWalletAPI
import RedressWalletPlugin
import Testing

/// Money and messages are keyed by what they act on, not by the run: two runs forced onto one
/// order (the case guard bypassed: `Engine.start` opens no case) pay once and message once.
@Suite struct BusinessKeyTests {
    @Test func twoRunsForcedOntoOneOrderPayOnceAndSendEachMessageOnce() async throws {
        let clock = SharedClock()
        let sandbox = try SandboxWallet(directory: temporaryStateDirectory(), now: { clock.now() })
        let gateway = PermissiveGateway(sandbox)
        var configuration = EngineConfiguration(owner: "business-keys")
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        configuration.owners = WalletOrderOwners(gateway: sandbox)
        let engine = Engine(
            store: InMemoryRunStore(), handlers: try HandlerSet(FlowPlugin.handlers + WalletPlugin.handlers(gateway: gateway)), clock: clock,
            configuration: configuration)
        let text = try String(contentsOf: PlaybookScenarioTests.playbooks.appendingPathComponent("transaction-failed.yaml"), encoding: .utf8)
        var ended: [RunState] = []
        for _ in 0..<2 {
            let run = try await engine.start(playbookText: text, path: "transaction-failed.yaml", inputs: ["order_id": .string("ORD-1001")])
            #expect(try await engine.drive(run.id).current?.wait?.signal == "otp")
            // Each authenticator code is accepted once: the second run gets the next one.
            let code = try #require(try sandbox.currentCode(user: "u-1001"))
            ended.append(try await engine.drive(run.id, signal: ReceivedSignal(name: "otp", value: code, sender: "u-1001", receivedAt: clock.now())))
            clock.clock.advance(by: 31)
        }
        #expect(ended.allSatisfy { $0.history.contains { $0.stepID == "pay_again" && $0.outcome == "succeeded" } })
        #expect(ended[0].id != ended[1].id)
        #expect(gateway.charged == ["ORD-1001"])
        let messages = try sandbox.outbox().filter { $0.orderID == "ORD-1001" }
        #expect(messages.count == 2, "announce_retry and confirm, once each: \(messages.map(\.text))")
        var keys: [[String]] = []
        for run in ended { keys.append(try await engine.store.journal(for: run.id).filter { $0.kind == .intent && $0.stepID == "pay_again" }.map(\.idempotencyKey)) }
        #expect(keys[0] == ["wallet.retry_payment:order_id=ORD-1001:1"])
        #expect(keys[0] == keys[1])
    }

    @Test func aReopenedCaseMayMessageAgainButNeverPaysUnderANewKey() async throws {
        let clock = SharedClock()
        let sandbox = try SandboxWallet(directory: temporaryStateDirectory(), now: { clock.now() })
        let gateway = PermissiveGateway(sandbox)
        var configuration = EngineConfiguration(owner: "business-keys")
        configuration.owners = WalletOrderOwners(gateway: sandbox)
        let engine = Engine(
            store: InMemoryRunStore(), handlers: try HandlerSet(FlowPlugin.handlers + WalletPlugin.handlers(gateway: gateway)), clock: clock,
            configuration: configuration)
        let text = try String(contentsOf: PlaybookScenarioTests.playbooks.appendingPathComponent("transaction-failed.yaml"), encoding: .utf8)
        var runs: [RunState] = []
        for reopen in [false, true] {
            guard case .opened(let run) = try await engine.openCase(
                playbookText: text, path: "transaction-failed.yaml", inputs: ["order_id": .string("ORD-1001")], caseKey: "ORD-1001", reopen: reopen)
            else {
                Issue.record("the case was not opened")
                return
            }
            _ = try await engine.drive(run.id)
            let code = try #require(try sandbox.currentCode(user: "u-1001"))
            runs.append(try await engine.drive(run.id, signal: ReceivedSignal(name: "otp", value: code, sender: "u-1001", receivedAt: clock.now())))
            // Resolved, the run still waits for its follow-up, which keeps the case open: end it.
            _ = try await engine.cancel(run.id, by: "operator")
            clock.clock.advance(by: 31)
        }
        #expect(runs.map(\.caseSequence) == [1, 2])
        #expect(gateway.charged == ["ORD-1001"])
        // The second run of the case told the user again (its message keys carry the case sequence).
        #expect(try sandbox.outbox().filter { $0.orderID == "ORD-1001" }.count == 4)
    }
}

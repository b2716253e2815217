import Foundation
import Logging
import RedressEngine
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import RedressSandbox
import RedressWalletPlugin
import Synchronization
import RedressTestSupport
import Testing

/// A process dies at every commit of the payment path of `transaction-failed`, before and after
/// it, and another process resumes the run: the user is charged exactly once.
@Suite struct MoneyCrashTests {
    static let points: [(Int, Bool)] = (1...8).flatMap { [($0, false), ($0, true)] }

    @Test(arguments: points)
    func paymentHappensExactlyOnceWhereverTheProcessDies(_ commit: Int, _ afterCommit: Bool) async throws {
        let clock = SharedClock()
        let wallet = try SandboxWallet(directory: temporaryStateDirectory(), now: { clock.now() })
        let shared = InMemoryRunStore()
        func engine(_ store: any RunStore, owner: String) throws -> Engine {
            var configuration = EngineConfiguration(owner: owner)
            configuration.leaseDuration = 60
            configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            return Engine(store: store, handlers: try HandlerSet(FlowPlugin.handlers + WalletPlugin.handlers(gateway: wallet)), clock: clock, configuration: configuration)
        }
        let text = try String(contentsOf: PlaybookScenarioTests.playbooks.appendingPathComponent("transaction-failed.yaml"), encoding: .utf8)
        // Up to the 2FA wait, with no faults.
        let first = try engine(shared, owner: "first")
        var run = try await first.start(playbookText: text, path: "transaction-failed.yaml", inputs: ["order_id": .string("ORD-1001")])
        run = try await first.drive(run.id)
        #expect(run.current?.wait?.signal == "otp")
        // The code arrives; this process dies at the chosen commit.
        let code = try #require(try wallet.currentCode(user: "u-1001"))
        let dying = try engine(CrashingStore(shared, crashAt: afterCommit ? .after(commit) : .before(commit)), owner: "dying")
        _ = try? await dying.drive(run.id, signal: ReceivedSignal(name: "otp", value: code, sender: "u-1001", receivedAt: clock.now()))
        // Another process picks the run up once the lease lapses, and if it still waits for the
        // code, the user sends it again (a code is good once, so a fresh one).
        clock.clock.advance(by: 61)
        let survivor = try engine(shared, owner: "survivor")
        run = try await survivor.drive(run.id)
        if run.current?.wait?.signal == "otp" {
            clock.clock.advance(by: 30)
            run = try await survivor.drive(
                run.id, signal: ReceivedSignal(name: "otp", value: try #require(try wallet.currentCode(user: "u-1001")), sender: "u-1001", receivedAt: clock.now()))
        }
        #expect(run.endedAs == .completed || run.status == .needsReconciliation, "\(run.status)")
        let payments = try wallet.ledger(order: "ORD-1001").filter { $0.account == "merchant" }
        #expect(payments.count == 1, "charged \(payments.count) times")
        #expect(try wallet.ledgerTotal() == 0)
    }

    static let refundPlaybook = """
        playbook: refund-test
        title: Refund a paid order
        anomaly: duplicate_charge
        inputs:
          order_id: {type: string, required: true}
        defaults:
          timeout: 30s
        steps:
          - id: check
            uses: wallet.check_status
            with: {order_id: "${{ inputs.order_id }}"}
          - id: verify
            uses: wallet.verify_identity
            with: {user_id: "${{ steps.check.output.user_id }}"}
          - id: refund
            uses: wallet.refund
            with:
              order_id: ${{ inputs.order_id }}
              amount: ${{ steps.check.output.amount }}
              currency: ${{ steps.check.output.currency }}
              reason: duplicate charge
          - id: done
            uses: flow.finish
            with: {resolution: refunded}
        """

    @Test(arguments: points)
    func refundHappensExactlyOnceWhereverTheProcessDies(_ commit: Int, _ afterCommit: Bool) async throws {
        let clock = SharedClock()
        let wallet = try SandboxWallet(directory: temporaryStateDirectory(), now: { clock.now() })
        let shared = InMemoryRunStore()
        func engine(_ store: any RunStore, owner: String) throws -> Engine {
            var configuration = EngineConfiguration(owner: owner)
            configuration.leaseDuration = 60
            configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            return Engine(store: store, handlers: try HandlerSet(FlowPlugin.handlers + WalletPlugin.handlers(gateway: wallet)), clock: clock, configuration: configuration)
        }
        let first = try engine(shared, owner: "first")
        var run = try await first.start(playbookText: Self.refundPlaybook, path: "refund.yaml", inputs: ["order_id": .string("ORD-5001")])
        run = try await first.drive(run.id)
        let dying = try engine(CrashingStore(shared, crashAt: afterCommit ? .after(commit) : .before(commit)), owner: "dying")
        _ = try? await dying.drive(run.id, signal: ReceivedSignal(name: "otp", value: try #require(try wallet.currentCode(user: "u-1001")), sender: "u-1001", receivedAt: clock.now()))
        clock.clock.advance(by: 61)
        let survivor = try engine(shared, owner: "survivor")
        run = try await survivor.drive(run.id)
        if run.current?.wait?.signal == "otp" {
            clock.clock.advance(by: 30)
            run = try await survivor.drive(
                run.id, signal: ReceivedSignal(name: "otp", value: try #require(try wallet.currentCode(user: "u-1001")), sender: "u-1001", receivedAt: clock.now()))
        }
        #expect(run.status == .completed, "\(run.status)")
        let refunds = try wallet.ledger(order: "ORD-5001").filter { $0.txn.hasPrefix("refund-") && $0.account == "merchant" }
        #expect(refunds.count == 1, "refunded \(refunds.count) times")
        #expect(try wallet.ledgerTotal() == 0)
    }
}

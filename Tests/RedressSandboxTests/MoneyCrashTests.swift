import Foundation
import Logging
import RedressEngine
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import RedressSandbox
import RedressWalletAPI
import RedressWalletPlugin
import RedressTestSupport
import Testing

/// A process dies at every commit of the payment path of `transaction-failed`, before and after
/// it, and another process resumes the run: the user is charged exactly once.
@Suite struct MoneyCrashTests {
    static let points: [(Int, Bool)] = (1...8).flatMap { [($0, false), ($0, true)] }

    /// Drives `playbook` for `order` to the 2FA wait, sends the code to a process that dies at
    /// `commit` (before or after it), lets another process resume once the lease lapses (sending
    /// a fresh code if the run still waits for one), and returns the wallet and the final run.
    static func crashAndResume(
        _ text: String, path: String, order: String, user: String, commit: Int, afterCommit: Bool
    ) async throws -> (SandboxWallet, RunState) {
        let clock = SharedClock()
        let wallet = try SandboxWallet(directory: temporaryStateDirectory(), now: { clock.now() })
        let shared = InMemoryRunStore()
        let sealingKey = (0..<32).map { _ in UInt8.random(in: 0...255) }
        func engine(_ store: any RunStore, owner: String) throws -> Engine {
            var configuration = EngineConfiguration(owner: owner)
            configuration.leaseDuration = 60
            configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            configuration.owners = WalletOrderOwners(gateway: wallet)
            // Every "process" shares the key, as the CLI's share the state directory's key file.
            configuration.sealingKey = sealingKey
            return Engine(store: store, handlers: try HandlerSet(FlowPlugin.handlers + WalletPlugin.handlers(gateway: wallet)), clock: clock, configuration: configuration)
        }
        func code() throws -> ReceivedSignal {
            ReceivedSignal(name: "otp", value: try #require(try wallet.currentCode(user: user)), sender: user, receivedAt: clock.now())
        }
        let first = try engine(shared, owner: "first")
        var run = try await first.start(playbookText: text, path: path, inputs: ["order_id": .string(order)])
        run = try await first.drive(run.id)
        #expect(run.current?.wait?.signal == "otp")
        let dying = try engine(CrashingStore(shared, crashAt: afterCommit ? .after(commit) : .before(commit)), owner: "dying")
        _ = try? await dying.drive(run.id, signal: try code())
        clock.clock.advance(by: 61)
        let survivor = try engine(shared, owner: "survivor")
        run = try await survivor.drive(run.id)
        if run.current?.wait?.signal == "otp" {
            // A code is good once, so the user sends the next one.
            clock.clock.advance(by: 30)
            run = try await survivor.drive(run.id, signal: try code())
        }
        return (wallet, run)
    }

    @Test(arguments: points)
    func paymentHappensExactlyOnceWhereverTheProcessDies(_ commit: Int, _ afterCommit: Bool) async throws {
        let text = try String(contentsOf: PlaybookScenarioTests.playbooks.appendingPathComponent("transaction-failed.yaml"), encoding: .utf8)
        let (wallet, run) = try await Self.crashAndResume(
            text, path: "transaction-failed.yaml", order: "ORD-1001", user: "u-1001", commit: commit, afterCommit: afterCommit)
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
            with: {user_id: "${{ steps.check.output.user_id }}", order_id: "${{ inputs.order_id }}"}
          - id: refund
            uses: wallet.refund
            with:
              order_id: ${{ inputs.order_id }}
              amount: ${{ steps.check.output.amount }}
              currency: ${{ steps.check.output.currency }}
              reason: duplicate charge
              charge_id: ${{ steps.check.output.latest_charge.id }}
              proof: ${{ steps.verify.output.proof }}
          - id: done
            uses: flow.finish
            with: {resolution: refunded}
        """

    @Test(arguments: points)
    func refundHappensExactlyOnceWhereverTheProcessDies(_ commit: Int, _ afterCommit: Bool) async throws {
        let (wallet, run) = try await Self.crashAndResume(
            Self.refundPlaybook, path: "refund.yaml", order: "ORD-5001", user: "u-1001", commit: commit, afterCommit: afterCommit)
        #expect(run.status == .completed, "\(run.status)")
        let refunds = try wallet.ledger(order: "ORD-5001").filter { $0.txn.hasPrefix("refund-") && $0.account == "merchant" }
        #expect(refunds.count == 1, "refunded \(refunds.count) times")
        #expect(try wallet.ledgerTotal() == 0)
    }
}

import Foundation
import Logging
import RedressEngine
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import RedressSandbox
import RedressWalletPlugin
import Synchronization
import Testing

/// A store that dies (as a process would) at a chosen commit of a run.
final class DyingStore: RunStore {
    struct Died: Error {}
    let inner: any RunStore
    private let deathAt: Int
    private let afterCommit: Bool
    private let commits = Mutex(0)
    private let dead = Mutex(false)

    init(_ inner: any RunStore, dieAt commit: Int, afterCommit: Bool) {
        self.inner = inner
        self.deathAt = commit
        self.afterCommit = afterCommit
    }

    func insert(_ run: RunState, audit: [AuditRecord]) async throws { try await inner.insert(run, audit: audit) }
    func load(_ id: String) throws -> RunState? { try inner.load(id) }
    func claim(_ id: String, owner: String, until: Date, now: Date, replacing: String?) async throws -> Lease? {
        try await inner.claim(id, owner: owner, until: until, now: now, replacing: replacing)
    }
    func leaseOwner(_ id: String) throws -> String? { try inner.leaseOwner(id) }
    func commit(_ run: RunState, lease: Lease, journal: [JournalEntry], audit: [AuditRecord], durable: Bool) async throws {
        if dead.withLock({ $0 }) { throw Died() }
        let number = commits.withLock { count -> Int in
            count += 1
            return count
        }
        if number == deathAt, !afterCommit {
            dead.withLock { $0 = true }
            throw Died()
        }
        try await inner.commit(run, lease: lease, journal: journal, audit: audit, durable: durable)
        if number == deathAt {
            dead.withLock { $0 = true }
            throw Died()
        }
    }
    func appendJournal(_ entries: [JournalEntry]) async throws { try await inner.appendJournal(entries) }
    func release(_ lease: Lease) async throws { if !dead.withLock({ $0 }) { try await inner.release(lease) } }
    func list(status: RunStatus?, limit: Int) throws -> [RunSummary] { try inner.list(status: status, limit: limit) }
    func due(now: Date, limit: Int) throws -> [String] { try inner.due(now: now, limit: limit) }
    func journal(for id: String) throws -> [JournalEntry] { try inner.journal(for: id) }
    func audit(for id: String) throws -> [AuditRecord] { try inner.audit(for: id) }
}

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
        let dying = try engine(DyingStore(shared, dieAt: commit, afterCommit: afterCommit), owner: "dying")
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
}

import Foundation
import Logging
import RedressEngine
import RedressFlowPlugin
import RedressPlaybook
import RedressPluginAPI
import RedressSandbox
import RedressSandboxServer
import RedressWalletAPI
import RedressWalletPlugin
import RedressWalletTestSupport
import Synchronization
import Testing

/// Engine clock and sandbox clock in one, jumping forward on every sleep.
final class SharedClock: RunClock {
    let clock = SandboxClock()
    func now() -> Date { clock.now }
    func sleep(until date: Date) async throws {
        let delta = date.timeIntervalSince(clock.now)
        if delta > 0 { clock.advance(by: delta) }
    }
}

/// The shipped playbooks, run by the engine on the sandbox wallet.
@Suite struct PlaybookScenarioTests {
    static let playbooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Playbooks")

    /// A sandbox wallet, an engine whose wallet handlers reach it in process or over HTTP, and
    /// one clock for both.
    final class World {
        let clock = SharedClock()
        let wallet: SandboxWallet
        let engine: Engine
        /// The served sandbox when the handlers go over HTTP (kept alive with the world).
        let served: ServedSandbox?

        init(_ transport: WalletTransport = .inProcess, faults: SandboxFaults = SandboxFaults()) async throws {
            let directory = temporaryStateDirectory()
            let clock = self.clock
            wallet = try SandboxWallet(directory: directory, now: { clock.now() })
            let gateway: any WalletGateway
            switch transport {
            case .inProcess:
                served = nil
                gateway = wallet
            case .http:
                let served = try await ServedSandbox(wallet, faults: faults)
                self.served = served
                gateway = served.gateway()
            }
            var configuration = EngineConfiguration(owner: "scenario")
            configuration.jitter = { $0 }
            configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            configuration.owners = WalletOrderOwners(gateway: gateway)
            engine = Engine(
                store: InMemoryRunStore(), handlers: try HandlerSet(FlowPlugin.handlers + WalletPlugin.handlers(gateway: gateway)), clock: clock,
                configuration: configuration)
        }

        func start(_ playbook: String, order: String) async throws -> RunState {
            let text = try String(contentsOf: PlaybookScenarioTests.playbooks.appendingPathComponent(playbook), encoding: .utf8)
            let run = try await engine.start(playbookText: text, path: playbook, inputs: ["order_id": .string(order)])
            return try await engine.drive(run.id)
        }

        func signal(_ run: RunState, _ name: String, _ value: String, from sender: String) async throws -> RunState {
            try await engine.drive(run.id, signal: ReceivedSignal(name: name, value: value, sender: sender, receivedAt: clock.now()))
        }
    }

    @Test(arguments: WalletTransport.allCases) func networkFailureVerifiesThenPaysOnceThenFollowsUp(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("transaction-failed.yaml", order: "ORD-1001")
        #expect(run.current?.wait?.signal == "otp")
        run = try await world.signal(run, "otp", "000000", from: "u-1001")
        // A wrong code is answered with how many tries are used, and the code is asked again.
        #expect(run.history.suffix(2).map { "\($0.stepID):\($0.outcome)" } == ["verify:failed", "tell_wrong_code:sent"])
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-1001")), from: "u-1001")
        #expect(run.history.map(\.stepID).contains("pay_again"))
        #expect(run.current?.stepID == "follow_up")
        world.clock.clock.advance(by: 86_400 + 1)
        run = try #require(try await world.engine.tick().first)
        #expect(run.current?.wait?.signal == "feedback")
        run = try await world.signal(run, "feedback", "5 quick and clear", from: "u-1001")
        #expect(run.status == .completed)
        #expect(
            run.history.map { "\($0.stepID):\($0.outcome)" } == [
                "check:found", "guide_top_up:skipped", "guide_details:skipped", "announce_retry:sent", "verify:failed", "tell_wrong_code:sent", "verify:verified",
                "wait_for_channel:skipped", "pay_again:succeeded", "confirm:sent", "paid_again:finished", "follow_up:answered", "tell_cancelled:skipped", "record:logged",
            ])
        #expect(run.resolution == "the failure was ours: identity verified, paid again exactly once, user told")
        #expect(try world.wallet.ledger(order: "ORD-1001").count == 2)
        #expect(try world.wallet.ledgerTotal() == 0)
        let messages = try world.wallet.outbox().filter { $0.orderID == "ORD-1001" }
        #expect(messages.count == 4)
        #expect(messages[1].texts["en"]?.contains("was not right (1 of 3 tries used)") == true, "\(messages[1].texts)")
        // Each message went out in the user's language (u-1001 reads Chinese) and keeps its English.
        #expect(messages.allSatisfy { $0.locale == "zh-CN" && $0.texts.keys.sorted() == ["en", "zh-CN"] && $0.text.contains("ORD-1001") })
        #expect(messages[0].text.contains("¥128.00") && messages[0].texts["en"]?.contains("128.00 CNY") == true)
    }

    @Test(arguments: WalletTransport.allCases) func lowBalanceGuidesTheUserAndMovesNoMoney(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        let run = try await world.start("transaction-failed.yaml", order: "ORD-1003")
        #expect(run.history.map(\.stepID) == ["check", "guide_top_up", "told_to_top_up"])
        #expect(run.resolution == "low balance: the user was told to top up and pay again")
        #expect(run.current?.stepID == "follow_up")
        #expect(try world.wallet.ledger(order: "ORD-1003").isEmpty)
    }

    @Test(arguments: WalletTransport.allCases) func lockedVerificationEscalatesAndNeverPays(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("transaction-failed.yaml", order: "ORD-1002")
        for wrong in ["000001", "000002", "000003"] { run = try await world.signal(run, "otp", wrong, from: "u-1002") }
        #expect(run.history.last(where: { $0.stepID == "verify" })?.outcome == "locked")
        #expect(run.history.contains { $0.stepID == "escalate" && $0.outcome == "escalated" })
        #expect(run.status == .escalated)
        #expect(try world.wallet.ledger(order: "ORD-1002").isEmpty)
    }

    @Test(arguments: WalletTransport.allCases) func frozenFundsAreReleasedOnlyAfterVerificationAndAnotherPersonsApproval(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("funds-frozen.yaml", order: "ORD-2001")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-2001")), from: "u-2001")
        #expect(run.current?.stepID == "review")
        await #expect(throws: EngineError.self, "the requester cannot approve its own review") {
            _ = try await world.signal(run, "decision", "approve: documents checked", from: "redress")
        }
        #expect(try await world.engine.store.load(run.id)?.current?.stepID == "review")
        run = try await world.signal(run, "decision", "approve: documents checked", from: "risk-7")
        #expect(run.history.map(\.stepID).suffix(3) == ["release", "confirm", "released"])
        #expect(run.history.contains { $0.stepID == "release" && $0.outcome == "unfrozen" })
        #expect(try await world.wallet.snapshot(order: "ORD-2001")?.accountFrozen == false)
        #expect(try world.wallet.ledgerTotal() == 0)
    }

    @Test(arguments: WalletTransport.allCases) func rejectedReviewExplainsTheAppeal(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("funds-frozen.yaml", order: "ORD-2002")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-2002")), from: "u-2002")
        run = try await world.signal(run, "decision", "reject: rule violation confirmed", from: "risk-7")
        #expect(run.history.map(\.stepID).suffix(2) == ["explain_rejection", "kept_frozen"])
        #expect(!run.history.contains { $0.stepID == "escalate" })
        #expect(try await world.wallet.snapshot(order: "ORD-2002")?.accountFrozen == true)
    }

    @Test(arguments: WalletTransport.allCases) func timeoutWithMoneyAtTheChannelIsCorrectedNotChargedAgain(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        let before = try world.wallet.ledger(order: "ORD-3001")
        let run = try await world.start("system-timeout.yaml", order: "ORD-3001")
        #expect(run.history.map(\.stepID) == ["check", "reconcile", "confirm_paid", "corrected"])
        #expect(try world.wallet.ledger(order: "ORD-3001") == before)
    }

    @Test(arguments: WalletTransport.allCases) func timeoutWithoutPaymentAtTheChannelPaysAgainOnceAfterVerification(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("system-timeout.yaml", order: "ORD-3002")
        #expect(run.history.map(\.stepID) == ["check", "reconcile", "announce_retry"])
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-3001")), from: "u-3001")
        #expect(run.history.map(\.stepID).suffix(4) == ["verify", "pay_again", "confirm_retry", "paid_again"])
        #expect(try world.wallet.ledger(order: "ORD-3002").count == 2)
    }

    @Test(arguments: WalletTransport.allCases) func channelOutageWaitsForRecoveryThenPaysOnce(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("transaction-failed.yaml", order: "ORD-1007")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-1005")), from: "u-1005")
        // The channel is down: the playbook waits ten minutes (parked), by which time it is back.
        #expect(run.current?.stepID == "wait_for_channel")
        world.clock.clock.advance(by: 10 * 60 + 1)
        run = try #require(try await world.engine.tick().first { $0.id == run.id })
        #expect(run.history.map(\.stepID).suffix(4) == ["wait_for_channel", "pay_again", "confirm", "paid_again"])
        #expect(try world.wallet.ledger(order: "ORD-1007").count == 2)
    }

    @Test(arguments: WalletTransport.allCases) func ambiguousPaymentIsReconciledInsteadOfPaidTwice(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("system-timeout.yaml", order: "ORD-3002")
        try world.wallet.setChannel("unionpay", behaviour: "ambiguous")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-3001")), from: "u-3001")
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.suffix(4) == ["pay_again:ambiguous", "reconcile_after_retry:paid", "confirm_retry:sent", "paid_again:finished"])
        #expect(try world.wallet.ledger(order: "ORD-3002").filter { $0.account == "merchant" }.count == 1)
    }

    @Test(arguments: WalletTransport.allCases) func unansweredReviewEscalates(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("funds-frozen.yaml", order: "ORD-2001")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-2001")), from: "u-2001")
        world.clock.clock.advance(by: 24 * 3_600 + 1)
        run = try #require(try await world.engine.tick().first { $0.id == run.id })
        #expect(run.history.contains { $0.stepID == "review" && $0.outcome == "expired" })
        #expect(run.history.contains { $0.stepID == "escalate" && $0.outcome == "escalated" })
        #expect(try await world.wallet.snapshot(order: "ORD-2001")?.accountFrozen == true)
    }

    @Test(arguments: ["transaction-failed.yaml", "funds-frozen.yaml", "system-timeout.yaml", "status-mismatch.yaml"], WalletTransport.allCases)
    func unknownOrderIsEscalated(_ playbook: String, _ transport: WalletTransport) async throws {
        let world = try await World(transport)
        let run = try await world.start(playbook, order: "ORD-9999")
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.prefix(2) == ["check:not_found", "escalate:escalated"])
        #expect(run.status == .escalated)
    }

    @Test(arguments: WalletTransport.allCases) func wrongCardDetailsAreExplainedWithoutMovingMoney(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        let run = try await world.start("transaction-failed.yaml", order: "ORD-1005")
        #expect(run.history.map(\.stepID) == ["check", "guide_top_up", "guide_details", "told_to_fix_details"])
        #expect(run.resolution == "wrong card details: the user was told to re-enter them and pay again")
        #expect(try world.wallet.ledger(order: "ORD-1005").isEmpty)
    }

    @Test(arguments: WalletTransport.allCases) func paymentDeclinedBecauseTheUserAlreadyPaidIsEscalatedNotCharged(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("transaction-failed.yaml", order: "ORD-1002")
        // Meanwhile the user paid by hand.
        _ = try await world.wallet.retryPayment(
            order: "ORD-1002", amountMinor: 256_50, currency: "CNY", proof: try world.wallet.issueProof(user: "u-1002", order: "ORD-1002", expiresAt: .distantFuture),
            key: "manual")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-1002")), from: "u-1002")
        let path = run.history.map { "\($0.stepID):\($0.outcome)" }
        #expect(path.suffix(6) == ["pay_again:declined", "escalate:escalated", "tell_escalated:sent", "follow_up:skipped", "tell_cancelled:skipped", "record:logged"])
        // The user learns a person took over, and by when (the 24-hour SLA from the start).
        let told = try world.wallet.outbox().filter { $0.orderID == "ORD-1002" }
        #expect(told.contains { $0.texts["en"]?.contains("a member of our team has taken it over. They will contact you by") == true }, "\(told.map(\.text))")
        #expect(try world.wallet.ledger(order: "ORD-1002").filter { $0.account == "merchant" }.count == 1)
    }

    @Test(arguments: WalletTransport.allCases) func channelThatStaysPendingIsRecheckedUntilTheRespondSLAEscalates(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        // ORD-5003's payment is still pending at the channel, and nobody has told the user yet.
        var run = try await world.start("status-mismatch.yaml", order: "ORD-5003")
        #expect(run.current?.stepID == "wait_for_channel")
        for _ in 0..<2 {
            world.clock.clock.advance(by: 5 * 60 + 1)
            run = try #require(try await world.engine.tick().first { $0.id == run.id })
        }
        #expect(run.history.filter { $0.stepID == "reconcile" }.count == 3)
        #expect(run.sla.breached.isEmpty)
        // Fifteen minutes without contact: the respond SLA breaches and the case goes to a person.
        world.clock.clock.advance(by: 5 * 60 + 1)
        run = try #require(try await world.engine.tick().first { $0.id == run.id })
        #expect(run.sla.breached == ["respond"])
        #expect(run.history.contains { $0.stepID == "escalate" && $0.outcome == "escalated" })
        #expect(run.status == .escalated)
    }

    @Test(arguments: WalletTransport.allCases) func mismatchWithNoPaymentAtTheChannelTellsTheUserNoMoneyWasTaken(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        let run = try await world.start("status-mismatch.yaml", order: "ORD-3002")
        #expect(run.history.map(\.stepID) == ["check", "reconcile", "explain_not_paid", "not_paid"])
        #expect(try world.wallet.ledger(order: "ORD-3002").isEmpty)
    }

    @Test(arguments: WalletTransport.allCases) func timeoutStillPendingAtTheChannelIsRecheckedThenCorrected(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        try world.wallet.setChannelStatus(order: "ORD-3001", to: "pending")
        var run = try await world.start("system-timeout.yaml", order: "ORD-3001")
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" } == ["check:found", "reconcile:pending"])
        try world.wallet.setChannelStatus(order: "ORD-3001", to: "paid")
        world.clock.clock.advance(by: 5 * 60 + 1)
        run = try #require(try await world.engine.tick().first { $0.id == run.id })
        #expect(run.history.map(\.stepID).suffix(5) == ["reconcile", "wait_for_channel", "reconcile", "confirm_paid", "corrected"])
    }

    @Test(arguments: ["system-timeout.yaml", "status-mismatch.yaml"], WalletTransport.allCases)
    func channelThatCannotTellIsEscalated(_ playbook: String, _ transport: WalletTransport) async throws {
        let world = try await World(transport)
        let order = playbook == "system-timeout.yaml" ? "ORD-3001" : "ORD-4001"
        try world.wallet.setChannelStatus(order: order, to: "unknown")
        let run = try await world.start(playbook, order: order)
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.prefix(3) == ["check:found", "reconcile:unknown", "escalate:escalated"])
    }

    @Test(arguments: WalletTransport.allCases) func ambiguousRetryInTheFailurePlaybookIsReconciledNotRepeated(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("transaction-failed.yaml", order: "ORD-1001")
        try world.wallet.setChannel("unionpay", behaviour: "ambiguous")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-1001")), from: "u-1001")
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.contains("pay_again:ambiguous"))
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.contains("reconcile:paid"))
        #expect(run.resolution == "the failure was ours: identity verified, paid again exactly once, user told")
        #expect(try world.wallet.ledger(order: "ORD-1001").filter { $0.account == "merchant" }.count == 1)
    }

    @Test(arguments: WalletTransport.allCases) func lockedVerificationOfFrozenFundsEscalatesAndKeepsTheHold(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("funds-frozen.yaml", order: "ORD-2002")
        for wrong in ["000001", "000002", "000003"] { run = try await world.signal(run, "otp", wrong, from: "u-2002") }
        #expect(run.history.contains { $0.stepID == "verify" && $0.outcome == "locked" })
        #expect(run.history.contains { $0.stepID == "escalate" && $0.outcome == "escalated" })
        #expect(!run.history.contains { $0.stepID == "review" })
        #expect(try await world.wallet.snapshot(order: "ORD-2002")?.accountFrozen == true)
    }

    @Test(arguments: WalletTransport.allCases) func channelDownDuringThePaymentIsRetriedThenAPersonTakesOverWithoutCharging(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("transaction-failed.yaml", order: "ORD-1001")
        try world.wallet.setChannel("unionpay", behaviour: "fail")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-1001")), from: "u-1001")
        let pay = try #require(run.history.first { $0.stepID == "pay_again" })
        #expect(pay.outcome == "error")
        #expect(pay.attempts == 3)
        // The user was told we would pay again: the failure goes to a person, not a silent end.
        #expect(run.history.last { $0.stepID == "escalate" }?.outcome == "escalated")
        #expect(run.status == .escalated)
        #expect(run.resolution?.hasPrefix("escalated to tier 2: transaction failure not resolved automatically (ticket ESC-") == true)
        #expect(try world.wallet.ledger(order: "ORD-1001").isEmpty)
    }

    @Test(arguments: WalletTransport.allCases) func unansweredVerificationOfFrozenFundsEscalates(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("funds-frozen.yaml", order: "ORD-2001")
        world.clock.clock.advance(by: 31 * 60)
        run = try #require(try await world.engine.tick().first { $0.id == run.id })
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.contains("verify:expired"))
        #expect(run.history.contains { $0.stepID == "escalate" && $0.outcome == "escalated" })
    }

    @Test(arguments: WalletTransport.allCases) func timeoutRetryDeclinedBecauseAlreadyPaidIsEscalated(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("system-timeout.yaml", order: "ORD-3002")
        _ = try await world.wallet.retryPayment(
            order: "ORD-3002", amountMinor: 75_00, currency: "CNY", proof: try world.wallet.issueProof(user: "u-3001", order: "ORD-3002", expiresAt: .distantFuture),
            key: "manual")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-3001")), from: "u-3001")
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.contains("pay_again:declined"))
        #expect(run.history.contains { $0.stepID == "escalate" && $0.outcome == "escalated" })
        #expect(try world.wallet.ledger(order: "ORD-3002").filter { $0.account == "merchant" }.count == 1)
    }

    @Test(arguments: [
        ("transaction-failed.yaml", "ORD-1003", "u-1003", "guide_top_up"), ("funds-frozen.yaml", "ORD-2001", "u-2001", "explain"),
        ("system-timeout.yaml", "ORD-3001", "u-3001", "confirm_paid"), ("status-mismatch.yaml", "ORD-4001", "u-4001", "notify_fixed"),
    ])
    func unreachableUserIsEscalatedToAPerson(_ playbook: String, _ order: String, _ user: String, _ contactStep: String) async throws {
        let world = try await World()
        try world.wallet.setReachable(user: user, false)
        let run = try await world.start(playbook, order: order)
        let path = run.history.map { "\($0.stepID):\($0.outcome)" }
        #expect(path.contains("\(contactStep):undeliverable"), "\(path)")
        #expect(path.contains("escalate:escalated"), "\(path)")
        #expect(run.history.contains { $0.stepID == "follow_up" && $0.outcome == "skipped" })
    }

    @Test(arguments: WalletTransport.allCases) func releaseRefusedBecauseTheHoldWasAlreadyLiftedIsEscalated(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("funds-frozen.yaml", order: "ORD-2002")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-2002")), from: "u-2002")
        try world.wallet.unfreezeManually(user: "u-2002")
        run = try await world.signal(run, "decision", "approve", from: "risk-7")
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.suffix(6).prefix(3) == ["release:rejected", "escalate:escalated", "tell_escalated:sent"])
    }

    @Test(arguments: [("transaction-failed.yaml", "ORD-1001", "u-1001", "reconcile"), ("system-timeout.yaml", "ORD-3002", "u-3001", "reconcile_after_retry")])
    func lostPaymentRequestIsReconciledAndEscalatedWhateverTheChannelSays(
        _ playbook: String, _ order: String, _ user: String, _ reconcileStep: String
    ) async throws {
        for channelStatus in ["failed", "pending", "unknown"] {
            let world = try await World()
            var run = try await world.start(playbook, order: order)
            try world.wallet.setChannel("unionpay", behaviour: "lost")
            try world.wallet.setChannelStatus(order: order, to: channelStatus)
            run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: user)), from: user)
            let expected = ["failed": "not_paid", "pending": "pending", "unknown": "unknown"][channelStatus] ?? ""
            let path = run.history.map { "\($0.stepID):\($0.outcome)" }
            #expect(path.contains("pay_again:ambiguous"), "\(channelStatus)")
            #expect(path.contains("\(reconcileStep):\(expected)"), "\(channelStatus): \(path)")
            #expect(path.contains("escalate:escalated"), "\(channelStatus)")
            #expect(try world.wallet.ledger(order: order).isEmpty, "\(channelStatus)")
        }
    }

    @Test(arguments: WalletTransport.allCases) func cancelledCaseIsAnnouncedToTheUserInTheirLanguage(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        let run = try await world.start("transaction-failed.yaml", order: "ORD-1002")
        #expect(run.current?.wait?.signal == "otp")
        let cancelled = try await world.engine.cancel(run.id, by: "alice", reason: "the user asked us to stop")
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.history.suffix(2).map { "\($0.stepID):\($0.outcome)" } == ["tell_cancelled:sent", "record:logged"])
        #expect(!cancelled.history.contains { $0.stepID == "pay_again" })
        let told = try #require(try world.wallet.outbox().last { $0.orderID == "ORD-1002" })
        #expect(told.locale == "en", "u-1002 reads English")
        #expect(told.text.hasPrefix("Our team has closed the case for order ORD-1002."), "\(told.text)")
        #expect(told.texts["zh-CN"]?.contains("我们的工作人员已结束订单 ORD-1002 的处理") == true)
        #expect(try world.wallet.ledger(order: "ORD-1002").isEmpty)
    }

    @Test(arguments: WalletTransport.allCases) func aDuplicateChargeIsRefundedOnceAndTheOrderStaysPaid(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("duplicate-charge.yaml", order: "ORD-6001")
        #expect(run.current?.wait?.signal == "otp")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-1002")), from: "u-1002")
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.contains("refund_duplicate:refunded"))
        #expect(run.resolution == "identity verified: the extra charge was refunded exactly once, the order stays paid, user told")
        let snapshot = try #require(try await world.wallet.snapshot(order: "ORD-6001"))
        #expect(snapshot.orderStatus == "paid")
        #expect(snapshot.charges.map(\.status) == ["captured", "refunded"])
        #expect(try world.wallet.ledger(order: "ORD-6001").filter { $0.txn.hasPrefix("refund-") && $0.amountMinor > 0 }.map(\.amountMinor) == [180_00])
    }

    @Test(arguments: WalletTransport.allCases) func aLargeRefundRequestIsRefundedAfterVerificationAndAnotherPersonsApproval(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("refund-request.yaml", order: "ORD-6002")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-1005")), from: "u-1005")
        #expect(run.current?.stepID == "review")
        #expect(try world.wallet.ledger(order: "ORD-6002").filter { $0.txn.hasPrefix("refund-") }.isEmpty, "no money before the review")
        run = try await world.signal(run, "decision", "approve", from: "risk-7")
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.contains("refund_requested:refunded"))
        #expect(try world.wallet.ledger(order: "ORD-6002").filter { $0.txn.hasPrefix("refund-") && $0.amountMinor > 0 }.map(\.amountMinor) == [666_00])
        #expect(try await world.wallet.snapshot(order: "ORD-6002")?.orderStatus == "refunded")
    }

    @Test func aRefundWhoseAnswerIsLostOnTheWireIsEscalatedAndAppliedExactlyOnce() async throws {
        var faults = SandboxFaults()
        faults.dropAfterApply = "/refunds"
        let world = try await World(.http, faults: faults)
        var run = try await world.start("refund-request.yaml", order: "ORD-6002")
        run = try await world.signal(run, "otp", try #require(try world.wallet.currentCode(user: "u-1005")), from: "u-1005")
        run = try await world.signal(run, "decision", "approve", from: "risk-7")
        // The wallet applied it and the connection dropped: the engine cannot know whether money
        // moved, so the run stops for a person (exit 4) instead of guessing, and nothing is sent
        // again under a new key.
        #expect(run.status == .needsReconciliation)
        #expect(run.resolution?.contains("step 'refund_requested' had an uncertain result") == true, "\(run.resolution ?? "")")
        #expect(run.resolution?.contains("after the request was sent; it may have been applied") == true)
        #expect(try world.wallet.ledger(order: "ORD-6002").filter { $0.txn.hasPrefix("refund-") && $0.amountMinor > 0 }.count == 1)
    }

    @Test(arguments: WalletTransport.allCases) func unansweredFollowUpClosesTheCase(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("status-mismatch.yaml", order: "ORD-4001")
        world.clock.clock.advance(by: 86_400 + 1)
        run = try #require(try await world.engine.tick().first { $0.id == run.id })
        #expect(run.current?.wait?.signal == "feedback")
        world.clock.clock.advance(by: 259_200 + 1)
        run = try #require(try await world.engine.tick().first { $0.id == run.id })
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.suffix(3) == ["follow_up:no_answer", "tell_cancelled:skipped", "record:logged"])
        #expect(run.status == .completed)
    }

    @Test(arguments: WalletTransport.allCases) func timeoutRetryWithoutVerificationIsEscalatedNotPaid(_ transport: WalletTransport) async throws {
        let expired = try await World(transport)
        var run = try await expired.start("system-timeout.yaml", order: "ORD-3002")
        expired.clock.clock.advance(by: 31 * 60)
        run = try #require(try await expired.engine.tick().first { $0.id == run.id })
        #expect(run.history.map { "\($0.stepID):\($0.outcome)" }.suffix(6).prefix(3) == ["verify:expired", "escalate:escalated", "tell_escalated:sent"])
        let locked = try await World(transport)
        run = try await locked.start("system-timeout.yaml", order: "ORD-3002")
        for wrong in ["000001", "000002", "000003"] { run = try await locked.signal(run, "otp", wrong, from: "u-3001") }
        #expect(run.history.contains { $0.stepID == "verify" && $0.outcome == "locked" })
        #expect(run.history.contains { $0.stepID == "tell_locked" && $0.outcome == "sent" })
        #expect(run.history.contains { $0.stepID == "escalate" && $0.outcome == "escalated" })
        #expect(!run.history.contains { $0.stepID == "tell_escalated" && $0.outcome == "sent" }, "one message about the lock, not two")
        #expect(try locked.wallet.ledger(order: "ORD-3002").isEmpty)
    }

    @Test(arguments: WalletTransport.allCases) func aUserLockedOutOfTwoFactorIsNotAskedForACodeOnTheirNextOrder(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var first = try await world.start("transaction-failed.yaml", order: "ORD-1002")
        for wrong in ["000001", "000002", "000003"] { first = try await world.signal(first, "otp", wrong, from: "u-1002") }
        #expect(first.history.contains { $0.stepID == "tell_locked" && $0.outcome == "sent" })
        // u-1002 was also charged twice for ORD-6001: that case needs the owner verified too.
        let next = try await world.start("duplicate-charge.yaml", order: "ORD-6001")
        #expect(next.history.map { "\($0.stepID):\($0.outcome)" }.prefix(4) == ["check:found", "explain_duplicate:skipped", "tell_locked:sent", "escalate:escalated"])
        #expect(next.status == .escalated)
        let sent = try world.wallet.outbox().filter { $0.orderID == "ORD-6001" }
        #expect(sent.count == 1, "only the lock is explained; no code is asked for: \(sent.map(\.text))")
        #expect(sent.first?.texts["en"]?.contains("verification for order ORD-6001 is locked") == true)
        #expect(try world.wallet.ledger(order: "ORD-6001").filter { $0.txn.hasPrefix("refund-") }.isEmpty)
    }

    @Test(arguments: WalletTransport.allCases) func statusMismatchIsReconciledAndTheUserTold(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        let run = try await world.start("status-mismatch.yaml", order: "ORD-4002")
        #expect(run.history.map(\.stepID) == ["check", "reconcile", "notify_fixed", "corrected"])
        #expect(try await world.wallet.snapshot(order: "ORD-4002")?.orderStatus == "paid")
    }

    @Test(arguments: WalletTransport.allCases) func unansweredVerificationExpiresAndEscalatesWithoutAFollowUp(_ transport: WalletTransport) async throws {
        let world = try await World(transport)
        var run = try await world.start("transaction-failed.yaml", order: "ORD-1001")
        world.clock.clock.advance(by: 31 * 60)
        run = try #require(try await world.engine.tick().first { $0.id == run.id })
        #expect(run.history.contains { $0.stepID == "verify" && $0.outcome == "expired" })
        #expect(run.history.contains { $0.stepID == "escalate" && $0.outcome == "escalated" })
        #expect(run.history.contains { $0.stepID == "follow_up" && $0.outcome == "skipped" })
        #expect(run.status == .escalated)
        #expect(try world.wallet.ledger(order: "ORD-1001").isEmpty)
    }
}

import Foundation
import RedressWalletAPI
import RedressCases
import RedressEngine
import RedressPlaybook
import RedressSandbox
import Synchronization

/// One order of a `scan`: open its case and drive the run (or continue a run that was left
/// pending or stopped mid-way), and say how it went. Shared by the scan's tasks.
final class ScanOrderHandler: Sendable {
    let engine: Engine
    let intake: CaseIntake
    let wallet: any WalletGateway
    /// Who opens the cases (the audit trail's `run.created`).
    let actor: String
    /// Anomalous orders still to handle (`--limit`); each handled order takes one.
    private let budget: Mutex<Int>

    init(engine: Engine, intake: CaseIntake, wallet: any WalletGateway, limit: Int, actor: String) {
        self.engine = engine
        self.actor = actor
        self.intake = intake
        self.wallet = wallet
        budget = Mutex(limit)
    }

    /// Whether `--limit` leaves room for another anomalous order.
    var hasBudget: Bool { budget.withLock { $0 > 0 } }

    /// Where an order's run got to, as the summary counts it.
    enum Result: String, Encodable, Sendable {
        /// Ended as planned (a follow-up may still be pending).
        case resolved
        /// Parked on a person or a timer.
        case waiting
        /// Handed to a person.
        case escalated
        /// Ended in failure.
        case failed
        /// An effect is uncertain; a person must reconcile.
        case needsReconciliation = "needs_reconciliation"
        /// Stopped mid-way by Ctrl-C; the next scan or tick continues it.
        case stopped
        /// Could not be handled at all (see `detail`).
        case error

        init(_ run: RunState) {
            switch run.endedAs ?? run.status {
            case .completed: self = .resolved
            case .escalated: self = .escalated
            case .failed, .cancelled: self = .failed
            case .needsReconciliation: self = .needsReconciliation
            case .waiting, .pending: self = .waiting
            case .running: self = .stopped
            }
        }
    }

    /// What one order came to.
    enum Outcome: Sendable {
        /// A normal order, or a case left as it is (open with a live run elsewhere, or ended).
        case skipped(alreadyOpen: Bool)
        /// An order this scan handled.
        case handled(Handled)
    }

    /// A handled order, for the table and `--format json`.
    struct Handled: Encodable, Sendable {
        let order: String
        let anomaly: String
        let runID: String?
        let outcome: Result
        /// `opened` for a new case, `continued` for a run this scan took up again.
        let intake: String
        let detail: String?
        let seconds: Double

        enum CodingKeys: String, CodingKey {
            case order, anomaly, outcome, intake, detail, seconds
            case runID = "run_id"
        }

        init(order: String, anomaly: String, runID: String?, outcome: Result, intake: String, detail: String?, seconds: Double) {
            self.order = order
            self.anomaly = anomaly
            self.runID = runID
            self.outcome = outcome
            self.intake = intake
            self.detail = detail
            self.seconds = seconds
        }

        /// A run the scan's opening drain continued (left mid-way, pending, or due).
        init(continued run: RunState, since started: Date) {
            self.init(
                order: run.caseKey ?? RunSummary(run).orderID ?? "-", anomaly: run.anomaly ?? "unknown", runID: run.id, outcome: Result(run),
                intake: "continued", detail: run.resolution, seconds: Date().timeIntervalSince(started))
        }
    }

    func handle(_ order: String) async -> Outcome {
        let begin = Date()
        var anomaly = "unknown"
        do {
            // A cheap read first, so that normal orders and `--limit` never touch the case table.
            guard let snapshot = try await wallet.snapshot(order: order), case let decision = intake.classify(snapshot),
                decision.anomaly != TriageRules.normal
            else {
                return .skipped(alreadyOpen: false)
            }
            anomaly = decision.anomaly
            guard budget.withLock({ left in
                guard left > 0 else { return false }
                left -= 1
                return true
            }) else { return .skipped(alreadyOpen: false) }
            switch try await intake.open(order: order, snapshot: snapshot, actor: actor) {
            case .unknownOrder, .normal:
                return .skipped(alreadyOpen: false)
            case .ended:
                return .skipped(alreadyOpen: false)
            case .opened(let run, _):
                return try await drive(run.id, order: order, anomaly: anomaly, intake: "opened", begin: begin).map(Outcome.handled) ?? .skipped(alreadyOpen: true)
            case .alreadyOpen(let summary, _):
                // A pending run nobody started, or one stopped mid-way, is continued here; a run
                // that is parked, or in flight in a live process, is left to it.
                guard summary.status == .pending || summary.status == .running else { return .skipped(alreadyOpen: true) }
                return try await drive(summary.id, order: order, anomaly: anomaly, intake: "continued", begin: begin).map(Outcome.handled)
                    ?? .skipped(alreadyOpen: true)
            }
        } catch EngineError.busy {
            return .skipped(alreadyOpen: true)
        } catch {
            return .handled(Handled(order: order, anomaly: anomaly, runID: nil, outcome: .error, intake: "none", detail: "\(error)", seconds: Date().timeIntervalSince(begin)))
        }
    }

    /// Drives the run if it is still due; `nil` when another process got to it first.
    private func drive(_ runID: String, order: String, anomaly: String, intake: String, begin: Date) async throws -> Handled? {
        guard let run = try await engine.continueIfDue(runID) else { return nil }
        return Handled(
            order: order, anomaly: anomaly, runID: run.id, outcome: Result(run), intake: intake, detail: run.resolution,
            seconds: Date().timeIntervalSince(begin))
    }
}

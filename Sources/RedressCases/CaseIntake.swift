import Foundation
import RedressEngine
import RedressPlaybook
import RedressWalletAPI
import RedressWalletPlugin
import Synchronization

/// Opens cases: the one way a run starts for an order, whoever asks (`handle`, `scan`, `run` on
/// an order, and every later intake: HTTP, workers).
///
/// An order has at most one open case at a time, whatever its anomaly: two playbooks acting on
/// one order at once could contradict each other (one refunds while the other pays again). The
/// case key is the order id; `RunStore.openCase` enforces it in the same write that stores the
/// run. A second intake of an open case gets the existing run back (`.alreadyOpen`), never a new
/// one. A case whose run has ended stays closed (`.ended`) until someone reopens it with a reason
/// while the order is still anomalous; the reopened run is the case's next (its messages may
/// reach the user again; its money keys are the same, so nothing is paid twice).
///
/// Thread safety: an intake may be shared by any number of tasks; the playbook choice for each
/// anomaly and cause is made once per intake and kept.
package final class CaseIntake: Sendable {
    /// What the wallet says about an order, how triage classified it, and the playbook for it.
    package struct Triage: Sendable {
        /// The wallet's snapshot of the order (`nil` for a forced run on an order it does not know).
        package var snapshot: OrderSnapshot?
        /// The triage rules' decision (`nil` with no snapshot).
        package var decision: TriageEvaluator.Decision?
        /// The playbook file chosen for it.
        package var playbookPath: String
    }

    /// What opening a case for an order did.
    package enum Result: Sendable {
        /// The wallet does not know the order.
        case unknownOrder(String)
        /// The order is not anomalous; nothing was opened.
        case normal(OrderSnapshot, TriageEvaluator.Decision)
        /// A new run was stored for the case (pending: drive it next).
        case opened(RunState, Triage)
        /// The case already has a run that has not ended; nothing was stored.
        case alreadyOpen(RunSummary, Triage)
        /// The case's latest run ended and no reopening was asked for; nothing was stored.
        case ended(RunSummary, Triage)
    }

    /// Why an intake was refused.
    package struct Refusal: Error, Sendable, CustomStringConvertible {
        /// A sentence for the operator.
        package let message: String
        package var description: String { message }
    }

    private let engine: Engine
    private let wallet: any WalletGateway
    private let folder: String
    private let validator: PlaybookValidator
    /// The triage rules that classify orders.
    package let triage: TriageEvaluator
    private let chosen = Mutex([String: (path: String, text: String)]())

    /// An intake that reads orders from `wallet`, classifies them with `triage` and finds their
    /// playbooks in `folder`.
    package init(engine: Engine, wallet: any WalletGateway, triage: TriageRules, playbookFolder folder: String) {
        self.engine = engine
        self.wallet = wallet
        self.folder = folder
        self.triage = TriageEvaluator(rules: triage)
        validator = PlaybookValidator(catalog: engine.handlers.catalog, triage: triage)
    }

    /// How triage classifies `snapshot`.
    package func classify(_ snapshot: OrderSnapshot) -> TriageEvaluator.Decision { triage.decide(WalletFacts.facts(snapshot)) }

    /// Classifies `order`, chooses its playbook and opens its case. `reopen` (with a `reason`,
    /// which is audited) opens a new run when the case's latest run has ended and the order is
    /// still anomalous. Throws `Refusal` when no single valid playbook handles the anomaly, and
    /// the store's errors.
    /// `snapshot`, when the caller has just read it (`scan` reads every order first to skip the
    /// normal ones), saves reading it again. `requestID` (the HTTP request that asked) is recorded
    /// in the run's first audit entry, so the access log leads to the run.
    package func open(
        order: String, snapshot known: OrderSnapshot? = nil, reopen: Bool = false, reason: String? = nil, actor: String? = nil, requestID: String? = nil
    ) async throws -> Result {
        let read: OrderSnapshot?
        if let known { read = known } else { read = try await wallet.snapshot(order: order) }
        guard let snapshot = read else { return .unknownOrder(order) }
        let decision = classify(snapshot)
        guard decision.anomaly != TriageRules.normal else { return .normal(snapshot, decision) }
        let playbook = try choose(anomaly: decision.anomaly, cause: decision.cause)
        let triage = Triage(snapshot: snapshot, decision: decision, playbookPath: playbook.path)
        var facts = Self.facts(decision)
        if reopen, let reason { facts["reopened_because"] = .string(reason) }
        if let requestID { facts["request_id"] = .string(requestID) }
        let opening = try await engine.openCase(
            playbookText: playbook.text, path: playbook.path, inputs: ["order_id": .string(order)], caseKey: order, anomaly: decision.anomaly,
            reopen: reopen, facts: facts, actor: actor)
        return Self.result(opening, triage)
    }

    /// Opens the case for `order` with a playbook the operator named. The order's classification
    /// must fit the playbook's `anomaly` (a frozen-funds playbook on a paid order would tell the
    /// user their funds are held); `forceReason` runs it anyway, and says why in the audit trail.
    package func open(
        order: String, playbookText text: String, path: String, playbook: Playbook, inputs: [String: Value], reopen: Bool = false,
        reason: String? = nil, forceReason: String? = nil, actor: String? = nil
    ) async throws -> Result {
        let snapshot = try await wallet.snapshot(order: order)
        let decision = snapshot.map(classify)
        var facts = decision.map(Self.facts) ?? [:]
        let fits = decision.map { PlaybookChooser.fits(playbook, anomaly: $0.anomaly, cause: $0.cause) } ?? false
        if !fits {
            guard let forceReason else {
                let handles = playbook.anomaly.types.map(\.value).joined(separator: ", ")
                guard let decision else {
                    throw Refusal(message: "no order \(order) in the wallet; '\(path)' handles \(handles) orders (--force with --reason runs it anyway)")
                }
                let found = decision.anomaly + (decision.cause.isEmpty ? "" : " (\(decision.cause))")
                throw Refusal(
                    message: "\(order) is classified as \(found), but '\(path)' handles \(handles); "
                        + "use 'redress handle \(order)' to pick the right playbook, or --force with --reason to run this one anyway")
            }
            facts["forced_because"] = .string(forceReason)
        }
        if reopen, let reason { facts["reopened_because"] = .string(reason) }
        let triage = Triage(snapshot: snapshot, decision: decision, playbookPath: path)
        let opening = try await engine.openCase(
            playbookText: text, path: path, inputs: inputs, caseKey: order, anomaly: decision?.anomaly, reopen: reopen, facts: facts, actor: actor)
        return Self.result(opening, triage)
    }

    /// What the audit trail's `run.created` records of the classification.
    private static func facts(_ decision: TriageEvaluator.Decision) -> [String: Value] {
        ["anomaly": .string(decision.anomaly), "cause": .string(decision.cause), "triage_rule": .string(decision.rule ?? "")]
    }

    private static func result(_ opening: CaseOpening, _ triage: Triage) -> Result {
        switch opening {
        case .opened(let run): return .opened(run, triage)
        case .open(let summary): return .alreadyOpen(summary, triage)
        case .ended(let summary): return .ended(summary, triage)
        }
    }

    private func choose(anomaly: String, cause: String) throws -> (path: String, text: String) {
        let key = anomaly + "\u{1f}" + cause
        if let known = chosen.withLock({ $0[key] }) { return known }
        let playbook: (path: String, text: String)
        do {
            playbook = try PlaybookChooser.choose(in: folder, anomaly: anomaly, cause: cause, validator: validator)
        } catch let failure as PlaybookChooser.Failure {
            throw Refusal(message: failure.message)
        }
        chosen.withLock { $0[key] = playbook }
        return playbook
    }
}

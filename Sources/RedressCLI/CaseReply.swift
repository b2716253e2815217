import ArgumentParser
import Foundation
import RedressCases
import RedressDiagnostics
import RedressEngine
import RedressPlaybook

/// What `handle` and `run` on an order print after asking `CaseIntake`, and their exit status:
/// a new case's run is driven; a case already open or ended is shown as it stands (its run id,
/// its status, how to continue), never hidden behind an error, and never run twice.
struct CaseReply {
    let engine: Engine
    let format: ResultFormat
    let stop: GracefulStop

    /// Drives a newly opened run, or reports the case's existing one; always throws the exit
    /// status (0 completed, 3 waiting or in flight, 5 escalated, …, 130/143 when stopped).
    func finish(_ result: CaseIntake.Result, order: String, dryRunNote: Bool = false) async throws -> Never {
        switch result {
        case .unknownOrder:
            try refuse(order: order, "no order \(order) in the wallet")
        case .normal(let snapshot, _):
            if format == .json {
                FileOutput.standardOutput.write(
                    RunPrinter.encode(["order": order, "case": "none", "anomaly": TriageRules.normal, "order_status": snapshot.orderStatus]))
            } else {
                FileOutput.standardOutput.write(TerminalText.escape("\(order) is normal (\(snapshot.orderStatus)); nothing to do") + "\n")
            }
            throw ExitStatus.success
        case .opened(let run, let triage):
            if format == .human {
                let anomaly = triage.decision.map { $0.anomaly + ($0.cause.isEmpty ? "" : " (\($0.cause))") } ?? "order unknown to the wallet"
                FileOutput.standardOutput.write(TerminalText.escape("\(order): \(anomaly) → \(triage.playbookPath)") + "\n")
            }
            let driven: RunState
            do {
                driven = try await engine.drive(run.id)
            } catch EngineError.busy {
                // Another process (a worker's tick) took the new run first: it is in flight there.
                try await show(run.id, order: order, triage: triage, caseStatus: "opened", note: "being run by another process")
            } catch {
                throw ExitCode(EngineErrorPrinter.report(error))
            }
            try print(driven, order: order, triage: triage, caseStatus: "opened")
        case .alreadyOpen(let summary, let triage):
            try await show(
                summary.id, order: order, triage: triage, caseStatus: "already_open",
                note: "\(order) already has an open case: run \(summary.id) (\(summary.status.rawValue)); continue it with: redress resume \(summary.id)")
        case .ended(let summary, let triage):
            try await show(
                summary.id, order: order, triage: triage, caseStatus: "ended",
                note: "\(order)'s case ended with run \(summary.id) (\(summary.status.rawValue)); to open it again: redress handle \(order) --reopen --reason TEXT")
        }
    }

    private func show(_ runID: String, order: String, triage: CaseIntake.Triage, caseStatus: String, note: String) async throws -> Never {
        guard let run = try await engine.store.load(runID) else { try refuse(order: order, "run \(runID) of \(order)'s case could not be read") }
        if format == .human { FileOutput.standardOutput.write(TerminalText.escape(note) + "\n") }
        try print(run, order: order, triage: triage, caseStatus: caseStatus)
    }

    private func print(_ run: RunState, order: String, triage: CaseIntake.Triage, caseStatus: String) throws -> Never {
        if format == .json {
            let intake = RunPrinter.Intake(caseStatus: caseStatus, order: order, anomaly: triage.decision?.anomaly, cause: triage.decision?.cause)
            FileOutput.standardOutput.write(RunPrinter.json(run, intake: intake))
        } else {
            FileOutput.standardOutput.write(RunPrinter.human(run))
        }
        try stop.exitIfStopped()
        throw ExitCode(run.status.exitCode)
    }

    private func refuse(order: String, _ message: String) throws -> Never {
        if format == .json { FileOutput.standardOutput.write(RunPrinter.encode(["order": order, "case": "none", "error": message])) }
        FileOutput.standardError.write("redress: error: \(TerminalText.escape(message))\n")
        throw ExitStatus.usage
    }
}

import Foundation
import RedressDiagnostics
import RedressEngine

/// The lines `redress tick` prints.
enum TickSummary {
    /// `driven 12: 8 completed, 3 waiting, 1 escalated; next at 2026-12-01T09:30:00Z`, or
    /// `nothing due; next at …` when idle.
    static func line(_ report: DrainReport) -> String {
        let next = report.nextWake.map { "next at \($0.formatted(.iso8601))" } ?? "no run is waiting for a timer"
        guard report.driven > 0 || !report.failures.isEmpty else { return "nothing due; " + next }
        let order: [RunStatus] = [.completed, .waiting, .escalated, .failed, .needsReconciliation, .cancelled, .running, .pending]
        var parts = order.compactMap { status in report.counts[status].map { "\($0) \(status == .running ? "stopped mid-way" : status.rawValue)" } }
        if !report.failures.isEmpty { parts.append("\(report.failures.count) could not be driven") }
        return "driven \(report.driven): " + parts.joined(separator: ", ") + "; " + next
    }

    /// One run: `run-… escalated — escalated to tier 2: … (ticket ESC-…)`.
    static func runLine(_ run: RunSummary) -> String {
        TerminalText.escape("\(run.id) \(run.status.rawValue)" + (run.orderID.map { " (\($0))" } ?? "") + (run.resolution.map { " — \($0)" } ?? ""))
    }
}

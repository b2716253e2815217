import Foundation
import Metrics

/// What the engine counts and times, through swift-metrics: a process that bootstraps a backend
/// (`redress serve` bootstraps Prometheus) sees them; any other pays one no-op call per event.
/// A driver records its events after the commit that made them durable, so a drive that loses
/// its lease counts nothing twice; dry runs count nothing.
package enum EngineMetrics {
    /// Step durations, by handler and outcome (`redress_step_duration_seconds`).
    package static let stepDuration = "redress_step_duration_seconds"
    /// Runs that ended, by playbook and status (`redress_runs_ended_total`).
    package static let runsEnded = "redress_runs_ended_total"
    /// SLA deadlines breached, by playbook and clock (`respond`, `resolve`).
    package static let slaBreaches = "redress_sla_breaches_total"
    /// From a run's start to the first message the user got, by anomaly type.
    package static let firstContact = "redress_time_to_first_contact_seconds"
    /// Cases opened, by anomaly type.
    package static let casesOpened = "redress_cases_opened_total"

    /// One thing to count or time.
    enum Event {
        case step(handler: String, outcome: String, seconds: Double)
        case ended(playbook: String, status: RunStatus)
        case breached(playbook: String, clock: String)
        case contacted(anomaly: String?, seconds: Double)
    }

    /// Records `event`.
    static func record(_ event: Event) {
        switch event {
        case .step(let handler, let outcome, let seconds):
            Timer(label: stepDuration, dimensions: [("handler", handler), ("outcome", outcome)]).recordNanoseconds(nanoseconds(seconds))
        case .ended(let playbook, let status):
            Counter(label: runsEnded, dimensions: [("playbook", playbook), ("status", status.rawValue)]).increment()
        case .breached(let playbook, let clock):
            Counter(label: slaBreaches, dimensions: [("playbook", playbook), ("clock", clock)]).increment()
        case .contacted(let anomaly, let seconds):
            Timer(label: firstContact, dimensions: [("anomaly", anomaly ?? "none")]).recordNanoseconds(nanoseconds(seconds))
        }
    }

    /// A case was opened for an order of `anomaly`.
    static func caseOpened(anomaly: String?) {
        Counter(label: casesOpened, dimensions: [("anomaly", anomaly ?? "none")]).increment()
    }

    private static func nanoseconds(_ seconds: Double) -> Int64 {
        Int64(max(0, min(seconds, 1e9)) * 1e9)
    }
}

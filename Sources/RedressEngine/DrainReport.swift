import Foundation

/// What `Engine.drain` did: counts by the status runs were left in, the runs a person should
/// look at, and when the next parked run falls due.
package struct DrainReport: Sendable {
    /// Runs driven, by the status each was left in.
    package var counts: [RunStatus: Int] = [:]
    /// Driven runs that ended needing a person (`failed`, `escalated`, `needs_reconciliation`),
    /// in the order they ended.
    package var attention: [RunSummary] = []
    /// Runs that could not be driven, once each.
    package var failures: [SweepReport.Failure] = []
    /// When the earliest parked run falls due, if any does.
    package var nextWake: Date?

    /// An empty report.
    package init() {}

    /// How many runs were driven.
    package var driven: Int { counts.values.reduce(0, +) }

    /// Adds `other`'s counts, runs and failures; its `nextWake` replaces this one's.
    package mutating func merge(_ other: DrainReport) {
        for (status, count) in other.counts { counts[status, default: 0] += count }
        attention += other.attention
        failures += other.failures
        nextWake = other.nextWake
    }

    /// Counts `run` and keeps it when a person should look at it.
    mutating func record(_ run: RunState) {
        counts[run.status, default: 0] += 1
        if [.failed, .escalated, .needsReconciliation].contains(run.status) { attention.append(RunSummary(run)) }
    }
}

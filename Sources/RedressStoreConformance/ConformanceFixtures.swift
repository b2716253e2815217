import Foundation
import RedressEngine
import RedressPlaybook

/// Runs, records and times the checks use.
enum Fixture {
    /// The checks' "now": far from any real clock, so a shared store sees no interference.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A new pending run with a unique id, an order input and a playbook text.
    static func run(_ label: String, caseKey: String? = nil, at: Date = now) -> RunState {
        let text = "playbook: conformance\ntitle: Conformance\nanomaly: transaction_failed\nsteps:\n  - id: done\n    uses: flow.finish\n"
        var run = RunState(
            id: "run-conf-\(label)-\(UUID().uuidString.prefix(8).lowercased())", playbookID: "conformance", playbookHash: String(repeating: "c", count: 64),
            playbookText: text, playbookPath: "conformance.yaml", inputs: ["order_id": .string(caseKey ?? "ORD-\(label)"), "amount": .decimal(Decimal(string: "12.50") ?? 0)],
            createdAt: at)
        run.caseKey = caseKey
        return run
    }

    /// The run's next audit records (chained from its head, which is advanced).
    static func audit(_ kinds: [String], to run: inout RunState, at: Date = now) -> [AuditRecord] {
        AuditChain.append(kinds.map { AuditEvent(kind: $0, data: ["n": .integer(1)], at: at) }, to: &run)
    }

    /// A journal entry of the run.
    static func journal(_ run: RunState, step: String, kind: JournalEntry.Kind, at: Date = now) -> JournalEntry {
        JournalEntry(runID: run.id, stepID: step, attempt: 1, idempotencyKey: "\(run.id)/\(step)/1", kind: kind, detail: ["step": .string(step)], at: at)
    }

    /// `seconds` after the checks' now.
    static func later(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(seconds) }
}

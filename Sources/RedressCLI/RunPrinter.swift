import Foundation
import RedressDiagnostics
import RedressEngine
import RedressPlaybook

/// Prints runs for people (a step list with outcomes and durations) and for tools (one JSON
/// object).
enum RunPrinter {
    struct StepJSON: Encodable {
        let id: String
        let handler: String
        let outcome: String
        let attempts: Int
        let durationMs: Int
        let waitedMs: Int
        let routedTo: String
        let detail: String?

        enum CodingKeys: String, CodingKey {
            case id, handler, outcome, attempts, detail
            case durationMs = "duration_ms"
            case waitedMs = "waited_ms"
            case routedTo = "routed_to"
        }
    }

    /// How the run came about, for commands that open cases (`handle`, `run` on an order).
    struct Intake: Encodable {
        /// `opened`, `already_open` or `ended` (the case's run had ended; nothing new was opened).
        let caseStatus: String
        let order: String
        let anomaly: String?
        let cause: String?

        enum CodingKeys: String, CodingKey {
            case order, anomaly, cause
            case caseStatus = "case"
        }
    }

    /// The SLA clocks of a run.
    struct SLAJSON: Encodable {
        let respondBy: String?
        let resolveBy: String?
        let respondedAt: String?
        let breached: [String]

        enum CodingKeys: String, CodingKey {
            case breached
            case respondBy = "respond_by"
            case resolveBy = "resolve_by"
            case respondedAt = "responded_at"
        }
    }

    /// One audit record, for `show --format json`.
    struct AuditJSON: Encodable {
        let sequence: Int
        let at: String
        let kind: String
        let actor: String
        let data: [String: JSONValue]
        let hash: String
    }

    /// The audit trail and whether its chain holds.
    struct TrailJSON: Encodable {
        let chain: String
        let entries: [AuditJSON?]
    }

    struct RunJSON: Encodable {
        let intake: Intake?
        let runID: String
        let playbook: String
        let status: String
        let resolution: String?
        let waitingFor: String?
        let wakeAt: String?
        let steps: [StepJSON]
        var details: Details?
        var trail: TrailJSON?

        /// What `show` adds: the inputs, the case, the clocks.
        struct Details: Encodable {
            let inputs: [String: JSONValue]
            let caseKey: String?
            let caseSequence: Int
            let anomaly: String?
            let createdAt: String
            let updatedAt: String
            let sla: SLAJSON
            let participants: [String]

            enum CodingKeys: String, CodingKey {
                case inputs, anomaly, sla, participants
                case caseKey = "case_key"
                case caseSequence = "case_sequence"
                case createdAt = "created_at"
                case updatedAt = "updated_at"
            }
        }

        func encode(to encoder: any Encoder) throws {
            try intake?.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(runID, forKey: .runID)
            try container.encode(playbook, forKey: .playbook)
            try container.encode(status, forKey: .status)
            try container.encodeIfPresent(resolution, forKey: .resolution)
            try container.encodeIfPresent(waitingFor, forKey: .waitingFor)
            try container.encodeIfPresent(wakeAt, forKey: .wakeAt)
            try container.encode(steps, forKey: .steps)
            try details?.encode(to: encoder)
            try container.encodeIfPresent(trail, forKey: .audit)
        }

        enum CodingKeys: String, CodingKey {
            case playbook, status, resolution, steps, audit
            case runID = "run_id"
            case waitingFor = "waiting_for"
            case wakeAt = "wake_at"
        }
    }

    /// The whole run for `show`: its JSON with the inputs, the case, the SLA clocks, and the
    /// audit trail (`nil` entries are unreadable) with the chain's verdict.
    static func detailedJSON(_ run: RunState, audit: [AuditRecord?], chain: String) -> String {
        var payload = payload(run, intake: nil)
        let sla = SLAJSON(
            respondBy: run.sla.respondBy?.formatted(.iso8601), resolveBy: run.sla.resolveBy?.formatted(.iso8601),
            respondedAt: run.sla.respondedAt?.formatted(.iso8601), breached: run.sla.breached)
        payload.details = RunJSON.Details(
            inputs: run.inputs.mapValues(JSONValue.init), caseKey: run.caseKey, caseSequence: run.caseSequence, anomaly: run.anomaly,
            createdAt: run.createdAt.formatted(.iso8601), updatedAt: run.updatedAt.formatted(.iso8601), sla: sla, participants: run.participants)
        payload.trail = TrailJSON(
            chain: chain,
            entries: audit.map { entry in
                entry.map {
                    AuditJSON(
                        sequence: $0.sequence, at: $0.event.at.formatted(.iso8601), kind: $0.event.kind, actor: $0.event.actor,
                        data: $0.event.data.mapValues(JSONValue.init), hash: $0.hash)
                }
            })
        return encode(payload)
    }

    static func json(_ run: RunState, intake: Intake? = nil) -> String {
        encode(payload(run, intake: intake))
    }

    private static func payload(_ run: RunState, intake: Intake?) -> RunJSON {
        RunJSON(
            intake: intake, runID: run.id, playbook: run.playbookID, status: run.status.rawValue, resolution: run.resolution,
            waitingFor: run.current?.wait?.signal, wakeAt: run.wakeAt.map { $0.formatted(.iso8601) },
            steps: run.history.map {
                StepJSON(
                    id: $0.stepID, handler: $0.handler, outcome: $0.outcome, attempts: $0.attempts,
                    durationMs: Int($0.endedAt.timeIntervalSince($0.startedAt) * 1_000), waitedMs: Int($0.waited * 1_000), routedTo: $0.routedTo,
                    detail: $0.detail)
            })
    }

    /// A duration for people: `7 ms`, `4.2 s`, `10 min`, `2 min 3 s`, `25 h 4 min`.
    static func duration(_ seconds: TimeInterval) -> String {
        let value = max(0, seconds)
        if value < 1 { return "\(Int((value * 1_000).rounded())) ms" }
        if value < 60 { return String(format: "%.1f s", value) }
        let whole = Int(value.rounded())
        if whole < 3_600 { return whole % 60 == 0 ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s" }
        let minutes = (whole % 3_600) / 60
        return minutes == 0 ? "\(whole / 3_600) h" : "\(whole / 3_600) h \(minutes) min"
    }

    /// One JSON document, sorted keys, on its own lines.
    static func encode(_ payload: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(payload)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    /// For people: every value that came from outside (resolutions, error details, ids) is
    /// escaped, so no output line can be forged by an order field or a handler's message.
    /// Marks and the status are coloured when standard output is a terminal that wants colour
    /// (not with `NO_COLOR` or `TERM=dumb`), never in a pipe or a file.
    static func human(_ run: RunState, dryRun: Bool = false, colored: Bool = FileOutput.standardOutput.wantsColor) -> String {
        let text = TerminalText.escape
        let paint = Paint(enabled: colored)
        var lines = ["\(dryRun ? "dry run of" : "run") \(text(run.id)) · playbook \(text(run.playbookID))"]
        for step in run.history {
            let total = step.endedAt.timeIntervalSince(step.startedAt)
            let spent = step.waited > 0 ? "\(Self.duration(total - step.waited)), waited \(Self.duration(step.waited))" : Self.duration(total)
            let mark = ["error", "timeout", "failed", "interrupted"].contains(step.outcome) ? paint.red("✗") : (step.outcome == "skipped" ? paint.dim("·") : paint.green("✓"))
            var line = "  \(mark) \(text(step.stepID).padding(toLength: 22, withPad: " ", startingAt: 0)) \(text(step.outcome).padding(toLength: 14, withPad: " ", startingAt: 0)) \(spent)"
            if step.attempts > 1 { line += ", \(step.attempts) attempts" }
            if let detail = step.detail { line += " — \(text(detail))" }
            lines.append(line)
        }
        if let current = run.current, let wait = current.wait, !run.status.isFinal {
            let what = wait.signal.map { "signal '\($0)'" } ?? "a timer"
            lines.append("  … \(text(current.stepID).padding(toLength: 22, withPad: " ", startingAt: 0)) waiting for \(text(what)) until \(wait.deadline.formatted(.iso8601))")
            if let signal = wait.signal {
                // A secret (the user's code) is handed over on standard input, never on a command line.
                let value = wait.isSecret ? "- (the value is read from standard input)" : "VALUE"
                lines.append("    continue with: redress resume \(text(run.id)) --signal \(text(signal))=\(value)")
            }
        }
        if let ended = run.endedAs, !run.status.isFinal {
            // Resolved; only `finally` work (a follow-up) is still pending.
            lines.append("\(ended == .completed ? "resolved" : "ended"): \(ended.rawValue)" + (run.resolution.map { " — \(text($0))" } ?? ""))
            lines.append("status: \(run.status.rawValue) (follow-up pending; 'redress tick' continues it when due)")
        } else if run.status == .running {
            lines.append("status: running — stopped before the end; 'redress tick' or 'redress resume \(text(run.id))' continues it")
        } else {
            lines.append("status: \(paint.status(run.status))" + (run.resolution.map { " — \(text($0))" } ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

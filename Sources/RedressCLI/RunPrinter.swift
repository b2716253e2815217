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
        let routedTo: String
        let detail: String?

        enum CodingKeys: String, CodingKey {
            case id, handler, outcome, attempts, detail
            case durationMs = "duration_ms"
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

    struct RunJSON: Encodable {
        let intake: Intake?
        let runID: String
        let playbook: String
        let status: String
        let resolution: String?
        let waitingFor: String?
        let wakeAt: String?
        let steps: [StepJSON]

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
        }

        enum CodingKeys: String, CodingKey {
            case playbook, status, resolution, steps
            case runID = "run_id"
            case waitingFor = "waiting_for"
            case wakeAt = "wake_at"
        }
    }

    static func json(_ run: RunState, intake: Intake? = nil) -> String {
        let payload = RunJSON(
            intake: intake, runID: run.id, playbook: run.playbookID, status: run.status.rawValue, resolution: run.resolution,
            waitingFor: run.current?.wait?.signal, wakeAt: run.wakeAt.map { $0.formatted(.iso8601) },
            steps: run.history.map {
                StepJSON(
                    id: $0.stepID, handler: $0.handler, outcome: $0.outcome, attempts: $0.attempts,
                    durationMs: Int($0.endedAt.timeIntervalSince($0.startedAt) * 1_000), routedTo: $0.routedTo, detail: $0.detail)
            })
        return encode(payload)
    }

    /// One JSON document, sorted keys, on its own lines.
    static func encode(_ payload: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(payload)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    /// For people: every value that came from outside (resolutions, error details, ids) is
    /// escaped, so no output line can be forged by an order field or a handler's message.
    static func human(_ run: RunState, dryRun: Bool = false) -> String {
        let text = TerminalText.escape
        var lines = ["\(dryRun ? "dry run of" : "run") \(text(run.id)) · playbook \(text(run.playbookID))"]
        for step in run.history {
            let milliseconds = Int(step.endedAt.timeIntervalSince(step.startedAt) * 1_000)
            let mark = ["error", "timeout", "failed", "interrupted"].contains(step.outcome) ? "✗" : (step.outcome == "skipped" ? "·" : "✓")
            var line = "  \(mark) \(text(step.stepID).padding(toLength: 22, withPad: " ", startingAt: 0)) \(text(step.outcome).padding(toLength: 14, withPad: " ", startingAt: 0)) \(milliseconds) ms"
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
            lines.append("status: \(run.status.rawValue)" + (run.resolution.map { " — \(text($0))" } ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

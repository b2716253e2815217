import Foundation
import RedressPlaybook

/// What expressions read at run time: inputs, steps' outcomes and outputs, and the run's fields.
struct RunExpressionContext: ExpressionContext {
    let run: RunState

    func value(at segments: [PathSegment]) -> Value {
        guard let root = segments.first?.name else { return .null }
        switch root {
        case "inputs":
            guard segments.count >= 2, let name = segments[1].name else { return .null }
            return Value.descend(run.inputs[name] ?? .null, segments.dropFirst(2))
        case "steps":
            guard segments.count >= 3, let id = segments[1].name, let field = segments[2].name, let state = run.steps[id] else { return .null }
            switch field {
            case "outcome": return state.outcome.map(Value.string) ?? .null
            case "attempts": return .integer(state.attempts)
            case "output": return Value.descend(state.output.map(Value.object) ?? .null, segments.dropFirst(3))
            default: return .null
            }
        case "run":
            guard segments.count >= 2, let field = segments[1].name else { return .null }
            switch field {
            case "id": return .string(run.id)
            case "playbook": return .string(run.playbookID)
            case "started_at": return .timestamp(run.createdAt)
            case "sla_breached": return .bool(!run.sla.breached.isEmpty)
            case "resolve_by": return run.sla.resolveBy.map(Value.timestamp) ?? .null
            case "status": return run.endedAs.map { .string($0.rawValue) } ?? .string(run.status.rawValue)
            case "resolution": return .string(run.resolution ?? "")
            default: return .null
            }
        default:
            return .null
        }
    }
}

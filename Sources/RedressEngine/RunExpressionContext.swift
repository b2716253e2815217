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
            return Self.descend(run.inputs[name] ?? .null, segments.dropFirst(2))
        case "steps":
            guard segments.count >= 3, let id = segments[1].name, let field = segments[2].name, let state = run.steps[id] else { return .null }
            switch field {
            case "outcome": return state.outcome.map(Value.string) ?? .null
            case "attempts": return .integer(state.attempts)
            case "output": return Self.descend(state.output.map(Value.object) ?? .null, segments.dropFirst(3))
            default: return .null
            }
        case "run":
            guard segments.count >= 2, let field = segments[1].name else { return .null }
            switch field {
            case "id": return .string(run.id)
            case "playbook": return .string(run.playbookID)
            case "started_at": return .timestamp(run.createdAt)
            case "sla_breached": return .bool(!run.sla.breached.isEmpty)
            case "status": return run.endedAs.map { .string($0.rawValue) } ?? .string(run.status.rawValue)
            case "resolution": return .string(run.resolution ?? "")
            default: return .null
            }
        default:
            return .null
        }
    }

    private static func descend(_ value: Value, _ rest: ArraySlice<PathSegment>) -> Value {
        var current = value
        for segment in rest {
            switch (segment, current) {
            case (.field(let name, _), .object(let fields)): current = fields[name] ?? .null
            case (.index(let index, _), .list(let items)): current = items.indices.contains(index) ? items[index] : .null
            default: return .null
            }
        }
        return current
    }
}

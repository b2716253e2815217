/// Where a step's outcome sends the run.
package enum RouteTarget: Sendable, Hashable, CustomStringConvertible {
    /// The step after this one (or the end of the run after the last step).
    case next
    /// End the run as completed.
    case end
    /// End the run as failed.
    case fail
    /// Go to the step with this id.
    case step(String)

    /// Parses `next`, `end`, `fail` or a step id.
    package init(_ text: String) {
        switch text {
        case "next": self = .next
        case "end": self = .end
        case "fail": self = .fail
        default: self = .step(text)
        }
    }

    /// As written in a playbook.
    package var description: String {
        switch self {
        case .next: return "next"
        case .end: return "end"
        case .fail: return "fail"
        case .step(let id): return id
        }
    }
}

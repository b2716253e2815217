import RedressDiagnostics

extension PlaybookChecker {
    /// Duplicate step ids, reported at the second definition with a note at the first.
    mutating func checkStepIDs() {
        var first: [String: Step] = [:]
        for step in allSteps {
            if let original = first[step.id.value] {
                sink.error(
                    .duplicateStepID, "duplicate step id '\(step.id.value)'", at: step.id.mark, length: step.id.length,
                    notes: [.init("'\(step.id.value)' is first defined here", at: original.id.mark)])
            } else {
                first[step.id.value] = step
            }
        }
    }

    /// Unknown handlers, unknown outcomes, and `on` targets that do not exist.
    mutating func checkHandlersAndRoutes() {
        let mainIDs = Set(playbook.steps.map(\.id.value))
        let finallyIDs = Set(playbook.finally.map(\.id.value))
        for step in allSteps {
            let descriptor = catalog[step.uses.value]
            if descriptor == nil {
                sink.error(
                    .unknownHandler, "unknown handler '\(step.uses.value)'" + Self.didYouMean(catalog.suggestion(for: step.uses.value)),
                    at: step.uses.mark, length: step.uses.length, notes: [.init("'redress handlers' lists every handler")])
            }
            if step.isFinally, let route = step.routes.first {
                sink.error(
                    .routeIntoFinally, "steps in 'finally' run one after another and cannot route", at: route.outcome.mark,
                    length: route.outcome.length)
            }
            for route in step.routes {
                if let descriptor {
                    var outcomes = descriptor.allOutcomes.map(\.name)
                    if step.when != nil { outcomes.append(OutcomeSpec.skipped.name) }
                    if !outcomes.contains(route.outcome.value) {
                        sink.error(
                            .unknownOutcome,
                            "'\(descriptor.name)' has no outcome '\(route.outcome.value)'"
                                + Self.didYouMean(Suggestions.closest(to: route.outcome.value, among: outcomes)),
                            at: route.outcome.mark, length: route.outcome.length, notes: [.init("its outcomes: " + outcomes.joined(separator: ", "))])
                    }
                }
                guard case .step(let id) = route.target.value else { continue }
                if finallyIDs.contains(id), !mainIDs.contains(id) {
                    sink.error(
                        .routeIntoFinally, "'\(id)' is a 'finally' step; it runs when the run ends and cannot be routed to",
                        at: route.target.mark, length: route.target.length, notes: [.init("route to 'end' or 'fail' instead")])
                } else if !mainIDs.contains(id) {
                    sink.error(
                        .unknownStep, "unknown step '\(id)'" + Self.didYouMean(Suggestions.closest(to: id, among: mainIDs.union(["next", "end", "fail"]))),
                        at: route.target.mark, length: route.target.length, notes: [.init("a target is a step id, 'next', 'end' or 'fail'")])
                }
            }
        }
    }

    /// The SLA breach target must be a main step.
    mutating func checkSLA() {
        guard let target = playbook.sla?.onBreach else { return }
        if graph.indexByID[target.value] == nil {
            sink.error(
                .unknownStep, "sla.on_breach names unknown step '\(target.value)'"
                    + Self.didYouMean(Suggestions.closest(to: target.value, among: playbook.steps.map(\.id.value))),
                at: target.mark, length: target.length)
        }
    }
}

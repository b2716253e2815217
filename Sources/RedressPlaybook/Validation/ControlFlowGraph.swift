/// The main steps of a playbook as a graph: one node per step plus the run's exit, one edge per
/// outcome a step can end in, leading where the playbook routes it (or where the defaults do).
///
/// Contract: built only from declared outcomes and routes (nothing runs). Unknown handlers and
/// unknown targets contribute what can be known (the routes written, `error`, `timeout`) so the
/// graph stays useful while other checks report the mistake.
package struct ControlFlowGraph: Sendable {
    /// One possible transition.
    package struct Edge: Sendable, Hashable {
        /// The step it leaves.
        package var from: Int
        /// The outcome that takes it.
        package var outcome: String
        /// Whether the outcome is a success.
        package var isSuccess: Bool
        /// Whether the handler returned this outcome with its output (every declared outcome);
        /// `error`, `timeout` and `skipped` leave no output.
        package var producesOutput: Bool
        /// The step it leads to, or `exit` for the end of the run.
        package var to: Int
        /// For edges into `exit`: whether the run ends failed.
        package var endsFailed: Bool
    }

    /// The main steps, in order.
    package let steps: [Step]
    /// Node index of the run's end.
    package var exit: Int { steps.count }
    /// Outgoing edges by step index.
    package private(set) var edges: [[Edge]]
    /// Index of each step by id (first definition wins).
    package let indexByID: [String: Int]
    /// The steps a run can start at: the first step, and the SLA breach target (which the engine
    /// can jump to at any time).
    package let entries: [Int]
    /// The descriptor of each step's handler, if known.
    package let descriptors: [HandlerDescriptor?]

    /// Builds the graph of `playbook`'s main steps with handler specs from `catalog`.
    package init(playbook: Playbook, catalog: HandlerCatalog) {
        steps = playbook.steps
        var index: [String: Int] = [:]
        for (position, step) in steps.enumerated() where index[step.id.value] == nil { index[step.id.value] = position }
        indexByID = index
        descriptors = steps.map { catalog[$0.uses.value] }
        var starts = steps.isEmpty ? [] : [0]
        if let breach = playbook.sla?.onBreach?.value, let target = index[breach], target != 0 { starts.append(target) }
        entries = starts
        edges = []
        edges = steps.indices.map { outgoing(from: $0) }
    }

    /// The outcomes step `position` can end in: declared, implicit, `skipped` with a `when`, and
    /// any the playbook routes that the handler does not declare (reported elsewhere).
    package func outcomes(of position: Int) -> [OutcomeSpec] {
        let step = steps[position]
        // An unknown handler is reported elsewhere; assume it can succeed so the steps after it
        // are still checked (an unreachable-step cascade would hide the real problems).
        var outcomes = descriptors[position]?.allOutcomes ?? [.success("ok")] + OutcomeSpec.implicit
        if step.when != nil { outcomes.append(.skipped) }
        for route in step.routes where !outcomes.contains(where: { $0.name == route.outcome.value }) {
            outcomes.append(.success(route.outcome.value))
        }
        return outcomes
    }

    private func outgoing(from position: Int) -> [Edge] {
        let step = steps[position]
        let endsRun = descriptors[position]?.policy.endsRun ?? false
        return outcomes(of: position).compactMap { outcome in
            let failed = !outcome.isSuccess
            let producesOutput = !OutcomeSpec.implicit.contains(outcome) && outcome != .skipped
            if endsRun {
                return Edge(from: position, outcome: outcome.name, isSuccess: outcome.isSuccess, producesOutput: producesOutput, to: exit, endsFailed: failed)
            }
            let target = step.route(for: outcome.name)?.target.value ?? (outcome.isSuccess ? .next : .fail)
            switch target {
            case .next:
                return Edge(from: position, outcome: outcome.name, isSuccess: outcome.isSuccess, producesOutput: producesOutput, to: position + 1, endsFailed: false)
            case .end:
                return Edge(from: position, outcome: outcome.name, isSuccess: outcome.isSuccess, producesOutput: producesOutput, to: exit, endsFailed: false)
            case .fail:
                return Edge(from: position, outcome: outcome.name, isSuccess: outcome.isSuccess, producesOutput: producesOutput, to: exit, endsFailed: true)
            case .step(let id):
                guard let destination = indexByID[id] else { return nil }
                return Edge(from: position, outcome: outcome.name, isSuccess: outcome.isSuccess, producesOutput: producesOutput, to: destination, endsFailed: false)
            }
        }
    }

    /// Steps reachable from an entry.
    package func reachable() -> [Bool] {
        var seen = [Bool](repeating: false, count: steps.count + 1)
        var stack = entries
        while let node = stack.popLast() {
            guard !seen[node] else { continue }
            seen[node] = true
            if node < steps.count { stack.append(contentsOf: edges[node].map(\.to)) }
        }
        return seen
    }

    /// Edges into each node.
    package func incoming() -> [[Edge]] {
        var result = [[Edge]](repeating: [], count: steps.count + 1)
        for list in edges { for edge in list { result[edge.to].append(edge) } }
        return result
    }
}

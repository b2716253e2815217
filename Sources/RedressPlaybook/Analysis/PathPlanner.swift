/// Enumerates the distinct paths through a playbook's main steps from the outcomes its handlers
/// declare (with `skipped` for steps with `when`, and the implicit `error`/`timeout`).
///
/// Contract: a path visits a step at most `maxVisits` times (loops are bounded), and at most
/// `limit` paths are returned (`truncated` says whether more exist). Nothing runs and nothing
/// is evaluated: a `when` becomes a condition on the path, so some listed paths may be
/// impossible in practice (two conditions that cannot both hold).
package struct PathPlanner: Sendable {
    /// The playbook.
    package let playbook: Playbook
    /// The graph of its main steps.
    package let graph: ControlFlowGraph
    /// How often a path may enter one step.
    package var maxVisits = 2
    /// Most paths returned.
    package var limit = 10_000

    /// Creates a planner for `playbook` with handler specs from `catalog`.
    package init(playbook: Playbook, catalog: HandlerCatalog) {
        self.playbook = playbook
        graph = ControlFlowGraph(playbook: playbook, catalog: catalog)
    }

    /// The paths, and whether the limit cut the list short.
    package func paths() -> (paths: [PlaybookPath], truncated: Bool) {
        var found: [PlaybookPath] = []
        var truncated = false
        for (index, entry) in graph.entries.enumerated() {
            let start: PlaybookPath.Start = index == 0 ? .start : .slaBreach
            // Depth-first; a finished path is pushed like a step so paths come out in the
            // playbook's order (outcomes in declared order), and the limit is exact.
            var stack: [Branch] = [Branch(node: entry, visits: [], counts: [:], conditions: [], endsFailed: false)]
            while let branch = stack.popLast() {
                if branch.node == graph.exit {
                    guard found.count < limit else {
                        truncated = true
                        break
                    }
                    found.append(path(start: start, visits: branch.visits, conditions: branch.conditions, endsFailed: branch.endsFailed))
                    continue
                }
                let step = graph.steps[branch.node]
                for (edge, outcomes) in Self.merged(graph.edges[branch.node]).reversed() {
                    var next = branch
                    next.node = edge.to
                    next.endsFailed = edge.endsFailed
                    next.visits.append(.init(step: step.id.value, handler: step.uses.value, outcome: outcomes.joined(separator: PlaybookPath.Visit.separator)))
                    next.counts[branch.node, default: 0] += 1
                    // A visit that goes the same way whether the step ran or was skipped needs no condition.
                    if let when = step.when?.locator.text, !(outcomes.count > 1 && outcomes.contains(OutcomeSpec.skipped.name)) {
                        next.conditions.append(edge.outcome == OutcomeSpec.skipped.name ? "not (\(Self.unwrapped(when)))" : Self.unwrapped(when))
                    }
                    if edge.to == graph.exit || next.counts[edge.to, default: 0] < maxVisits { stack.append(next) }
                }
            }
        }
        return (found, truncated)
    }

    /// A step's edges with the outcomes that go the same way taken as one (a message `sent`,
    /// `undeliverable` or `skipped` that continues either way is one path, not three), in
    /// declared order.
    static func merged(_ edges: [ControlFlowGraph.Edge]) -> [(ControlFlowGraph.Edge, [String])] {
        var groups: [(ControlFlowGraph.Edge, [String])] = []
        for edge in edges {
            if let index = groups.firstIndex(where: { $0.0.to == edge.to && $0.0.endsFailed == edge.endsFailed }) {
                groups[index].1.append(edge.outcome)
            } else {
                groups.append((edge, [edge.outcome]))
            }
        }
        return groups
    }

    private struct Branch {
        var node: Int
        var visits: [PlaybookPath.Visit]
        var counts: [Int: Int]
        var conditions: [String]
        var endsFailed: Bool
    }

    private func path(start: PlaybookPath.Start, visits: [PlaybookPath.Visit], conditions: [String], endsFailed: Bool) -> PlaybookPath {
        var contacts = false
        var money: [String] = []
        var resolution: String?
        for (visit, position) in zip(visits, visits.map { graph.indexByID[$0.step] ?? 0 }) {
            guard visit.outcome != OutcomeSpec.skipped.name, let descriptor = graph.descriptors[position] else { continue }
            if descriptor.policy.contactsUser, visit.outcomes.contains(where: { descriptor.outcome($0)?.isSuccess == true }) { contacts = true }
            if descriptor.policy.movesMoney || descriptor.policy.releasesFunds { money.append(visit.step) }
            if descriptor.policy.endsRun {
                resolution = graph.steps[position].with.first { $0.name.value == "resolution" || $0.name.value == "reason" }.map { Self.written($0.value) }
                    ?? descriptor.name
            }
        }
        let last = visits.last?.outcomes ?? []
        return PlaybookPath(
            start: start, visits: visits, conditions: conditions, endsFailed: endsFailed, resolution: resolution, contactsUser: contacts, movesMoney: money,
            endsInHandlerFailure: endsFailed && !last.isEmpty && last.allSatisfy { outcome in OutcomeSpec.implicit.contains { $0.name == outcome } })
    }

    /// A `with:` value as the playbook writes it.
    static func written(_ value: ParameterValue) -> String {
        switch value {
        case .literal(let value, _, let written): return written ?? value.displayText
        case .template(_, let locator): return locator.text
        case .list(let items, _): return "[" + items.map(written).joined(separator: ", ") + "]"
        case .object(let bindings, _): return "{" + bindings.map { "\($0.name.value): \(written($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// `${{ x }}` as `x`.
    static func unwrapped(_ text: String) -> String {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.hasPrefix("${{"), body.hasSuffix("}}") { body = String(body.dropFirst(3).dropLast(2)).trimmingCharacters(in: .whitespaces) }
        return body
    }
}

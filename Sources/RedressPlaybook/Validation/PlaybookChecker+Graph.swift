import RedressDiagnostics

extension PlaybookChecker {
    /// Unreachable steps and loops with no way out.
    mutating func checkGraph() {
        let reachable = graph.reachable()
        for (position, step) in graph.steps.enumerated() where !reachable[position] {
            let previousAlwaysEnds = position > 0 && reachable[position - 1] && graph.edges[position - 1].allSatisfy { $0.to == graph.exit }
            if previousAlwaysEnds {
                sink.warning(
                    .stepAfterEnd, "step '\(step.id.value)' comes after a step that always ends the run, and nothing routes to it",
                    at: step.id.mark, length: step.id.length,
                    notes: [.init("'\(graph.steps[position - 1].id.value)' ends the run here", at: graph.steps[position - 1].id.mark)])
            } else {
                sink.error(
                    .unreachableStep, "step '\(step.id.value)' can never run: no path from the first step leads to it",
                    at: step.id.mark, length: step.id.length)
            }
        }
        for component in stronglyConnectedComponents() where isTrap(component) {
            let ids = component.map { graph.steps[$0].id.value }
            let first = graph.steps[component[0]]
            sink.error(
                .endlessLoop, "steps " + ids.map { "'\($0)'" }.joined(separator: ", ") + " route to each other with no way out; the run can never end",
                at: first.id.mark, length: first.id.length,
                notes: [.init("route some outcome (for example 'error' or 'expired') to 'fail', 'end' or a step outside the loop")])
        }
    }

    /// A loop is a trap when it is reachable and no way out leaves it. A way out is a declared
    /// outcome, or an `error`/`timeout` the playbook routes: an unrouted error is not a plan to
    /// leave (two `flow.wait` steps routing to each other would otherwise pass, leaving only when
    /// something breaks).
    private func isTrap(_ component: [Int]) -> Bool {
        let members = Set(component)
        let edges = component.flatMap { graph.edges[$0] }
        let loops = component.count > 1 || edges.contains { $0.to == component[0] }
        let exits = edges.filter { edge in
            !members.contains(edge.to)
                && (!OutcomeSpec.implicit.contains { $0.name == edge.outcome } || graph.steps[edge.from].route(for: edge.outcome) != nil)
        }
        return loops && facts.isReachable(component[0]) && exits.isEmpty
    }

    /// Tarjan's algorithm, iteratively (playbooks can be long, and recursion depth would follow
    /// them); components come out sorted by step position.
    private func stronglyConnectedComponents() -> [[Int]] {
        let count = graph.steps.count
        var index = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        for root in 0..<count where index[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = counter
            low[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let (node, edgeIndex) = work.last {
                let edges = graph.edges[node]
                if edgeIndex < edges.count {
                    work[work.count - 1].edge += 1
                    let next = edges[edgeIndex].to
                    guard next < count else { continue }
                    if index[next] < 0 {
                        index[next] = counter
                        low[next] = counter
                        counter += 1
                        stack.append(next)
                        onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        low[node] = min(low[node], index[next])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[node]) }
                if low[node] == index[node] {
                    var component: [Int] = []
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component.append(member)
                        if member == node { break }
                    }
                    components.append(component.sorted())
                }
            }
        }
        return components.sorted { $0[0] < $1[0] }
    }
}

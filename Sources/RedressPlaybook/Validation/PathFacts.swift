/// What holds on every path to each step: which steps have surely run, which surely returned an
/// outcome with their output (not `error`, `timeout` or `skipped`), and whether the user's
/// identity is surely verified.
///
/// A forward "must" dataflow over the control-flow graph: a fact holds at a step if it holds
/// along every edge into it; entries (the first step, the SLA breach target) start with nothing.
package struct PathFacts: Sendable {
    private let stepCount: Int
    private let facts: [BitSet?]

    /// Computes the facts of `graph`.
    package init(graph: ControlFlowGraph) {
        stepCount = graph.steps.count
        let size = stepCount * 2 + 1
        let incoming = graph.incoming()
        var state = [BitSet?](repeating: nil, count: stepCount + 1)
        let empty = BitSet(count: size)
        var changed = true
        var rounds = 0
        // Facts only shrink from "unknown" (nil) to smaller sets, so this ends within a few passes
        // per loop nesting level; the cap is a guard, not a tuning knob.
        while changed, rounds < 4 * (stepCount + 2) {
            changed = false
            rounds += 1
            for node in 0...stepCount {
                var merged: BitSet? = graph.entries.contains(node) ? empty : nil
                for edge in incoming[node] {
                    guard let before = state[edge.from] else { continue }
                    var after = before
                    // A skipped step did not run and produced nothing.
                    if edge.outcome != OutcomeSpec.skipped.name {
                        after.insert(stepCount + edge.from)
                        if edge.producesOutput { after.insert(edge.from) }
                    }
                    if let verifying = graph.descriptors[edge.from]?.policy.verifiesIdentityOn, verifying.contains(edge.outcome) {
                        after.insert(stepCount * 2)
                    }
                    if merged == nil {
                        merged = after
                    } else {
                        merged?.formIntersection(after)
                    }
                }
                if merged != state[node] {
                    state[node] = merged
                    changed = true
                }
            }
        }
        facts = state
    }

    /// Whether step `position` can be reached at all.
    package func isReachable(_ position: Int) -> Bool { facts[position] != nil }

    /// Whether step `earlier` returned a declared outcome (so its output exists) on every path to
    /// `position`.
    package func hasSucceeded(_ earlier: Int, before position: Int) -> Bool { facts[position]?.contains(earlier) ?? true }

    /// Whether step `earlier` ran (in any outcome) on every path to `position`.
    package func hasRun(_ earlier: Int, before position: Int) -> Bool { facts[position]?.contains(stepCount + earlier) ?? true }

    /// Whether identity is verified on every path to `position` (`exit` for the run's end).
    package func isIdentityVerified(before position: Int) -> Bool { facts[position]?.contains(stepCount * 2) ?? true }
}

import RedressDiagnostics

extension PlaybookChecker {
    /// Payment policy: money moves only after verified identity on every path; side effects
    /// always have a timeout. Both rules read the handlers' declared policy, never their names.
    mutating func checkPolicy() {
        for step in allSteps {
            guard let descriptor = catalog[step.uses.value] else { continue }
            let position = step.isFinally ? graph.exit : graph.indexByID[step.id.value]
            let needsIdentity = descriptor.policy.needsVerifiedIdentity || step.requires.contains {
                if case .identityVerified = $0 { return true } else { return false }
            }
            if needsIdentity, let position, facts.isReachable(position), !facts.isIdentityVerified(before: position) {
                let what: String
                if descriptor.policy.movesMoney {
                    what = "moves money"
                } else if descriptor.policy.releasesFunds {
                    what = "releases held funds"
                } else {
                    what = "requires verified identity"
                }
                let code: PlaybookDiagnosticCode = descriptor.policy.movesMoney || descriptor.policy.releasesFunds ? .unverifiedMoneyMovement : .unmetRequirement
                var notes: [Diagnostic.Note] = []
                if let path = unverifiedPath(to: position) { notes.append(.init("for example: " + path)) }
                notes.append(.init("verify the user first (a step whose handler verifies identity, routed on 'verified')"))
                sink.error(
                    code, "step '\(step.id.value)' \(what) ('\(descriptor.name)') but can run before the user's identity is verified",
                    at: step.uses.mark, length: step.uses.length, notes: notes)
            }
            // A timeout written but unreadable (`timeout: 30`) is reported where it is written, once.
            if descriptor.policy.hasSideEffects, step.timeout == nil, playbook.defaults.timeout == nil, !playbook.defaults.timeoutWritten,
                descriptor.defaultTimeout == nil
            {
                sink.error(
                    .missingTimeout, "step '\(step.id.value)' has side effects ('\(descriptor.name)') but no timeout",
                    at: step.id.mark, length: step.id.length, notes: [.init("set 'timeout:' on the step or under 'defaults:'")])
            }
        }
    }

    /// A path from an entry to `target` on which identity is never verified, as `a → b → c`.
    private func unverifiedPath(to target: Int) -> String? {
        var parent: [Int: ControlFlowGraph.Edge] = [:]
        var queue = graph.entries
        var seen = Set(queue)
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            if node == target { break }
            guard node < graph.steps.count else { continue }
            for edge in graph.edges[node] where !seen.contains(edge.to) {
                if graph.descriptors[node]?.policy.verifiesIdentityOn.contains(edge.outcome) ?? false { continue }
                seen.insert(edge.to)
                parent[edge.to] = edge
                queue.append(edge.to)
            }
        }
        guard seen.contains(target) else { return nil }
        var parts: [String] = [target == graph.exit ? "end of run" : graph.steps[target].id.value]
        var node = target
        while let edge = parent[node] {
            parts.append("\(graph.steps[edge.from].id.value) (\(edge.outcome))")
            node = edge.from
        }
        return parts.reversed().joined(separator: " → ")
    }
}

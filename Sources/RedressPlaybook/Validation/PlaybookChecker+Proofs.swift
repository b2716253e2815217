import RedressDiagnostics

extension PlaybookChecker {
    /// Identity binding: the proof a money step passes must come from a verification of the user the
    /// wallet reports as the owner of the very order whose money moves, and that verification must
    /// have succeeded on every path to the money step.
    ///
    /// The check is syntactic on purpose: two expressions name the same order only if they are the
    /// same path (`inputs.order_id` twice); anything the validator cannot prove equal (a literal
    /// user, an input, another step's output) is reported, never assumed. A money step that can run
    /// with no verification at all is `unverified-money-movement`'s, so it is not reported twice.
    mutating func checkProofBindings() {
        for step in allSteps {
            guard let descriptor = catalog[step.uses.value], case .requires(let proofParameter, let orderParameter) = descriptor.identityProof,
                let position = step.isFinally ? graph.exit : graph.indexByID[step.id.value], facts.isReachable(position),
                facts.isIdentityVerified(before: position), let proof = binding(proofParameter, in: step), let order = binding(orderParameter, in: step)
            else { continue }
            let moves = "step '\(step.id.value)' moves the money of \(Self.describe(order.value))"
            let example = path(to: position, avoiding: nil).map { Diagnostic.Note("for example: " + $0) }
            guard let (verifierID, field) = Self.outputReference(proof.value), let verifierIndex = graph.indexByID[verifierID],
                let verifierDescriptor = graph.descriptors[verifierIndex],
                case .issues(let issued, _, let userParameter, let verifiedOrderParameter) = verifierDescriptor.identityProof, issued == field
            else {
                report(
                    step, "\(moves) on a proof no verification step issued (\(Self.describe(proof.value)))",
                    notes: [.init("pass the proof of the step that verified the order's owner: ${{ steps.<verify step>.output.proof }}")])
                continue
            }
            if let unverified = path(to: position, avoiding: verifierIndex) {
                report(
                    step, "\(moves) on the proof of '\(verifierID)', which can be reached without '\(verifierID)' verifying the user",
                    notes: [.init("for example: " + unverified), .init("route to '\(step.id.value)' only from '\(verifierID)''s verifying outcome")])
                continue
            }
            let verifier = graph.steps[verifierIndex]
            guard let verifiedOrder = binding(verifiedOrderParameter, in: verifier), Self.sameValue(verifiedOrder.value, order.value) else {
                let what = binding(verifiedOrderParameter, in: verifier).map { Self.describe($0.value) } ?? "no order"
                report(
                    step, "\(moves), but '\(verifierID)' verified the user for \(what)",
                    notes: (example.map { [$0] } ?? []) + [.init("verify the user for the same order: '\(verifiedOrderParameter)' as in '\(step.id.value)'")])
                continue
            }
            guard let user = binding(userParameter, in: verifier), ownerLookup(reporting: user.value, for: order.value, before: verifierIndex) else {
                let what = binding(userParameter, in: verifier).map { Self.describe($0.value) } ?? "no user"
                report(
                    step, "\(moves), but '\(verifierID)' verified \(what), which need not be that order's owner",
                    notes: (example.map { [$0] } ?? []) + [
                        .init("verify the owner the wallet reports for the same order, e.g. user_id: ${{ steps.check.output.user_id }} after a wallet.check_status of it")
                    ])
                continue
            }
        }
    }

    private mutating func report(_ step: Step, _ message: String, notes: [Diagnostic.Note]) {
        sink.error(.unboundIdentityProof, message, at: step.uses.mark, length: step.uses.length, notes: notes)
    }

    private func binding(_ name: String, in step: Step) -> ParameterBinding? { step.with.first { $0.name.value == name } }

    /// Whether `user` is the owner output of a step that reports the owner of `order` and returned
    /// it on every path to the verifier.
    private func ownerLookup(reporting user: ParameterValue, for order: ParameterValue, before verifier: Int) -> Bool {
        guard let (lookupID, field) = Self.outputReference(user), let index = graph.indexByID[lookupID],
            case .reportsOwner(let orderParameter, let owner)? = graph.descriptors[index]?.identityProof, owner == field,
            let looked = binding(orderParameter, in: graph.steps[index])
        else { return false }
        return Self.sameValue(looked.value, order) && facts.hasSucceeded(index, before: verifier)
    }

    /// `(step, field)` when `value` is exactly `${{ steps.STEP.output.FIELD }}`.
    static func outputReference(_ value: ParameterValue) -> (String, String)? {
        guard case .template(let template, _) = value, template.isSingleExpression, case .expression(.path(let segments, _), _) = template.parts[0],
            segments.count == 4, segments[0].description == "steps", segments[2].description == "output"
        else { return nil }
        return (segments[1].description, segments[3].description)
    }

    /// Whether two written values surely denote the same thing: the same literal or the same path.
    static func sameValue(_ lhs: ParameterValue, _ rhs: ParameterValue) -> Bool {
        guard let left = canonical(lhs), let right = canonical(rhs) else { return false }
        return left == right
    }

    private static func canonical(_ value: ParameterValue) -> String? {
        switch value {
        case .literal(let literal, _, _):
            return "literal " + literal.displayText
        case .template(let template, _):
            guard template.isSingleExpression, case .expression(.path(let segments, _), _) = template.parts[0] else { return nil }
            return segments.map(\.description).joined(separator: ".")
        case .list, .object:
            return nil
        }
    }

    /// How a value reads in a message: `the literal 'u-1001'`, `inputs.user_id`, or `a computed value`.
    static func describe(_ value: ParameterValue) -> String {
        switch value {
        case .literal(let literal, _, _): return "the fixed value '\(literal.displayText)'"
        default: return canonical(value) ?? "a computed value"
        }
    }

    /// A shortest path from an entry to `target`, as `a (outcome) → b → c`; with `avoiding`, one on
    /// which that step never returns a verifying outcome.
    private func path(to target: Int, avoiding verifier: Int?) -> String? {
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
                if node == verifier, graph.descriptors[node]?.policy.verifiesIdentityOn.contains(edge.outcome) ?? false { continue }
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

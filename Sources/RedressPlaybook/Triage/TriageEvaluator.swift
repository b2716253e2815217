/// Classifies an order's facts with a triage file's rules: the first rule whose `when` holds gives
/// the anomaly and cause; none: `normal`.
///
/// Contract: pure and bounded (expressions are). A rule whose expression cannot be evaluated on
/// these facts (a missing field) does not match, and the explanation says why; a computed cause
/// that is not one of the anomaly's declared causes is kept, and flagged, so a person sees the
/// wallet sent something the rules do not know.
package struct TriageEvaluator: Sendable {
    /// The rules.
    package let rules: TriageRules

    /// An evaluator of `rules`.
    package init(rules: TriageRules) {
        self.rules = rules
    }

    /// What triage decided for one order.
    package struct Decision: Sendable, Hashable {
        /// The anomaly type, or `normal`.
        package var anomaly: String
        /// The cause (empty for `normal`).
        package var cause: String
        /// The rule that decided, if any.
        package var rule: String?
        /// Whether the cause is one the anomaly declares.
        package var causeIsDeclared: Bool

        /// A decision.
        package init(anomaly: String, cause: String, rule: String?, causeIsDeclared: Bool) {
            self.anomaly = anomaly
            self.cause = cause
            self.rule = rule
            self.causeIsDeclared = causeIsDeclared
        }
    }

    /// How one rule fared, for `redress triage`.
    package struct Trial: Sendable, Hashable {
        /// The rule's name.
        package var rule: String
        /// Its condition as written.
        package var condition: String
        /// Whether it matched.
        package var matched: Bool
        /// Why it could not be evaluated, if so.
        package var problem: String?
        /// The facts its condition read, as `path = value`, in the order written.
        package var reads: [String]
    }

    /// The decision for `facts` (a `TriageFacts.type` object).
    package func decide(_ facts: Value) -> Decision { explain(facts).decision }

    /// The decision and every rule tried up to it, in order.
    package func explain(_ facts: Value) -> (decision: Decision, trials: [Trial]) {
        let context = FactsContext(facts: facts)
        var trials: [Trial] = []
        for rule in rules.rules {
            var seen: Set<String> = []
            let reads = rule.when.expression.paths.compactMap { path -> String? in
                let name = path.segments.map(\.description).joined(separator: ".")
                guard seen.insert(name).inserted else { return nil }
                return "\(name) = \(Value.descend(facts, path.segments).displayText)"
            }
            var trial = Trial(rule: rule.name.value, condition: rule.when.locator.text, matched: false, problem: nil, reads: reads)
            do {
                trial.matched = try ExpressionEvaluator.evaluate(rule.when.expression, in: context) == .bool(true)
            } catch {
                trial.problem = error.message
            }
            trials.append(trial)
            guard trial.matched else { continue }
            let cause: String
            switch rule.cause {
            case .named(let name): cause = name.value
            case .computed(let condition): cause = (try? ExpressionEvaluator.evaluate(condition.expression, in: context))?.displayText ?? ""
            }
            let declared = rules.causes(of: rule.anomaly.value).contains(cause)
            return (Decision(anomaly: rule.anomaly.value, cause: cause, rule: rule.name.value, causeIsDeclared: declared), trials)
        }
        return (Decision(anomaly: TriageRules.normal, cause: "", rule: nil, causeIsDeclared: true), trials)
    }

    private struct FactsContext: ExpressionContext {
        let facts: Value
        func value(at segments: [PathSegment]) -> Value { Value.descend(facts, segments) }
    }
}

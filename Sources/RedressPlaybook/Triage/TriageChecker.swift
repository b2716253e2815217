import RedressDiagnostics

/// The semantic checks of a triage file: rule expressions typed against the order's facts,
/// anomaly types and causes declared (with did-you-mean), rules that can never decide, and types no
/// rule gives.
struct TriageChecker {
    let rules: TriageRules
    var sink = DiagnosticSink()

    mutating func run() -> [Diagnostic] {
        var given: Set<String> = []
        var earlier: [String: TriageRules.Rule] = [:]
        var alwaysBefore: TriageRules.Rule?
        for rule in rules.rules {
            let type = check(rule.when)
            if type != .boolean, type != .any {
                sink.error(
                    .typeMismatch, "a rule's 'when' must be a boolean expression, not \(ParameterSpec.article(type))",
                    at: rule.when.locator.mark(at: rule.when.offset + rule.when.expression.range.lowerBound), length: max(1, rule.when.expression.range.count))
            }
            let declared = rules.anomalies.first { $0.type.value == rule.anomaly.value }
            if declared == nil {
                let suggestion = Suggestions.closest(to: rule.anomaly.value, among: rules.types)
                sink.error(
                    .unknownAnomaly, "rule '\(rule.name.value)' gives anomaly '\(rule.anomaly.value)', which 'anomalies:' does not declare"
                        + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: rule.anomaly.mark, length: rule.anomaly.length,
                    notes: [.init("declared: " + rules.types.joined(separator: ", "))])
            } else {
                given.insert(rule.anomaly.value)
            }
            checkCause(rule, declared)
            // A rule after one that always matches, or after one with the same condition, never decides.
            let key = Self.normalized(rule.when)
            if let first = alwaysBefore ?? earlier[key] {
                sink.error(
                    .unreachableRule, "rule '\(rule.name.value)' can never decide: rule '\(first.name.value)' before it matches every order it would",
                    at: rule.name.mark, length: rule.name.length, notes: [.init("'\(first.name.value)' is here", at: first.name.mark)])
            } else {
                earlier[key] = rule
            }
            if alwaysBefore == nil, ExpressionEvaluator.constantValue(rule.when.expression) == .bool(true) { alwaysBefore = rule }
        }
        for anomaly in rules.anomalies where !given.contains(anomaly.type.value) {
            sink.warning(
                .unreachableRule, "no rule gives anomaly '\(anomaly.type.value)': no order is ever classified as it", at: anomaly.type.mark,
                length: anomaly.type.length)
        }
        return sink.diagnostics
    }

    private mutating func checkCause(_ rule: TriageRules.Rule, _ declared: TriageRules.Anomaly?) {
        switch rule.cause {
        case .named(let cause):
            guard let declared, !declared.causes.contains(where: { $0.value == cause.value }) else { return }
            let causes = declared.causes.map(\.value)
            let suggestion = Suggestions.closest(to: cause.value, among: causes)
            sink.error(
                .unknownCause, "'\(cause.value)' is not a cause of '\(declared.type.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                at: cause.mark, length: cause.length, notes: [.init("its causes: " + causes.joined(separator: ", "))])
        case .computed(let condition):
            let type = check(condition)
            if !ValueType.string.accepts(type) {
                sink.error(
                    .typeMismatch, "a computed cause must be a string, not \(ParameterSpec.article(type))",
                    at: condition.locator.mark(at: condition.offset + condition.expression.range.lowerBound), length: max(1, condition.expression.range.count))
            }
        }
    }

    private mutating func check(_ condition: Condition) -> ValueType {
        var checker = ExpressionTypeChecker(scope: TriageScope())
        let type = checker.check(condition.expression)
        for problem in checker.problems {
            sink.error(
                problem.code, problem.message, at: condition.locator.mark(at: condition.offset + problem.range.lowerBound),
                length: max(1, problem.range.count), notes: problem.hint.map { [.init($0)] } ?? [])
        }
        return type
    }

    /// The condition's text without spaces: two rules written alike are the same rule.
    static func normalized(_ condition: Condition) -> String {
        String(condition.locator.text.unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}

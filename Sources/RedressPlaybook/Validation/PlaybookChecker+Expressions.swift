import RedressDiagnostics

extension PlaybookChecker {
    /// Every expression: syntax was checked while decoding; here names, step availability,
    /// output fields, types and functions, plus constant `when`s.
    mutating func checkExpressions() {
        if let match = playbook.anomaly.match {
            let causes = triage.map { triage in playbook.anomaly.types.flatMap { triage.causes(of: $0.value) } }
            let scope = StepScope(
                playbook: playbook, graph: graph, facts: facts, position: nil, isFinally: false, isMatch: true, earlierFinally: [], anomalyCauses: causes)
            checkCondition(match, "anomaly.match", scope: scope)
        }
        for step in allSteps {
            let scope = scope(for: step)
            if let when = step.when {
                checkCondition(when, "when", scope: scope)
                if let constant = ExpressionEvaluator.constantValue(when.expression), case .bool(let flag) = constant {
                    sink.warning(
                        .constantCondition, "this 'when' is always \(flag); \(flag ? "remove it" : "the step never runs")",
                        at: when.locator.mark(at: when.offset + when.expression.range.lowerBound), length: when.expression.range.count)
                }
            }
            for requirement in step.requires {
                if case .condition(let condition) = requirement { checkCondition(condition, "requires", scope: scope) }
            }
            var pending = step.with.map(\.value)
            while let value = pending.popLast() {
                switch value {
                case .literal: break
                case .list(let items, _): pending.append(contentsOf: items)
                case .object(let fields, _): pending.append(contentsOf: fields.map(\.value))
                case .template(let template, let locator):
                    for (expression, offset) in template.expressions {
                        _ = check(expression, scope: scope, locator: locator, offset: offset)
                    }
                }
            }
        }
    }

    private mutating func checkCondition(_ condition: Condition, _ what: String, scope: StepScope) {
        let type = check(condition.expression, scope: scope, locator: condition.locator, offset: condition.offset)
        if type != .boolean, type != .any {
            sink.error(
                .typeMismatch, "\(what) must be a boolean expression, not \(ParameterSpec.article(type))",
                at: condition.locator.mark(at: condition.offset + condition.expression.range.lowerBound),
                length: max(1, condition.expression.range.count))
        }
    }

    private mutating func check(_ expression: Expression, scope: StepScope, locator: ScalarLocator, offset: Int) -> ValueType {
        for path in expression.paths where path.segments.count >= 2 && path.segments[0].name == "inputs" {
            if let name = path.segments[1].name { usedInputs.insert(name) }
        }
        var checker = ExpressionTypeChecker(scope: scope)
        let type = checker.check(expression)
        for problem in checker.problems {
            sink.error(
                problem.code, problem.message, at: locator.mark(at: offset + problem.range.lowerBound), length: max(1, problem.range.count),
                notes: problem.hint.map { [.init($0)] } ?? [])
        }
        return type
    }

    /// Inputs no expression reads.
    mutating func checkUnusedInputs() {
        for input in playbook.inputs where !usedInputs.contains(input.name.value) {
            sink.warning(.unusedInput, "input '\(input.name.value)' is never used", at: input.name.mark, length: input.name.length)
        }
    }
}

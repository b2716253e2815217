import RedressDiagnostics

extension PlaybookChecker {
    /// `with:` against each handler's declared parameters, with the same `ParameterSpec.check`
    /// the engine applies to rendered values.
    mutating func checkParameters() {
        for step in allSteps {
            guard let descriptor = catalog[step.uses.value] else { continue }
            let given = Set(step.with.map(\.name.value))
            for binding in step.with {
                guard let spec = descriptor.parameter(binding.name.value) else {
                    sink.error(
                        .unknownParameter, "'\(descriptor.name)' has no parameter '\(binding.name.value)'"
                            + Self.didYouMean(Suggestions.closest(to: binding.name.value, among: descriptor.parameters.map(\.name))),
                        at: binding.name.mark, length: binding.name.length,
                        notes: [.init("its parameters: " + descriptor.parameters.map(\.name).joined(separator: ", "))])
                    continue
                }
                checkValue(binding.value, against: spec, in: step)
            }
            for spec in descriptor.parameters where spec.isRequired && !given.contains(spec.name) {
                sink.error(
                    .missingParameter, "'\(descriptor.name)' needs parameter '\(spec.name)' (\(spec.type))", at: step.uses.mark,
                    length: step.uses.length)
            }
        }
    }

    private mutating func checkValue(_ value: ParameterValue, against spec: ParameterSpec, in step: Step) {
        switch value {
        case .literal(let literal, let mark, let written):
            let fitted = ParameterValue.literal(literal, written: written, as: spec.type)
            if let problem = spec.check(fitted) {
                let code: PlaybookDiagnosticCode = ValueCoercion.coerce(fitted, to: spec.type) == nil ? .parameterType : .parameterValue
                sink.error(code, problem, at: mark, length: max(1, written?.count ?? 1))
            }
        case .template(let template, let locator):
            guard template.isSingleExpression, let (expression, offset) = template.expressions.first else {
                if !ValueType.string.accepts(spec.type), !spec.type.accepts(.string) {
                    sink.error(.parameterType, "'\(spec.name)' must be \(ParameterSpec.article(spec.type)), but this text renders to a string", at: locator.start)
                }
                return
            }
            var checker = ExpressionTypeChecker(scope: scope(for: step))
            let type = checker.check(expression)
            if !spec.type.accepts(type), !(spec.type == .decimal && type == .string) {
                sink.error(
                    .parameterType, "'\(spec.name)' must be \(ParameterSpec.article(spec.type)), but this expression is \(ParameterSpec.article(type))",
                    at: locator.mark(at: offset + expression.range.lowerBound), length: max(1, expression.range.count))
            }
        case .list(_, let mark):
            if case .list = spec.type {} else if spec.type != .any {
                sink.error(.parameterType, "'\(spec.name)' must be \(ParameterSpec.article(spec.type)), not a list", at: mark)
            }
        case .object(_, let mark):
            if case .object = spec.type {} else if spec.type != .any {
                sink.error(.parameterType, "'\(spec.name)' must be \(ParameterSpec.article(spec.type)), not a mapping", at: mark)
            }
        }
    }
}

/// Infers an expression's type in a scope and collects every problem on the way.
///
/// Contract: never stops at the first problem; a wrong sub-expression gets type `any` so that
/// checking goes on without cascades of follow-up errors.
package struct ExpressionTypeChecker {
    private let scope: any ExpressionScope
    /// Problems found so far, in the order found.
    package private(set) var problems: [ExpressionProblem] = []
    private var guarded = false

    /// Creates a checker for one scope.
    package init(scope: any ExpressionScope) {
        self.scope = scope
    }

    /// The type of `expression` (`any` where it cannot be known).
    package mutating func check(_ expression: Expression) -> ValueType {
        switch expression {
        case .literal(let value, _):
            return value.type
        case .path(let segments, _):
            switch scope.resolve(segments) {
            case .type(let type): return type
            case .problem(let problem, let guardable):
                if !(guardable && guarded) { problems.append(problem) }
                return .any
            }
        case .list(let items, _):
            let types = items.map { check($0) }
            guard let first = types.first else { return .list(.any) }
            return .list(types.allSatisfy { $0 == first } ? first : .any)
        case .unary(let op, let operand, let range):
            let type = check(operand)
            switch op {
            case .not:
                requireBoolean(type, at: operand.range, what: "'!'")
                return .boolean
            case .negate:
                guard type.isNumeric || type == .duration || type == .any else {
                    problems.append(ExpressionProblem(.typeMismatch, "'-' needs a number, not \(type)", at: range))
                    return .any
                }
                return type
            }
        case .binary(let op, let lhs, let rhs, let range):
            return checkBinary(op, lhs, rhs, range)
        case .call(let name, let arguments, _, let nameRange):
            return checkCall(name, arguments, nameRange)
        }
    }

    private mutating func checkBinary(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression, _ range: Range<Int>) -> ValueType {
        let left = check(lhs)
        let right = check(rhs)
        switch op {
        case .and, .or:
            requireBoolean(left, at: lhs.range, what: "'\(op.rawValue)'")
            requireBoolean(right, at: rhs.range, what: "'\(op.rawValue)'")
        case .equal, .notEqual:
            if !(left.accepts(right) || right.accepts(left)) {
                problems.append(
                    ExpressionProblem(
                        .typeMismatch, "comparing \(left) with \(right) with '\(op.rawValue)' is always \(op == .equal ? "false" : "true")",
                        at: range))
            } else {
                checkEnumerationLiteral(left, rhs)
                checkEnumerationLiteral(right, lhs)
            }
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let ordered =
                left == .any || right == .any || (left.isNumeric && right.isNumeric)
                || (left == right && [ValueType.duration, .timestamp, .string].contains(left))
            if !ordered {
                problems.append(ExpressionProblem(.typeMismatch, "cannot compare \(left) with \(right) using '\(op.rawValue)'", at: range))
            }
        case .in:
            switch right {
            case .list(let element):
                if !(element.accepts(left) || left.accepts(element)) {
                    problems.append(ExpressionProblem(.typeMismatch, "a \(left) is never in a list of \(element)", at: range))
                } else if case .list(let items, _) = rhs {
                    for item in items { checkEnumerationLiteral(left, item) }
                }
            case .string, .enumeration:
                if !ValueType.string.accepts(left) {
                    problems.append(ExpressionProblem(.typeMismatch, "'in' a string needs a string on the left, not \(left)", at: lhs.range))
                }
            case .any: break
            default:
                problems.append(ExpressionProblem(.typeMismatch, "'in' needs a list or a string on the right, not \(right)", at: rhs.range))
            }
        }
        return .boolean
    }

    private mutating func checkCall(_ name: String, _ arguments: [Expression], _ nameRange: Range<Int>) -> ValueType {
        guard let function = ExpressionFunction.all[name] else {
            let suggestion = Suggestions.closest(to: name, among: ExpressionFunction.all.keys)
            problems.append(
                ExpressionProblem(
                    .unknownFunction, "unknown function '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: nameRange,
                    hint: "functions: " + ExpressionFunction.all.keys.sorted().joined(separator: ", ")))
            arguments.forEach { _ = check($0) }
            return .any
        }
        var types: [ValueType] = []
        for (index, argument) in arguments.enumerated() {
            let wasGuarded = guarded
            if name == "default", index == 0 { guarded = true }
            types.append(check(argument))
            guarded = wasGuarded
        }
        guard arguments.count == function.arity else {
            problems.append(
                ExpressionProblem(
                    .wrongArguments, "\(name)() takes \(function.arity) argument\(function.arity == 1 ? "" : "s"), not \(arguments.count)",
                    at: nameRange))
            return .any
        }
        switch function.signature(types) {
        case .success(let type): return type
        case .failure(let mismatch):
            problems.append(ExpressionProblem(.typeMismatch, mismatch.message, at: arguments[mismatch.argument].range))
            return .any
        }
    }

    /// A text literal compared with an enumeration must be one of its values: a misspelt cause
    /// (`'insufficent_balance'`) would make the comparison silently never true.
    private mutating func checkEnumerationLiteral(_ type: ValueType, _ other: Expression) {
        guard case .enumeration(let values) = type, !values.isEmpty, case .literal(.string(let text), let range) = other, !values.contains(text)
        else { return }
        let suggestion = Suggestions.closest(to: text, among: values)
        problems.append(
            ExpressionProblem(
                .typeMismatch, "'\(text)' is not one of the values this can have" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: range,
                hint: "values: " + values.joined(separator: ", ")))
    }

    private mutating func requireBoolean(_ type: ValueType, at range: Range<Int>, what: String) {
        if type != .boolean, type != .any {
            problems.append(ExpressionProblem(.typeMismatch, "\(what) needs a boolean, not \(type)", at: range))
        }
    }
}

import Foundation

/// Supplies the values of paths when an expression is evaluated.
package protocol ExpressionContext {
    /// The value at `segments`, or `.null` when there is none.
    func value(at segments: [PathSegment]) -> Value
}

/// Evaluates expressions. Pure and bounded: the parser limits depth and size, and no operation
/// loops over more than its operands.
package enum ExpressionEvaluator {
    /// The value of `expression` in `context`.
    package static func evaluate(_ expression: Expression, in context: some ExpressionContext) throws(ExpressionEvaluationError) -> Value {
        switch expression {
        case .literal(let value, _):
            return value
        case .path(let segments, _):
            return context.value(at: segments)
        case .list(let items, _):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item, in: context)) }
            return .list(values)
        case .unary(.not, let operand, _):
            let value = try evaluate(operand, in: context)
            guard case .bool(let flag) = value else { throw ExpressionEvaluationError("'!' needs a boolean, got \(value.type)") }
            return .bool(!flag)
        case .unary(.negate, let operand, _):
            switch try evaluate(operand, in: context) {
            case .integer(let number): return .integer(-number)
            case .decimal(let number): return .decimal(-number)
            case let other: throw ExpressionEvaluationError("'-' needs a number, got \(other.type)")
            }
        case .binary(let op, let lhs, let rhs, _):
            return try binary(op, lhs, rhs, context)
        case .call(let name, let arguments, _, _):
            guard let function = ExpressionFunction.all[name], function.arity == arguments.count else {
                throw ExpressionEvaluationError("unknown function \(name)/\(arguments.count)")
            }
            var values: [Value] = []
            for argument in arguments { values.append(try evaluate(argument, in: context)) }
            return try function.body(values)
        }
    }

    /// The value of an expression with no paths, or `nil` if it reads any (for "always
    /// true/false" warnings).
    package static func constantValue(_ expression: Expression) -> Value? {
        guard expression.paths.isEmpty else { return nil }
        return try? evaluate(expression, in: EmptyContext())
    }

    private struct EmptyContext: ExpressionContext {
        func value(at segments: [PathSegment]) -> Value { .null }
    }

    private static func binary(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression, _ context: some ExpressionContext)
        throws(ExpressionEvaluationError) -> Value
    {
        let left = try evaluate(lhs, in: context)
        switch op {
        case .and, .or:
            guard case .bool(let leftFlag) = left else { throw ExpressionEvaluationError("'\(op.rawValue)' needs booleans") }
            if op == .and, !leftFlag { return .bool(false) }
            if op == .or, leftFlag { return .bool(true) }
            let right = try evaluate(rhs, in: context)
            guard case .bool(let rightFlag) = right else { throw ExpressionEvaluationError("'\(op.rawValue)' needs booleans") }
            return .bool(rightFlag)
        default:
            break
        }
        let right = try evaluate(rhs, in: context)
        switch op {
        case .equal: return .bool(equal(left, right))
        case .notEqual: return .bool(!equal(left, right))
        case .in:
            switch right {
            case .list(let items): return .bool(items.contains { equal($0, left) })
            case .string(let text):
                guard case .string(let part) = left else { throw ExpressionEvaluationError("'in' a string needs a string") }
                return .bool(text.contains(part))
            case .null: return .bool(false)
            default: throw ExpressionEvaluationError("'in' needs a list or a string")
            }
        default:
            guard let order = compare(left, right) else {
                throw ExpressionEvaluationError("cannot compare \(left.type) with \(right.type)")
            }
            switch op {
            case .less: return .bool(order == .orderedAscending)
            case .lessOrEqual: return .bool(order != .orderedDescending)
            case .greater: return .bool(order == .orderedDescending)
            default: return .bool(order != .orderedAscending)
            }
        }
    }

    /// Equality where integers and decimals compare by value.
    static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        if let order = numericOrder(lhs, rhs) { return order == .orderedSame }
        return lhs == rhs
    }

    private static func compare(_ lhs: Value, _ rhs: Value) -> ComparisonResult? {
        if let order = numericOrder(lhs, rhs) { return order }
        switch (lhs, rhs) {
        case (.duration(let a), .duration(let b)): return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
        case (.timestamp(let a), .timestamp(let b)): return a.compare(b)
        case (.string(let a), .string(let b)): return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
        default: return nil
        }
    }

    private static func numericOrder(_ lhs: Value, _ rhs: Value) -> ComparisonResult? {
        let a: Decimal
        let b: Decimal
        switch lhs {
        case .integer(let number): a = Decimal(number)
        case .decimal(let number): a = number
        default: return nil
        }
        switch rhs {
        case .integer(let number): b = Decimal(number)
        case .decimal(let number): b = number
        default: return nil
        }
        return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    }
}

/// A parsed expression: a small, pure language with no loops and no side effects.
///
/// Every node knows its range (in characters, from the start of the expression's text) so
/// diagnostics can point at the exact column inside a YAML string.
package indirect enum Expression: Sendable, Hashable {
    /// A literal: string, integer, decimal, boolean, null or duration.
    case literal(Value, Range<Int>)
    /// A dotted path such as `steps.check.output.account.frozen`.
    case path([PathSegment], Range<Int>)
    /// `!x` or `-x`.
    case unary(UnaryOperator, Expression, Range<Int>)
    /// `a == b`, `a && b`, `a in b`, ...
    case binary(BinaryOperator, Expression, Expression, Range<Int>)
    /// `name(arguments)`; the second range is the function name's.
    case call(String, [Expression], Range<Int>, nameRange: Range<Int>)
    /// `[a, b, c]`.
    case list([Expression], Range<Int>)

    /// Where the node is in the expression text.
    package var range: Range<Int> {
        switch self {
        case .literal(_, let range), .path(_, let range), .unary(_, _, let range), .binary(_, _, _, let range),
            .call(_, _, let range, _), .list(_, let range):
            return range
        }
    }

    /// Every path the expression reads, in source order (for reference checks).
    package var paths: [(segments: [PathSegment], range: Range<Int>)] {
        var found: [(segments: [PathSegment], range: Range<Int>)] = []
        var stack: [Expression] = [self]
        while let node = stack.popLast() {
            switch node {
            case .literal: break
            case .path(let segments, let range): found.append((segments, range))
            case .unary(_, let operand, _): stack.append(operand)
            case .binary(_, let lhs, let rhs, _): stack.append(contentsOf: [rhs, lhs])
            case .call(_, let arguments, _, _), .list(let arguments, _): stack.append(contentsOf: arguments.reversed())
            }
        }
        return found
    }
}

/// One step of a path: a field name or a list index.
package enum PathSegment: Sendable, Hashable, CustomStringConvertible {
    /// `.name`
    case field(String, Range<Int>)
    /// `[2]`
    case index(Int, Range<Int>)

    /// The segment as written.
    package var description: String {
        switch self {
        case .field(let name, _): return name
        case .index(let index, _): return "[\(index)]"
        }
    }

    /// The field name, if this is a field.
    package var name: String? {
        if case .field(let name, _) = self { return name }
        return nil
    }

    /// Where the segment is.
    package var range: Range<Int> {
        switch self {
        case .field(_, let range), .index(_, let range): return range
        }
    }
}

/// Prefix operators.
package enum UnaryOperator: String, Sendable, Hashable {
    /// Logical not.
    case not = "!"
    /// Numeric negation.
    case negate = "-"
}

/// Infix operators, by the text that writes them.
package enum BinaryOperator: String, Sendable, Hashable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"

    /// Binding strength: higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual: return 3
        case .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
        case .in: return 5
        }
    }
}

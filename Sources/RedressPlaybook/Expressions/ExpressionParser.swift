import Foundation

/// Parses expression text into an `Expression`, by precedence climbing.
///
/// Contract: bounded. Text longer than `maxLength` characters or nesting deeper than `maxDepth`
/// is refused with an error, so no input can drive unbounded recursion or work.
package struct ExpressionParser {
    /// Longest expression text accepted.
    package static let maxLength = 4_000
    /// Deepest nesting of parentheses, calls, lists and operators accepted.
    package static let maxDepth = 48

    private var tokens: [ExpressionToken] = []
    private var position = 0
    private var depth = 0

    /// Parses `text` as one expression.
    package static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expression {
        let length = text.unicodeScalars.count
        guard length <= maxLength else {
            throw ExpressionSyntaxError("expression is longer than \(maxLength) characters", at: 0..<1)
        }
        var lexer = ExpressionLexer(text)
        var parser = ExpressionParser()
        parser.tokens = try lexer.tokens()
        guard parser.tokens.count > 1 else { throw ExpressionSyntaxError("empty expression", at: 0..<max(1, length)) }
        let expression = try parser.expression(minimumPrecedence: 1)
        let rest = parser.current
        guard rest.kind == .end else {
            throw ExpressionSyntaxError("unexpected \(Self.describe(rest)) after the expression", at: rest.range)
        }
        return expression
    }

    private var current: ExpressionToken { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() -> ExpressionToken {
        let token = current
        position += 1
        return token
    }

    private mutating func enter(_ range: Range<Int>) throws(ExpressionSyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw ExpressionSyntaxError("expression nests deeper than \(Self.maxDepth) levels", at: range) }
    }

    private mutating func expression(minimumPrecedence: Int) throws(ExpressionSyntaxError) -> Expression {
        try enter(current.range)
        defer { depth -= 1 }
        var lhs = try unary()
        while let op = binaryOperator(current), op.precedence >= minimumPrecedence {
            _ = advance()
            let rhs = try expression(minimumPrecedence: op.precedence + 1)
            lhs = .binary(op, lhs, rhs, lhs.range.lowerBound..<rhs.range.upperBound)
        }
        return lhs
    }

    private func binaryOperator(_ token: ExpressionToken) -> BinaryOperator? {
        switch token.kind {
        case .symbol(let symbol): return BinaryOperator(rawValue: symbol)
        case .identifier("in"): return .in
        default: return nil
        }
    }

    private mutating func unary() throws(ExpressionSyntaxError) -> Expression {
        let token = current
        if token.kind == .symbol("!") || token.kind == .symbol("-") {
            _ = advance()
            try enter(token.range)
            defer { depth -= 1 }
            let operand = try unary()
            return .unary(token.kind == .symbol("!") ? .not : .negate, operand, token.range.lowerBound..<operand.range.upperBound)
        }
        return try primary()
    }

    private mutating func primary() throws(ExpressionSyntaxError) -> Expression {
        let token = advance()
        switch token.kind {
        case .string(let text): return .literal(.string(text), token.range)
        case .integer(let value): return .literal(.integer(value), token.range)
        case .decimal(let text):
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw ExpressionSyntaxError("bad number '\(text)'", at: token.range)
            }
            return .literal(.decimal(value), token.range)
        case .duration(let value): return .literal(.duration(value), token.range)
        case .identifier("true"): return .literal(.bool(true), token.range)
        case .identifier("false"): return .literal(.bool(false), token.range)
        case .identifier("null"): return .literal(.null, token.range)
        case .identifier(let name):
            if current.kind == .symbol("(") { return try call(name, nameRange: token.range) }
            return try path(startingWith: name, range: token.range)
        case .symbol("("):
            let inner = try expression(minimumPrecedence: 1)
            try expect(")", closing: token)
            return inner
        case .symbol("["):
            let items = try commaSeparated(until: "]", opening: token)
            return .list(items, token.range.lowerBound..<tokens[position - 1].range.upperBound)
        default:
            let at = token.range.isEmpty ? token.range.lowerBound..<token.range.lowerBound + 1 : token.range
            throw ExpressionSyntaxError("expected a value, found \(Self.describe(token))", at: at)
        }
    }

    private mutating func call(_ name: String, nameRange: Range<Int>) throws(ExpressionSyntaxError) -> Expression {
        let open = advance()
        try enter(open.range)
        defer { depth -= 1 }
        let arguments = try commaSeparated(until: ")", opening: open)
        return .call(name, arguments, nameRange.lowerBound..<tokens[position - 1].range.upperBound, nameRange: nameRange)
    }

    private mutating func path(startingWith name: String, range: Range<Int>) throws(ExpressionSyntaxError) -> Expression {
        var segments: [PathSegment] = [.field(name, range)]
        var end = range.upperBound
        while true {
            if current.kind == .symbol(".") {
                let dot = advance()
                guard case .identifier(let field) = current.kind else {
                    throw ExpressionSyntaxError("expected a field name after '.'", at: dot.range)
                }
                let fieldToken = advance()
                segments.append(.field(field, fieldToken.range))
                end = fieldToken.range.upperBound
            } else if current.kind == .symbol("[") {
                let open = advance()
                guard case .integer(let index) = current.kind else {
                    throw ExpressionSyntaxError("expected a list index (a whole number) after '['", at: open.range)
                }
                _ = advance()
                try expect("]", closing: open)
                segments.append(.index(index, open.range.lowerBound..<tokens[position - 1].range.upperBound))
                end = tokens[position - 1].range.upperBound
            } else {
                return .path(segments, range.lowerBound..<end)
            }
        }
    }

    private mutating func commaSeparated(until closer: String, opening: ExpressionToken) throws(ExpressionSyntaxError) -> [Expression] {
        var items: [Expression] = []
        if current.kind == .symbol(closer) {
            _ = advance()
            return items
        }
        while true {
            items.append(try expression(minimumPrecedence: 1))
            if current.kind == .symbol(",") {
                _ = advance()
                continue
            }
            try expect(closer, closing: opening)
            return items
        }
    }

    private mutating func expect(_ symbol: String, closing opening: ExpressionToken) throws(ExpressionSyntaxError) {
        guard current.kind == .symbol(symbol) else {
            let found = current
            let at = found.kind == .end ? opening.range : found.range
            throw ExpressionSyntaxError("expected '\(symbol)' to close '\(Self.describe(opening))', found \(Self.describe(found))", at: at)
        }
        _ = advance()
    }

    static func describe(_ token: ExpressionToken) -> String {
        switch token.kind {
        case .identifier(let name): return "'\(name)'"
        case .string: return "a string"
        case .integer, .decimal: return "a number"
        case .duration: return "a duration"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "the end of the expression"
        }
    }
}

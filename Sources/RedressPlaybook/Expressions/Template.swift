/// A string that may hold `${{ expression }}` parts, parsed once.
///
/// Contract: rendering evaluates each expression once and splices the results in as text; the
/// result is data and is never parsed again, so a user's name containing `${{` stays text.
package struct Template: Sendable, Hashable {
    /// A piece of a template.
    package enum Part: Sendable, Hashable {
        /// Literal text.
        case text(String)
        /// An expression; `offset` is where its text starts in the whole string, in characters.
        case expression(Expression, offset: Int)
    }

    /// The pieces in order.
    package let parts: [Part]

    /// Whether the whole string is one `${{ }}` (its value keeps its type: a number stays a
    /// number); otherwise the template renders to a string.
    package var isSingleExpression: Bool {
        parts.count == 1 && { if case .expression = parts[0] { return true } else { return false } }()
    }

    /// Whether any part is an expression.
    package var hasExpressions: Bool {
        parts.contains { if case .expression = $0 { return true } else { return false } }
    }

    /// Every expression with its offset in the string.
    package var expressions: [(expression: Expression, offset: Int)] {
        parts.compactMap { if case .expression(let expression, let offset) = $0 { return (expression, offset) } else { return nil } }
    }

    /// Whether `text` holds a `${{`, by a byte scan (Foundation's `contains` is slower than the
    /// rest of decoding a parameter).
    package static func opensExpression(_ text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        var previous: (UInt8, UInt8) = (0, 0)
        while let byte = utf8.next() {
            if previous == (UInt8(ascii: "$"), UInt8(ascii: "{")), byte == UInt8(ascii: "{") { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// Splits `text` into literal and expression parts; errors carry ranges in the whole string.
    package static func parse(_ text: String) throws(ExpressionSyntaxError) -> Template {
        let scalars = Array(text.unicodeScalars)
        // Where each scalar starts in `text`, so literal text and expression bodies are sliced
        // out whole instead of rebuilt one scalar at a time.
        let positions = Array(text.unicodeScalars.indices) + [text.endIndex]
        func slice(_ range: Range<Int>) -> String { String(text[positions[range.lowerBound]..<positions[range.upperBound]]) }
        var parts: [Part] = []
        var literalStart = 0
        var index = 0
        while index < scalars.count {
            guard Self.opens(scalars, at: index) else {
                index += 1
                continue
            }
            let bodyStart = index + 3
            guard let close = Self.closingIndex(scalars, from: bodyStart) else {
                throw ExpressionSyntaxError("'${{' is never closed with '}}'", at: index..<index + 3)
            }
            if literalStart < index { parts.append(.text(slice(literalStart..<index))) }
            do {
                parts.append(.expression(try ExpressionParser.parse(slice(bodyStart..<close)), offset: bodyStart))
            } catch {
                let shifted = (error.range.lowerBound + bodyStart)..<(error.range.upperBound + bodyStart)
                throw ExpressionSyntaxError(error.message, at: error.message == "empty expression" ? index..<close + 2 : shifted)
            }
            index = close + 2
            literalStart = index
        }
        if literalStart < scalars.count { parts.append(.text(slice(literalStart..<scalars.count))) }
        return Template(parts: parts)
    }

    /// Parses text that is an expression on its own (as `when:` and `match:` are); an optional
    /// `${{ }}` wrapper is allowed.
    package static func parseCondition(_ text: String) throws(ExpressionSyntaxError) -> (Expression, offset: Int) {
        let template = try parse(text)
        if template.isSingleExpression, case .expression(let expression, let offset) = template.parts[0] {
            return (expression, offset)
        }
        if template.hasExpressions {
            throw ExpressionSyntaxError("a condition is one expression; write it bare or as a single '${{ }}'", at: 0..<max(1, text.unicodeScalars.count))
        }
        return (try ExpressionParser.parse(text), 0)
    }

    private init(parts: [Part]) {
        self.parts = parts
    }

    private static func opens(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        index + 2 < scalars.count && scalars[index] == "$" && scalars[index + 1] == "{" && scalars[index + 2] == "{"
    }

    /// The index of the `}}` that closes an expression, skipping quoted strings.
    private static func closingIndex(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == "\\", open == "\"" {
                    index += 2
                    continue
                }
                if scalar == open { quote = nil }
            } else if scalar == "'" || scalar == "\"" {
                quote = scalar
            } else if scalar == "}", index + 1 < scalars.count, scalars[index + 1] == "}" {
                return index
            }
            index += 1
        }
        return nil
    }
}

extension Template {
    /// The template's value in `context`: a single `${{ }}` keeps its value's type; anything else
    /// becomes text with each expression's value spliced in.
    ///
    /// The result is data. Values that contain `${{` are not looked at again, so text from a
    /// user, an order note or a handler can never run as an expression.
    package func render(in context: some ExpressionContext) throws(ExpressionEvaluationError) -> Value {
        if isSingleExpression, case .expression(let expression, _) = parts[0] {
            return try ExpressionEvaluator.evaluate(expression, in: context)
        }
        var text = ""
        for part in parts {
            switch part {
            case .text(let literal): text += literal
            case .expression(let expression, _): text += try ExpressionEvaluator.evaluate(expression, in: context).displayText
            }
        }
        return .string(text)
    }
}

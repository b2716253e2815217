/// Splits expression text into tokens.
struct ExpressionLexer {
    private let scalars: [Unicode.Scalar]
    /// Where each scalar starts in the source, so a token's text is sliced out whole.
    private let positions: [String.Index]
    private let source: String
    private var position = 0

    init(_ text: String) {
        source = text
        scalars = Array(text.unicodeScalars)
        positions = Array(text.unicodeScalars.indices) + [text.endIndex]
    }

    /// All tokens, ending with `.end`.
    mutating func tokens() throws(ExpressionSyntaxError) -> [ExpressionToken] {
        var tokens: [ExpressionToken] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(ExpressionSyntaxError) -> ExpressionToken {
        while position < scalars.count, Self.isWhitespace(scalars[position]) { position += 1 }
        let start = position
        guard position < scalars.count else { return ExpressionToken(kind: .end, range: start..<start) }
        let scalar = scalars[position]
        if scalar == "'" || scalar == "\"" { return try string(quote: scalar) }
        if Self.isDigit(scalar) { return try number() }
        if Self.isIdentifierStart(scalar) {
            while position < scalars.count, Self.isIdentifierPart(scalars[position]) { position += 1 }
            return ExpressionToken(kind: .identifier(text(start..<position)), range: start..<position)
        }
        if position + 1 < scalars.count, let symbol = Self.twoCharacterSymbol(scalar, scalars[position + 1]) {
            position += 2
            return ExpressionToken(kind: .symbol(symbol), range: start..<position)
        }
        if "()[],.<>!-".unicodeScalars.contains(scalar) {
            position += 1
            return ExpressionToken(kind: .symbol(String(scalar)), range: start..<position)
        }
        if scalar == "=" { throw ExpressionSyntaxError("'=' is not an operator; compare with '=='", at: start..<start + 1) }
        if scalar == "&" || scalar == "|" {
            throw ExpressionSyntaxError("'\(scalar)' is not an operator; did you mean '\(scalar)\(scalar)'?", at: start..<start + 1)
        }
        throw ExpressionSyntaxError("unexpected character '\(scalar)'", at: start..<start + 1)
    }

    private mutating func string(quote: Unicode.Scalar) throws(ExpressionSyntaxError) -> ExpressionToken {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == quote {
                // A doubled quote inside single quotes is a quote, as in YAML.
                if quote == "'", position + 1 < scalars.count, scalars[position + 1] == "'" {
                    value.append("'")
                    position += 2
                    continue
                }
                position += 1
                return ExpressionToken(kind: .string(String(value)), range: start..<position)
            }
            if scalar == "\\", quote == "\"", position + 1 < scalars.count {
                let escaped = scalars[position + 1]
                switch escaped {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "\\", "\"": value.append(escaped)
                default: throw ExpressionSyntaxError("unknown escape '\\\(escaped)'", at: position..<position + 2)
                }
                position += 2
                continue
            }
            value.append(scalar)
            position += 1
        }
        throw ExpressionSyntaxError("string is not closed", at: start..<start + 1)
    }

    private mutating func number() throws(ExpressionSyntaxError) -> ExpressionToken {
        let start = position
        while position < scalars.count, Self.isDigit(scalars[position]) { position += 1 }
        var isDecimal = false
        if position + 1 < scalars.count, scalars[position] == ".", Self.isDigit(scalars[position + 1]) {
            isDecimal = true
            position += 1
            while position < scalars.count, Self.isDigit(scalars[position]) { position += 1 }
        }
        // `30s`, `15m`, `1h30m`: a number followed by unit letters is a duration.
        if !isDecimal, position < scalars.count, Self.isIdentifierStart(scalars[position]) {
            while position < scalars.count, Self.isIdentifierPart(scalars[position]) { position += 1 }
            let written = text(start..<position)
            guard let duration = PlaybookDuration(written) else {
                throw ExpressionSyntaxError("'\(written)' is not a number or a duration (use ms, s, m, h, d)", at: start..<position)
            }
            return ExpressionToken(kind: .duration(duration), range: start..<position)
        }
        let written = text(start..<position)
        if isDecimal { return ExpressionToken(kind: .decimal(written), range: start..<position) }
        guard let value = Int(written) else { throw ExpressionSyntaxError("number '\(written)' is too large", at: start..<position) }
        return ExpressionToken(kind: .integer(value), range: start..<position)
    }

    private static func twoCharacterSymbol(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> String? {
        switch (first, second) {
        case ("=", "="): return "=="
        case ("!", "="): return "!="
        case ("<", "="): return "<="
        case (">", "="): return ">="
        case ("&", "&"): return "&&"
        case ("|", "|"): return "||"
        default: return nil
        }
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" }
        return scalar.properties.isWhitespace
    }

    private func text(_ range: Range<Int>) -> String {
        String(source[positions[range.lowerBound]..<positions[range.upperBound]])
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }
    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
    }
    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool { isIdentifierStart(scalar) || isDigit(scalar) }
}

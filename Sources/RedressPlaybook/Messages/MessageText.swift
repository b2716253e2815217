/// A template text split into literal text and `{name}` / `{name|format}` placeholders.
///
/// Formats: `money` (a decimal amount in the message's `currency`), `date` (a timestamp, in the
/// user's time zone), `duration`, or the name of a word table. `{{` and `}}` are literal braces.
package struct MessageText: Sendable, Hashable {
    /// A piece of a text.
    package enum Part: Sendable, Hashable {
        /// Literal text.
        case text(String)
        /// A placeholder; `offset` is where it starts in the text, in characters.
        case placeholder(name: String, format: String?, offset: Int)
    }

    /// The pieces in order.
    package let parts: [Part]

    /// The built-in formats.
    package static let formats = ["money", "date", "duration"]

    /// Why a text could not be split.
    package struct SyntaxError: Error, Sendable, Hashable {
        /// What is wrong.
        package let message: String
        /// Where, in characters.
        package let offset: Int
    }

    /// Splits `text`.
    package static func parse(_ text: String) throws(SyntaxError) -> MessageText {
        let characters = Array(text)
        var parts: [Part] = []
        var literal = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "{", index + 1 < characters.count, characters[index + 1] == "{" {
                literal.append("{")
                index += 2
                continue
            }
            if character == "}", index + 1 < characters.count, characters[index + 1] == "}" {
                literal.append("}")
                index += 2
                continue
            }
            if character == "}" { throw SyntaxError(message: "a '}' with no '{'; write '}}' for a brace", offset: index) }
            guard character == "{" else {
                literal.append(character)
                index += 1
                continue
            }
            guard let close = characters[index...].firstIndex(of: "}") else {
                throw SyntaxError(message: "'{' is never closed with '}'; write '{{' for a brace", offset: index)
            }
            let body = String(characters[(index + 1)..<close]).trimmingWhitespace
            let pieces = body.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
            guard let name = pieces.first, Self.isName(name) else {
                throw SyntaxError(message: "a placeholder is {name} or {name|format}, with a name of letters, digits and '_'", offset: index)
            }
            let format = pieces.count > 1 ? pieces[1] : nil
            if let format, !Self.isName(format) { throw SyntaxError(message: "'\(format)' is not a format name", offset: index) }
            if !literal.isEmpty {
                parts.append(.text(literal))
                literal = ""
            }
            parts.append(.placeholder(name: name, format: format, offset: index))
            index = close + 1
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return MessageText(parts: parts)
    }

    /// Every placeholder, in order.
    package var placeholders: [(name: String, format: String?, offset: Int)] {
        parts.compactMap { if case .placeholder(let name, let format, let offset) = $0 { return (name, format, offset) } else { return nil } }
    }

    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

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

    /// Splits `text`; offsets (in errors and placeholders) count Unicode scalars.
    package static func parse(_ text: String) throws(SyntaxError) -> MessageText {
        // Most texts of a long message have no braces at all.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) { return MessageText(parts: text.isEmpty ? [] : [.text(text)]) }
        // One pass over the scalars' indices: literal runs are sliced out of `text` whole.
        let view = text.unicodeScalars
        var parts: [Part] = []
        var literal = ""
        var runStart = view.startIndex
        var index = view.startIndex
        var offset = 0
        while index < view.endIndex {
            let scalar = view[index]
            let next = view.index(after: index)
            if scalar == "{" || scalar == "}", next < view.endIndex, view[next] == scalar {
                literal += text[runStart..<next]
                index = view.index(after: next)
                offset += 2
                runStart = index
                continue
            }
            if scalar == "}" { throw SyntaxError(message: "a '}' with no '{'; write '}}' for a brace", offset: offset) }
            guard scalar == "{" else {
                index = next
                offset += 1
                continue
            }
            guard let close = view[next...].firstIndex(of: "}") else {
                throw SyntaxError(message: "'{' is never closed with '}'; write '{{' for a brace", offset: offset)
            }
            let body = String(text[next..<close]).trimmingWhitespace
            let pieces = body.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
            guard let name = pieces.first, Self.isName(name) else {
                throw SyntaxError(message: "a placeholder is {name} or {name|format}, with a name of letters, digits and '_'", offset: offset)
            }
            let format = pieces.count > 1 ? pieces[1] : nil
            if let format, !Self.isName(format) { throw SyntaxError(message: "'\(format)' is not a format name", offset: offset) }
            literal += text[runStart..<index]
            if !literal.isEmpty {
                parts.append(.text(literal))
                literal = ""
            }
            parts.append(.placeholder(name: name, format: format, offset: offset))
            offset += view[index...close].count
            index = view.index(after: close)
            runStart = index
        }
        literal += text[runStart..<view.endIndex]
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

/// Text from outside (order fields, causes, notes, plugin output) made safe for a terminal or a
/// log line: it can neither move the cursor, change colours, start a new line that looks like
/// one of Redress's, nor reverse the text around it.
///
/// Contract: `escape` replaces every C0 and C1 control character, DEL, the Unicode line and
/// paragraph separators and the bidirectional controls with a visible escape (`\n`, `\t`, `\r`,
/// `\u{1b}`, `\u{202e}`…), and leaves all other text as it is. JSON
/// output is not escaped this way: its encoder already writes every value exactly.
package enum TerminalText {
    /// `text` with every control, separator and bidi character made visible.
    package static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where needsEscape(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Each line of `text` escaped, the line breaks kept: for multi-line text shown as a block
    /// (a message in the outbox), indented by `indent` so no line can pass for Redress's own.
    package static func escapeLines(_ text: String, indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { indent + escape(String($0)) }.joined(separator: "\n")
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

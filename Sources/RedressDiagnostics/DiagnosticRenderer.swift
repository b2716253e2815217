/// Renders diagnostics the way compilers do: `file:line:col: error: message [code]`, then the
/// source line with a caret under the problem, then each note (with its own snippet when it
/// points into a file we have).
///
/// Contract: output is plain text unless `colored` is set (the CLI sets it only on a TTY). A
/// diagnostic whose file is unknown still prints its header line, just without a snippet.
public struct DiagnosticRenderer: Sendable {
    /// Files to quote snippets from, by path.
    public var sources: [String: SourceFile]
    /// Whether to add ANSI colors.
    public var colored: Bool

    /// Creates a renderer quoting from `sources`.
    public init(sources: [SourceFile], colored: Bool = false) {
        var byPath: [String: SourceFile] = [:]
        for source in sources { byPath[source.path] = source }
        self.sources = byPath
        self.colored = colored
    }

    /// The full text of one diagnostic, ending in a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = header(diagnostic.mark.description, diagnostic.severity, diagnostic.message)
        out += " [\(diagnostic.code)]\n"
        out += snippet(at: diagnostic.mark, length: diagnostic.length)
        for note in diagnostic.notes {
            if let mark = note.mark {
                out += header(mark.description, .note, note.message) + "\n"
                out += snippet(at: mark, length: 1)
            } else {
                out += paint("note:", Self.bold) + " \(note.message)\n"
            }
        }
        return out
    }

    /// All diagnostics, in order, each rendered by `render(_:)`.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    private func header(_ location: String, _ severity: Severity, _ message: String) -> String {
        let color: String
        switch severity {
        case .error: color = Self.red
        case .warning: color = Self.magenta
        case .note: color = Self.cyan
        }
        return paint(location + ":", Self.bold) + " " + paint(severity.rawValue + ":", color) + " "
            + message
    }

    private func snippet(at mark: SourceMark, length: Int) -> String {
        guard let source = sources[mark.file], mark.offset <= source.bytes.count else { return "" }
        let (line, column) = Self.window(source.lineText(containingByteOffset: mark.offset), column: mark.column)
        let gutter = String(mark.line)
        let pad = String(repeating: " ", count: gutter.count)
        var caretPad = ""
        var underline = 0
        for (index, scalar) in line.unicodeScalars.enumerated() {
            if index < column - 1 {
                caretPad += scalar == "\t" ? "\t" : String(repeating: " ", count: Self.width(of: scalar))
            } else if index < column - 1 + length {
                underline += Self.width(of: scalar)
            }
        }
        let marker = "^" + String(repeating: "~", count: max(0, underline - 1))
        let shown = line.unicodeScalars.map { Self.isPrintable($0) ? Character($0) : "\u{FFFD}" }
        return " \(gutter) | \(String(shown))\n \(pad) | \(caretPad)\(paint(marker, Self.green))\n"
    }

    /// Long lines (minified JSON, 100k brackets) are cut to a window around the column, so a
    /// snippet stays one screen line; returns the shown text and the column within it.
    static func window(_ line: String, column: Int) -> (String, Int) {
        let scalars = Array(line.unicodeScalars)
        let limit = 120
        guard scalars.count > limit else { return (line, column) }
        let start = max(0, min(column - 1 - 40, scalars.count - limit))
        let end = min(scalars.count, start + limit)
        var text = String(String.UnicodeScalarView(scalars[start..<end]))
        var shifted = column - start
        if start > 0 {
            text = "..." + text
            shifted += 3
        }
        if end < scalars.count { text += "..." }
        return (text, shifted)
    }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Terminal columns a scalar takes: East Asian wide and fullwidth characters take two, so the
    /// caret lines up under Chinese text.
    static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || !(scalar.value < 0x20 || scalar.value == 0x7F)
    }

    private static let bold = "1"
    private static let red = "1;31"
    private static let magenta = "1;35"
    private static let cyan = "1;36"
    private static let green = "1;32"
}

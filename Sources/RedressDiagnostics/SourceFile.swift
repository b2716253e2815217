/// The bytes of one source file, kept to render snippets and to turn byte offsets into marks.
///
/// Immutable and `Sendable`: it is created once per file and shared by every diagnostic and node
/// that points into it.
public final class SourceFile: Sendable {
    /// The path as the user named it; it is what diagnostics print.
    public let path: String
    /// The file's raw bytes, exactly as read.
    public let bytes: [UInt8]

    /// Creates a source file from bytes already in memory.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Creates a source file from a string (tests and generated documents).
    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The mark of a byte offset, counting lines the way YAML does (LF, CR, CRLF, NEL, LS, PS).
    ///
    /// Used for problems found outside libyaml (invalid UTF-8, NUL bytes); O(offset), so it is
    /// meant for errors, not for every node. Offsets past the end clamp to the end.
    public func mark(atByteOffset offset: Int) -> SourceMark {
        let target = min(max(0, offset), bytes.count)
        var line = 1
        var column = 1
        var index = 0
        while index < target {
            let breakWidth = LineBreaks.width(of: bytes, at: index)
            if breakWidth > 0 {
                line += 1
                column = 1
                index += breakWidth
                continue
            }
            column += 1
            index += LineBreaks.scalarWidth(leadByte: bytes[index])
        }
        return SourceMark(file: path, line: line, column: column, offset: target)
    }

    /// The text of the line that holds byte `offset`, without its line break.
    ///
    /// Invalid UTF-8 is shown with replacement characters rather than dropped, so a caret still
    /// lines up with the bad byte.
    public func lineText(containingByteOffset offset: Int) -> String {
        let clamped = min(max(0, offset), bytes.count)
        var start = clamped
        while start > 0, !LineBreaks.endsLine(bytes, before: start) { start -= 1 }
        var end = clamped
        while end < bytes.count, LineBreaks.width(of: bytes, at: end) == 0 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

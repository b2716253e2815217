/// A position in a source file, as a person reads it.
///
/// `line` and `column` are 1-based and count characters (Unicode scalars), the way an editor's
/// status bar does; `offset` is the 0-based byte offset into the file's UTF-8 bytes, for tools.
/// Every mark the YAML layer hands out comes from libyaml's own marks, converted in one place
/// (`MarkTranslator` in RedressYAML).
public struct SourceMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The path of the file as the user named it (relative paths stay relative).
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int
    /// 0-based byte offset into the file.
    public var offset: Int

    /// Creates a mark; callers pass 1-based `line` and `column` and a 0-based byte `offset`.
    public init(file: String, line: Int, column: Int, offset: Int) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `file:line:column`, the form every diagnostic starts with.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders marks by file, then by position, so diagnostics print in reading order.
    public static func < (lhs: SourceMark, rhs: SourceMark) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        return lhs.column < rhs.column
    }
}

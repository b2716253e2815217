/// One problem found in a source file: where, how serious, what, and a stable code.
///
/// Contract: `code` is stable across releases (tools and tests match on it; the message may be
/// reworded). `mark` points at the first character of the offending text and `length` (in
/// characters, at least 1) says how much of the line to underline. `notes` point at related places,
/// such as the first definition of a duplicate.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    /// A secondary location that helps explain the diagnostic.
    public struct Note: Sendable, Hashable {
        /// What this location has to do with the diagnostic.
        public var message: String
        /// Where it is; `nil` for a note that is advice rather than a place.
        public var mark: SourceMark?

        /// Creates a note at `mark` (or a placeless hint when `mark` is `nil`).
        public init(_ message: String, at mark: SourceMark? = nil) {
            self.message = message
            self.mark = mark
        }
    }

    /// How serious it is.
    public var severity: Severity
    /// The stable, kebab-case code, e.g. `duplicate-key`.
    public var code: String
    /// One sentence saying what is wrong (and, where it helps, what to do).
    public var message: String
    /// Where it is.
    public var mark: SourceMark
    /// How many characters from `mark` to underline (1 draws a single caret).
    public var length: Int
    /// Related places and hints.
    public var notes: [Note]

    /// Creates a diagnostic; `length` is clamped to at least 1.
    public init(
        _ severity: Severity, code: String, message: String, at mark: SourceMark,
        length: Int = 1, notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.mark = mark
        self.length = max(1, length)
        self.notes = notes
    }

    /// The one-line form `file:line:col: severity: message [code]`.
    public var description: String { "\(mark): \(severity.rawValue): \(message) [\(code)]" }
}

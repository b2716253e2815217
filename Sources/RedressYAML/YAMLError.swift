import RedressDiagnostics

/// A problem found while reading YAML: a stable code, the problem, where it is, and (for
/// libyaml's errors) the context that was being parsed and where that context started.
///
/// Contract: `mark` is the most useful place to look: for libyaml errors that have a context
/// (`while parsing a flow sequence`), that is the context mark, since the problem mark is often
/// the end of the file; the problem mark is then kept in `problemMark` and printed as a note.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable code.
    public var code: YAMLErrorCode
    /// What is wrong, in one sentence.
    public var message: String
    /// Where to look first.
    public var mark: SourceMark
    /// Where libyaml noticed the problem, when it differs from `mark`.
    public var problemMark: SourceMark?
    /// Characters to underline from `mark`.
    public var length: Int
    /// Related places and hints.
    public var notes: [Diagnostic.Note]

    /// Creates an error.
    public init(
        _ code: YAMLErrorCode, _ message: String, at mark: SourceMark, problemMark: SourceMark? = nil,
        length: Int = 1, notes: [Diagnostic.Note] = []
    ) {
        self.code = code
        self.message = message
        self.mark = mark
        self.problemMark = problemMark
        self.length = length
        self.notes = notes
    }

    /// The error as a diagnostic for printing alongside the validator's.
    public var diagnostic: Diagnostic {
        var allNotes = notes
        if let problemMark, problemMark != mark {
            allNotes.insert(.init("the parser noticed the problem here", at: problemMark), at: 0)
        }
        return Diagnostic(.error, code: code.rawValue, message: message, at: mark, length: length, notes: allNotes)
    }

    /// `file:line:col: error: message [code]`.
    public var description: String { diagnostic.description }
}

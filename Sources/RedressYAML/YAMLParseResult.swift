/// What a parse produced: the documents read in full, and every problem found.
///
/// Contract: when `errors` is empty the documents are exactly the stream's documents. When it is
/// not, `documents` holds those that were finished and may be used for further checks (so that a
/// duplicate key does not hide a misspelt handler), but must never be run.
public struct YAMLParseResult: Sendable {
    /// Documents read in full.
    public var documents: [YAMLDocument]
    /// Problems, in the order found.
    public var errors: [YAMLError]

    /// Whether the parse found no problem.
    public var isValid: Bool { errors.isEmpty }

    /// The first document, for single-document parses.
    public var document: YAMLDocument? { documents.first }
}

import RedressDiagnostics
import RedressYAML

/// Collects diagnostics with the playbook codes; every check appends here and none stops.
public struct DiagnosticSink: Sendable {
    /// What has been collected, in the order found.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty sink.
    public init() {}

    /// Adds an error at `mark`.
    public mutating func error(
        _ code: PlaybookDiagnosticCode, _ message: String, at mark: SourceMark, length: Int = 1, notes: [Diagnostic.Note] = []
    ) {
        diagnostics.append(Diagnostic(.error, code: code.rawValue, message: message, at: mark, length: length, notes: notes))
    }

    /// Adds a warning at `mark`.
    public mutating func warning(
        _ code: PlaybookDiagnosticCode, _ message: String, at mark: SourceMark, length: Int = 1, notes: [Diagnostic.Note] = []
    ) {
        diagnostics.append(Diagnostic(.warning, code: code.rawValue, message: message, at: mark, length: length, notes: notes))
    }

    /// Adds an error at a node, underlining it.
    public mutating func error(_ code: PlaybookDiagnosticCode, _ message: String, at node: YAMLNode, notes: [Diagnostic.Note] = []) {
        error(code, message, at: node.mark, length: node.underlineLength, notes: notes)
    }

    /// Adds diagnostics found elsewhere (the YAML layer's).
    public mutating func append(contentsOf more: [Diagnostic]) {
        diagnostics += more
    }
}

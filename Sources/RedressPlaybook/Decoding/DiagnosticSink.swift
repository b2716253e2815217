import RedressDiagnostics
import RedressYAML

/// Collects diagnostics with the playbook codes; every check appends here and none stops.
package struct DiagnosticSink: Sendable {
    /// What has been collected, in the order found.
    package private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty sink.
    package init() {}

    /// Adds an error at `mark`.
    package mutating func error(
        _ code: PlaybookDiagnosticCode, _ message: String, at mark: SourceMark, length: Int = 1, notes: [Diagnostic.Note] = []
    ) {
        diagnostics.append(Diagnostic(.error, code: code.rawValue, message: message, at: mark, length: length, notes: notes))
    }

    /// Adds a warning at `mark`.
    package mutating func warning(
        _ code: PlaybookDiagnosticCode, _ message: String, at mark: SourceMark, length: Int = 1, notes: [Diagnostic.Note] = []
    ) {
        diagnostics.append(Diagnostic(.warning, code: code.rawValue, message: message, at: mark, length: length, notes: notes))
    }

    /// Adds an error at a node, underlining it.
    package mutating func error(_ code: PlaybookDiagnosticCode, _ message: String, at node: YAMLNode, notes: [Diagnostic.Note] = []) {
        error(code, message, at: node.mark, length: node.underlineLength, notes: notes)
    }

    /// Adds diagnostics found elsewhere (the YAML layer's).
    package mutating func append(contentsOf more: [Diagnostic]) {
        diagnostics += more
    }
}

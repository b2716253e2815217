import RedressDiagnostics
import RedressYAML

/// Reads and checks a triage file: YAML, schema and semantics, every problem collected.
package enum TriageLoader {
    /// The triage file's name beside the playbooks.
    package static let fileName = "triage.yaml"

    /// A triage file as read.
    package struct Report: Sendable {
        /// The file, for snippets.
        package var source: SourceFile
        /// The rules, when the file decoded.
        package var rules: TriageRules?
        /// Every problem, in file order.
        package var diagnostics: [Diagnostic]

        /// The rules, if the file has no error: a triage file with an error never classifies.
        package var usableRules: TriageRules? { diagnostics.contains { $0.severity == .error } ? nil : rules }
    }

    /// Reads the file at `path`.
    package static func load(path: String, parser: YAMLParser = YAMLParser()) -> Report {
        let (source, parsed) = parser.parseFile(atPath: path, requireMapping: true)
        return check(source, parsed)
    }

    /// Reads triage text already in memory.
    package static func load(_ source: SourceFile, parser: YAMLParser = YAMLParser()) -> Report {
        check(source, parser.parseDocument(source, requireMapping: true))
    }

    private static func check(_ source: SourceFile, _ parsed: YAMLParseResult) -> Report {
        var diagnostics = parsed.errors.map(\.diagnostic)
        var rules: TriageRules?
        if let document = parsed.document {
            var decoder = TriageDecoder(source: source)
            rules = decoder.decode(document)
            diagnostics += decoder.diagnostics
            if let rules {
                var checker = TriageChecker(rules: rules)
                diagnostics += checker.run()
            }
        }
        return Report(source: source, rules: rules, diagnostics: PlaybookValidator.ordered(diagnostics))
    }
}

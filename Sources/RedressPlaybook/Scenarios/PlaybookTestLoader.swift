import Foundation
import RedressDiagnostics
import RedressYAML

/// Reads a `*.test.yaml`, the playbook it names, and checks both.
///
/// Contract: `diagnostics` holds every problem of the test file and of the playbook; a file
/// with an error is not run (`isRunnable` is false), as an invalid playbook never runs.
package struct PlaybookTestLoader: Sendable {
    /// The handlers' specs.
    package let catalog: HandlerCatalog

    /// Creates a loader checking against `catalog`.
    package init(catalog: HandlerCatalog) {
        self.catalog = catalog
    }

    /// A test file, loaded.
    package struct Loaded: Sendable {
        /// The test file as read.
        package var source: SourceFile
        /// The decoded tests.
        package var file: PlaybookTestFile?
        /// The playbook's report (its source, model and diagnostics).
        package var playbook: PlaybookValidator.Report?
        /// Every problem found in the test file and the playbook.
        package var diagnostics: [Diagnostic]

        /// Whether the cases can run.
        package var isRunnable: Bool { file != nil && playbook?.isRunnable == true && !diagnostics.contains { $0.severity == .error } }
        /// Every source involved, for rendering diagnostics.
        package var sources: [SourceFile] { [source] + (playbook.map { [$0.source] } ?? []) }
    }

    /// Loads the test file at `path`.
    package func load(path: String) -> Loaded {
        let (source, parsed) = YAMLParser().parseFile(atPath: path, requireMapping: true)
        var loaded = Loaded(source: source, file: nil, playbook: nil, diagnostics: parsed.errors.map(\.diagnostic))
        guard let document = parsed.document else { return loaded }
        var decoder = PlaybookTestDecoder(source: source)
        loaded.file = decoder.decode(document)
        loaded.diagnostics += decoder.diagnostics
        guard let file = loaded.file else { return loaded }
        let folder = (path as NSString).deletingLastPathComponent
        let playbookPath = file.playbook.value.hasPrefix("/") ? file.playbook.value : (folder as NSString).appendingPathComponent(file.playbook.value)
        guard FileManager.default.fileExists(atPath: playbookPath) else {
            var sink = DiagnosticSink()
            sink.error(.badValue, "no playbook file '\(file.playbook.value)' beside this test file", at: file.playbook.mark, length: file.playbook.length)
            loaded.diagnostics += sink.diagnostics
            return loaded
        }
        let report = PlaybookValidator(catalog: catalog).validateFile(atPath: playbookPath)
        loaded.playbook = report
        loaded.diagnostics += report.diagnostics.filter { $0.severity == .error }
        if let playbook = report.playbook {
            var checker = PlaybookTestChecker(playbook: playbook, catalog: catalog)
            loaded.diagnostics += checker.check(file)
        }
        loaded.diagnostics = PlaybookValidator.ordered(loaded.diagnostics)
        return loaded
    }
}

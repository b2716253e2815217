import Foundation
import RedressDiagnostics
import RedressPlaybook

/// Validates one playbook for commands that read it without running it (`plan`, `graph`): an
/// invalid playbook prints its diagnostics and exits 2, like `run`.
enum PlaybookLoading {
    /// The playbook at `path` and the catalog it was checked against (built-in handlers and
    /// those of the plugin folders).
    static func validPlaybook(_ path: String, plugins: PluginOptions) throws -> (Playbook, HandlerCatalog) {
        let triage = try TriageFile.load(folder: (path as NSString).deletingLastPathComponent)
        let catalog = try HandlerRegistry.load(plugins).catalog(triage: triage)
        return (try validPlaybook(path, catalog: catalog, triage: triage), catalog)
    }

    static func validPlaybook(_ path: String, catalog: HandlerCatalog, triage: TriageRules? = nil) throws -> Playbook {
        let report = PlaybookValidator(catalog: catalog, triage: triage).validateFile(atPath: path)
        guard report.isRunnable, let playbook = report.playbook else {
            let renderer = DiagnosticRenderer(sources: [report.source], colored: FileOutput.standardError.wantsColor)
            FileOutput.standardError.write(renderer.render(report.diagnostics.filter { $0.severity == .error }))
            FileOutput.standardError.write("redress: error: \(path) is not a valid playbook\n")
            throw ExitStatus.usage
        }
        return playbook
    }
}

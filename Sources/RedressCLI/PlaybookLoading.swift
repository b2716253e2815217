import RedressDiagnostics
import RedressPlaybook

/// Validates one playbook for commands that read it without running it (`plan`, `graph`): an
/// invalid playbook prints its diagnostics and exits 2, like `run`.
enum PlaybookLoading {
    static func validPlaybook(_ path: String, catalog: HandlerCatalog) throws -> Playbook {
        let report = PlaybookValidator(catalog: catalog).validateFile(atPath: path)
        guard report.isRunnable, let playbook = report.playbook else {
            let renderer = DiagnosticRenderer(sources: [report.source], colored: FileOutput.standardError.wantsColor)
            FileOutput.standardError.write(renderer.render(report.diagnostics.filter { $0.severity == .error }))
            FileOutput.standardError.write("redress: error: \(path) is not a valid playbook\n")
            throw ExitStatus.usage
        }
        return playbook
    }
}

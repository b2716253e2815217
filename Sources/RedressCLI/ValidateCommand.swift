import Foundation
import ArgumentParser
import RedressDiagnostics
import RedressPlaybook
import RedressYAML

/// `redress validate PATH...`: checks playbooks without running anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check playbooks without running them (a dry run of everything but the handlers).",
        discussion: """
            Checks YAML, schema, handler names and parameters, expressions, routing, and the \
            payment policy (money moves only after verified identity). Prints every problem as \
            'file:line:col: error: message [code]' with the source line. Exit status: 0 no \
            errors, 1 errors (or warnings with --strict), 2 usage error or unreadable file.
            """
    )

    @Argument(help: "Playbook files, or folders searched recursively for *.yaml and *.yml.")
    var paths: [String] = ["Playbooks"]

    @Option(help: "Output format: human, json (one object per diagnostic per line) or sarif.")
    var format: OutputFormat = .human

    @Flag(help: "Treat warnings as errors for the exit status.")
    var strict = false

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let files = try InputFiles.find(paths, what: "playbooks (*.yaml, *.yml)") { !PlaybookFiles.isTest($0) && !PlaybookFiles.isTriage($0) }
        // The triage file is checked with the playbooks, and the playbooks against it: their
        // anomaly types must be ones it declares (the shipped rules when none is given).
        let triage = TriageFile.among(paths)
        let rules = try triage?.rules ?? TriageFile.load(folder: nil)
        // Plugin manifests are checked with the playbooks: their problems are this run's too.
        let registry = try HandlerRegistry.load(plugins, quiet: true)
        let validator = PlaybookValidator(catalog: try registry.catalog(triage: rules), triage: rules)
        let reports = files.map(validator.validateFile(atPath:))
        // A single folder is taken as a whole playbook library: it must cover every anomaly.
        var isFolder: ObjCBool = false
        let library = paths.count == 1 && FileManager.default.fileExists(atPath: paths[0], isDirectory: &isFolder) && isFolder.boolValue ? paths[0] : nil
        let diagnostics = registry.plugins.diagnostics + (triage?.diagnostics ?? []) + reports.flatMap(\.diagnostics)
            + validator.validateSet(reports, coverageOf: library, triageIsValidated: triage != nil)
        let sources = registry.plugins.sources + (triage.map { [$0.source] } ?? []) + reports.map(\.source)
        let output = FileOutput.standardOutput
        switch format {
        case .human:
            output.write(DiagnosticRenderer(sources: sources, colored: output.wantsColor).render(diagnostics))
        case .json:
            output.write(DiagnosticJSONFormatter.format(diagnostics))
        case .sarif:
            output.write(SARIFFormatter.format(diagnostics, version: RedressCommand.version))
        }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        let checked = files.count + (triage == nil ? 0 : 1)
        FileOutput.standardError.write(
            "checked \(checked) file\(checked == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n")
        if diagnostics.contains(where: { $0.code == YAMLErrorCode.unreadable.rawValue }) { throw ExitStatus.usage }
        if errors > 0 || (strict && warnings > 0) { throw ExitStatus.problems }
    }
}

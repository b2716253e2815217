import ArgumentParser
import RedressDiagnostics
import RedressYAML

/// `redress validate PATH...`: checks playbooks without running anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check playbooks without running them (a dry run of the parser and validator).",
        discussion: """
            Prints every problem as 'file:line:col: error: message [code]' with the source line. \
            Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable path.
            """
    )

    @Argument(help: "Playbook files, or folders searched recursively for *.yaml and *.yml.")
    var paths: [String] = ["Playbooks"]

    func run() throws {
        let files: [String]
        do {
            files = try YAMLFileFinder.files(in: paths)
        } catch {
            FileOutput.standardError.write("redress: error: no such file or folder: '\(error.path)'\n")
            throw ExitStatus.usage
        }
        guard !files.isEmpty else {
            FileOutput.standardError.write("redress: error: no playbooks (*.yaml, *.yml) found in \(paths.map { "'\($0)'" }.joined(separator: ", "))\n")
            throw ExitStatus.usage
        }
        let parser = YAMLParser()
        var sources: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            let (source, result) = parser.parseFile(atPath: file, requireMapping: true)
            sources.append(source)
            diagnostics += result.errors.map(\.diagnostic)
        }
        let output = FileOutput.standardOutput
        let renderer = DiagnosticRenderer(sources: sources, colored: output.wantsColor)
        output.write(renderer.render(diagnostics))
        let errorCount = diagnostics.count { $0.severity == .error }
        let summary = "checked \(files.count) file\(files.count == 1 ? "" : "s"): \(errorCount) error\(errorCount == 1 ? "" : "s")\n"
        FileOutput.standardError.write(summary)
        if errorCount > 0 { throw ExitStatus.problems }
    }
}

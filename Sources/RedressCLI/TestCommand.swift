import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressFlowPlugin
import RedressPlaybook
import RedressPlaybookTesting

/// `redress test [PATH...]`: runs playbook tests (`*.test.yaml`) with mocked handlers on a
/// virtual clock.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run playbook tests (*.test.yaml): mocked handlers, signals on a virtual clock, expected paths.",
        discussion: """
            Each case gives inputs, mocked handler answers per call, signals and when they \
            arrive, and asserts the path (steps and outcomes), the final status and resolution, \
            the messages sent and the effects requested. Mocks never call real handlers; flow.* \
            handlers run for real. Exit status: 0 all pass, 1 a case failed, 2 an invalid test \
            file or playbook.
            """)

    @Argument(help: "Test files, or folders searched recursively for *.test.yaml.")
    var paths: [String] = ["Playbooks"]

    @Option(help: "Output format: human, json or junit (JUnit XML for CI systems).")
    var format: TestReportFormat = .human

    @Option(help: "Run only the cases whose name contains this text.")
    var filter: String?

    @OptionGroup var plugins: PluginOptions

    func run() async throws {
        let files = try InputFiles.find(paths, what: "playbook tests (*.test.yaml)") { $0.hasSuffix(".test.yaml") }
        let registry = try HandlerRegistry.load(plugins)
        let catalog = try registry.catalog(triage: try TriageFile.among(paths)?.usableRules ?? TriageFile.load(folder: nil))
        let loader = PlaybookTestLoader(catalog: catalog)
        let runner = PlaybookTestRunner(catalog: catalog, passthrough: FlowPlugin.handlers)
        var results: [PlaybookTestFileResult] = []
        var invalid = false
        for path in files {
            let loaded = loader.load(path: path)
            if !loaded.isRunnable {
                invalid = true
                let renderer = DiagnosticRenderer(sources: loaded.sources, colored: FileOutput.standardError.wantsColor)
                FileOutput.standardError.write(renderer.render(loaded.diagnostics.filter { $0.severity == .error }))
                continue
            }
            let result = await runner.run(loaded) { name in filter.map { name.contains($0) } ?? true }
            if filter == nil || !result.cases.isEmpty { results.append(result) }
        }
        let output = FileOutput.standardOutput
        switch format {
        case .human: output.write(TestReportPrinter.human(results, colored: output.wantsColor))
        case .json: output.write(try TestReportPrinter.json(results))
        case .junit: output.write(TestReportPrinter.junit(results))
        }
        if invalid { throw ExitStatus.usage }
        if results.contains(where: { $0.cases.contains { !$0.passed } }) { throw ExitStatus.problems }
    }
}

/// How `redress test` reports.
enum TestReportFormat: String, ExpressibleByArgument, CaseIterable {
    /// For people: a line per case, a diff of the path on failure.
    case human
    /// One JSON object with every case.
    case json
    /// JUnit XML, which CI systems display.
    case junit
}

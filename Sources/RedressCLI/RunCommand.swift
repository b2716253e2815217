import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressEngine
import RedressPlaybook
import RedressYAML

/// `redress run PLAYBOOK`: validates, then runs a playbook.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Validate a playbook, then run it (or walk it with --dry-run).",
        discussion: """
            Exit status: 0 completed, 1 failed, 2 invalid playbook or inputs (nothing ran), \
            3 waiting for a signal or a timer (continue with 'redress resume' or 'redress tick'), \
            4 needs reconciliation by a person.
            """)

    @Argument(help: "The playbook file.")
    var playbook: String

    @Option(name: .customShort("i"), help: "An input, as key=value (repeat for more).")
    var input: [String] = []

    @Flag(help: "Call every handler's dry run: no side effects, nothing stored.")
    var dryRun = false

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions

    func run() async throws {
        let source: SourceFile
        do {
            source = SourceFile(path: playbook, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: playbook))))
        } catch {
            FileOutput.standardError.write("redress: error: cannot read '\(playbook)': \(error.localizedDescription)\n")
            throw ExitStatus.usage
        }
        let inputs: [String: Value]
        do {
            inputs = try InputParser.parse(input)
        } catch {
            FileOutput.standardError.write("redress: error: an input is key=value, not '\(error.text)'\n")
            throw ExitStatus.usage
        }
        let text = String(decoding: source.bytes, as: UTF8.self)
        do {
            let run: RunState
            if dryRun {
                let engine = Engine(store: InMemoryRunStore(), handlers: try HandlerRegistry.load(plugins).handlers(gateway: DryRunGateway()))
                run = try await engine.dryRun(playbookText: text, path: playbook, inputs: inputs)
            } else {
                let engine = try state.engine(try HandlerRegistry.load(plugins))
                let started = try await engine.start(playbookText: text, path: playbook, inputs: inputs)
                run = try await engine.drive(started.id)
            }
            FileOutput.standardOutput.write(format == .json ? RunPrinter.json(run) : RunPrinter.human(run, dryRun: dryRun))
            throw ExitCode(run.status.exitCode)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error, source: source))
        }
    }
}

import ArgumentParser
import Foundation
import RedressCases
import RedressDiagnostics
import RedressEngine
import RedressRuntime
import RedressPlaybook
import RedressYAML

/// `redress run PLAYBOOK`: validates, then runs a playbook.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Validate a playbook, then run it (or walk it with --dry-run).",
        discussion: """
            A playbook for an anomaly run on an order (-i order_id=…) opens that order's case: \
            the order's classification must fit the playbook's anomaly (--force with --reason \
            runs it anyway, and the audit trail says why), and an order whose case is open gets \
            its existing run back. Exit status: 0 completed, 1 failed, 2 invalid playbook or \
            inputs (nothing ran), 3 waiting for a signal or a timer (continue with 'redress \
            resume' or 'redress tick'), 4 needs reconciliation by a person, 5 escalated to a \
            person, 130/143 stopped by Ctrl-C or SIGTERM.
            """)

    @Argument(help: "The playbook file.")
    var playbook: String

    @Option(name: .customShort("i"), help: "An input, as key=value (repeat for more).")
    var input: [String] = []

    @Flag(help: "Call every handler's dry run: no side effects, nothing stored.")
    var dryRun = false

    @Flag(help: "Run the playbook on an order whose classification does not fit its anomaly (needs --reason).")
    var force = false

    @Flag(help: "Open a new run for an order whose case ended (needs --reason).")
    var reopen = false

    @Option(help: "Why the run is forced or the case reopened (recorded in the audit trail).")
    var reason: String?

    @Option(help: "Output format: human or json.")
    var format: ResultFormat = .human

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var stopping: StopOptions
    @OptionGroup var actor: ActorOptions

    func validate() throws {
        if force || reopen, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--\(force ? "force" : "reopen") needs --reason: say why")
        }
    }

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
                let engine = Engine(
                    store: InMemoryRunStore(), handlers: try HandlerRegistry.load(plugins).handlers(gateway: ReadOnlyGateway(base: try state.wallet(try plugins.configuration())), triage: try TriageFile.load(folder: nil)))
                run = try await engine.dryRun(playbookText: text, path: playbook, inputs: inputs)
            } else {
                let settings = try plugins.configuration()
                let runner = try await actor.authorize(.drive, settings)
                let wallet = try state.wallet(settings)
                let (stop, sources) = try stopping.install()
                defer { withExtendedLifetime(sources) {} }
                let triage = try TriageFile.load(folder: nil)
                let engine = try await state.engine(try HandlerRegistry.load(plugins), wallet: wallet, stop: stop.request, triage: triage)
                let report = PlaybookValidator(catalog: engine.handlers.catalog, triage: triage).validate(source)
                if case .string(let order) = inputs["order_id"] ?? .null, report.isRunnable, let model = report.playbook, !model.anomaly.types.isEmpty {
                    // Bad inputs are reported as such before the wallet is asked about the order.
                    _ = try Engine.checkInputs(inputs, for: model)
                    let intake = CaseIntake(engine: engine, wallet: wallet, triage: triage, playbookFolder: "")
                    let result: CaseIntake.Result
                    do {
                        result = try await intake.open(
                            order: order, playbookText: text, path: playbook, playbook: model, inputs: inputs, reopen: reopen, reason: reason,
                            forceReason: force ? reason : nil, actor: runner)
                    } catch let refusal as CaseIntake.Refusal {
                        FileOutput.standardError.write("redress: error: \(refusal.message)\n")
                        throw ExitStatus.usage
                    }
                    try await CaseReply(engine: engine, format: format, stop: stop).finish(result, order: order)
                }
                let started = try await engine.start(playbookText: text, path: playbook, inputs: inputs, actor: runner)
                run = try await engine.drive(started.id)
                FileOutput.standardOutput.write(format == .json ? RunPrinter.json(run) : RunPrinter.human(run))
                try stop.exitIfStopped()
                throw ExitCode(run.status.exitCode)
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

import ArgumentParser
import Foundation
import RedressCases
import RedressEngine
import RedressRuntime

/// `redress handle ORDER`: opens the order's case (classify, pick the one playbook for its
/// anomaly, store the run unless the case is open already) and drives the run.
struct HandleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handle",
        abstract: "Check an order, open its case with the playbook for its anomaly, and run it.",
        discussion: """
            A normal order says so and exits 0. An order whose case is already open (another \
            operator, a scan) gets that run back, never a second one; a case whose run ended \
            stays closed unless --reopen (with --reason) asks for a new run. Exit status as for \
            'run': 0 completed, 1 failed, 2 usage, 3 waiting, 4 needs reconciliation, 5 escalated, \
            130/143 stopped by Ctrl-C or SIGTERM.
            """)

    @Argument(help: "The order id, e.g. ORD-1001.")
    var order: String

    @Flag(help: "Open a new run for a case whose last run ended, if the order is still anomalous (needs --reason).")
    var reopen = false

    @Option(help: "Why the case is reopened (recorded in the audit trail).")
    var reason: String?

    @Option(help: "Folder of playbooks (default: $REDRESS_PLAYBOOKS, else Playbooks).")
    var playbooks: String?

    @Option(help: "Output format: human or json.")
    var format: ResultFormat = .human

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var stopping: StopOptions
    @OptionGroup var actor: ActorOptions

    func validate() throws {
        if reopen, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--reopen needs --reason: say why the case is opened again")
        }
    }

    func run() async throws {
        let folder = try StateOptions.playbookFolder(playbooks)
        let opener = try await actor.authorize(.openCase, try plugins.configuration())
        let (stop, sources) = try stopping.install()
        defer { withExtendedLifetime(sources) {} }
        let triage = try TriageFile.load(folder: folder)
        let engine = try state.engine(try HandlerRegistry.load(plugins), stop: stop.request, triage: triage)
        let intake = CaseIntake(engine: engine, wallet: try state.sandbox(), triage: triage, playbookFolder: folder)
        let result: CaseIntake.Result
        do {
            result = try await intake.open(order: order, reopen: reopen, reason: reason, actor: opener)
        } catch let refusal as CaseIntake.Refusal {
            if format == .json { FileOutput.standardOutput.write(RunPrinter.encode(["order": order, "case": "none", "error": refusal.message])) }
            FileOutput.standardError.write("redress: error: \(refusal.message)\n")
            throw ExitStatus.usage
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
        try await CaseReply(engine: engine, format: format, stop: stop).finish(result, order: order)
    }
}

import ArgumentParser
import Foundation
import RedressCases
import RedressEngine
import RedressWalletAPI
import RedressWalletPlugin
import RedressPlaybook
import RedressDiagnostics
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

    @Flag(help: "Show what would happen to the order now (path, messages in every language, money that would move); nothing is sent, paid or stored.")
    var dryRun = false

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
        let settings = try plugins.configuration()
        let folder = try StateOptions.playbookFolder(playbooks, configured: settings.playbookFolder)
        let wallet = try state.wallet(settings)
        if dryRun { try await showDryRun(folder: folder, wallet: wallet) }
        let opener = try await actor.authorize(.openCase, settings)
        let (stop, sources) = try stopping.install()
        defer { withExtendedLifetime(sources) {} }
        let triage = try TriageFile.load(folder: folder)
        let engine = try await state.engine(try HandlerRegistry.load(plugins), wallet: wallet, stop: stop.request, triage: triage)
        let intake = CaseIntake(engine: engine, wallet: wallet, triage: triage, playbookFolder: folder)
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

    /// `--dry-run`: classify the order as `handle` would, walk its playbook with the wallet read
    /// for real and nothing changed, and print the path; the case is neither opened nor stored.
    private func showDryRun(folder: String, wallet: any WalletGateway) async throws -> Never {
        let triage = try TriageFile.load(folder: folder)
        guard let snapshot = try await wallet.snapshot(order: order) else {
            FileOutput.standardError.write("redress: error: no order \(TerminalText.escape(order)) in the wallet\n")
            throw ExitStatus.usage
        }
        let decision = TriageEvaluator(rules: triage).decide(WalletFacts.facts(snapshot))
        guard decision.anomaly != TriageRules.normal else {
            FileOutput.standardOutput.write(TerminalText.escape("\(order) is normal (\(snapshot.orderStatus)); nothing would happen") + "\n")
            throw ExitStatus.success
        }
        let registry = try HandlerRegistry.load(plugins)
        let validator = PlaybookValidator(catalog: try registry.catalog(triage: triage), triage: triage)
        let playbook: (path: String, text: String)
        do {
            playbook = try PlaybookChooser.choose(in: folder, anomaly: decision.anomaly, cause: decision.cause, validator: validator)
        } catch let failure as PlaybookChooser.Failure {
            FileOutput.standardError.write("redress: error: \(failure.message)\n")
            throw ExitStatus.usage
        }
        let engine = Engine(store: InMemoryRunStore(), handlers: try registry.handlers(gateway: ReadOnlyGateway(base: wallet), triage: triage))
        do {
            let run = try await engine.dryRun(playbookText: playbook.text, path: playbook.path, inputs: ["order_id": .string(order)])
            if format == .json { FileOutput.standardOutput.write(RunPrinter.json(run)) } else {
                let anomaly = decision.anomaly + (decision.cause.isEmpty ? "" : " (\(decision.cause))")
                FileOutput.standardOutput.write(TerminalText.escape("\(order): \(anomaly) → \(playbook.path) (dry run: nothing is sent, paid or stored)") + "\n")
                FileOutput.standardOutput.write(RunPrinter.human(run, dryRun: true))
            }
            throw ExitCode(run.status.exitCode)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
    }
}

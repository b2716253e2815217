import ArgumentParser
import Foundation
import RedressCases
import RedressDiagnostics
import RedressEngine
import RedressRuntime
import RedressSandbox
import RedressWalletAPI

/// `redress scan`: opens the case of every anomalous order in the wallet and drives its run.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Open a case for every anomalous order and run its playbook; print a summary per anomaly type.",
        discussion: """
            Runs go as far as they can without a person (they park on 2FA codes, reviews and \
            follow-ups). Every order goes through the case guard: scans started together, or a \
            scan beside 'handle', open one run per order. First the scan continues every run that \
            is due (pending, stopped mid-way by Ctrl-C or a dead process, or parked with its time \
            come), so a scan rerun after Ctrl-C picks up where it stopped; a case already open \
            and parked is left to its run. Exit status: 0, 1 when a run failed or could not be \
            driven, 130/143 when stopped.
            """)

    @Option(help: "How many orders to handle at once.")
    var concurrency = 4

    @Option(help: "Handle at most this many anomalous orders.")
    var limit: Int?

    @Option(help: "Folder of playbooks (default: $REDRESS_PLAYBOOKS, else Playbooks).")
    var playbooks: String?

    @Option(help: "Output format: human or json.")
    var format: ResultFormat = .human

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var stopping: StopOptions
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        guard concurrency >= 1, (limit ?? 1) >= 1 else {
            FileOutput.standardError.write("redress: error: --concurrency and --limit must be at least 1\n")
            throw ExitStatus.usage
        }
        let settings = try plugins.configuration()
        let folder = try StateOptions.playbookFolder(playbooks, configured: settings.playbookFolder)
        let opener = try await actor.authorize(.openCase, settings)
        let (stop, sources) = try stopping.install()
        defer { withExtendedLifetime(sources) {} }
        let wallet = try state.wallet(settings)
        let triage = try TriageFile.load(folder: folder)
        let engine = try await state.engine(try HandlerRegistry.load(plugins), wallet: wallet, stop: stop.request, triage: triage)
        let intake = CaseIntake(engine: engine, wallet: wallet, triage: triage, playbookFolder: folder)
        // Runs left mid-way (a scan stopped by Ctrl-C, a process that died, a case opened and
        // never driven) are continued first, whatever their order looks like now: a run stopped
        // after paying has an order that already reads as normal.
        var tally = ScanTally()
        let started = Date()
        let continued: DrainReport
        do {
            continued = try await engine.drain(concurrency: concurrency) { run in tally.add(.handled(ScanOrderHandler.Handled(continued: run, since: started))) }
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
        let orders: [String]
        do {
            orders = try await Self.everyOrder(in: wallet)
        } catch {
            FileOutput.standardError.write("redress: error: cannot list the wallet's orders: \(TerminalText.escape(String(describing: error)))\n")
            throw ExitStatus.problems
        }
        let handler = ScanOrderHandler(engine: engine, intake: intake, wallet: wallet, limit: limit ?? Int.max, actor: opener)
        var progress = ProgressBar(total: orders.count, visible: FileOutput.standardError.wantsColor)
        try await withThrowingTaskGroup(of: ScanOrderHandler.Outcome.self) { group in
            var next = 0
            func submitNext() {
                guard next < orders.count, !stop.request.isRequested, handler.hasBudget else { return }
                let order = orders[next]
                next += 1
                group.addTask { await handler.handle(order) }
            }
            for _ in 0..<concurrency { submitNext() }
            while let outcome = try await group.next() {
                tally.add(outcome)
                progress.advance()
                submitNext()
            }
        }
        progress.finish()
        let elapsed = Date().timeIntervalSince(started)
        if format == .json {
            FileOutput.standardOutput.write(RunPrinter.encode(tally.handled.sorted { $0.order < $1.order }))
        } else {
            FileOutput.standardOutput.write(ScanSummary.table(tally, elapsed: elapsed))
            if continued.driven > 0 {
                FileOutput.standardOutput.write("\(continued.driven) of them continued a run left mid-way, pending, or due (a scan stopped by Ctrl-C, a process that died)\n")
            }
            if stop.request.isRequested {
                FileOutput.standardOutput.write("stopped: runs in flight were left where they are; 'redress scan' again continues them and the orders not yet looked at\n")
            }
        }
        for (message, count) in tally.errorsByCause() {
            FileOutput.standardError.write("redress: \(count) order(s) could not be handled: \(TerminalText.escape(message))\n")
        }
        try stop.exitIfStopped()
        for failure in continued.failures {
            FileOutput.standardError.write("redress: run \(failure.runID):\n")
            _ = EngineErrorPrinter.report(failure.error)
        }
        if tally.handled.contains(where: { $0.outcome == .failed || $0.outcome == .error }) || !continued.failures.isEmpty { throw ExitStatus.problems }
    }

    /// Every order id the wallet lists, page by page.
    static func everyOrder(in wallet: any WalletGateway) async throws -> [String] {
        var orders: [String] = []
        var cursor: String?
        repeat {
            let page = try await wallet.orders(after: cursor, limit: 1000)
            orders += page.orderIDs
            guard page.nextCursor != cursor else { break }
            cursor = page.nextCursor
        } while cursor != nil
        return orders
    }
}

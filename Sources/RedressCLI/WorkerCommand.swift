import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressEngine
import Logging
import RedressPlaybook
import RedressWorker
import ServiceLifecycle

/// `redress worker`: a long-running process that drives whatever is due in the run store until
/// it is told to stop; start as many as you like, on as many hosts, against one store.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Drive due runs until stopped (SIGTERM or Ctrl-C): run several, on several hosts, against one store.",
        discussion: """
            Each round claims due runs in batches (new cases, timers, retries, SLA deadlines, runs \
            whose process died or whose lease lapsed), drives them --concurrency at a time, and \
            sleeps until the next timer or --poll, whichever comes first. Claims last --lease and \
            are renewed during long calls; a worker paused past its lease (a zombie) finds its \
            writes refused and its runs taken over. Logs a line per round that drove runs on \
            stderr. SIGTERM or Ctrl-C: stop claiming, finish the steps in flight, release their \
            claims, exit 0; steps still running after --grace are cancelled and their runs are \
            taken over once their claims lapse. On PostgreSQL a worker is also woken at once when \
            another process stores or parks a run (LISTEN/NOTIFY; polling stays the guarantee). \
            Exit status 0, or 2 for a usage error.
            """)

    @Option(help: "How many runs to drive at once.")
    var concurrency = 8

    @Option(name: .customLong("id"), help: "A name for this worker in its log lines (default: host:pid).")
    var workerID: String?

    @Option(help: "How long a claim lasts unless renewed (e.g. 30s, 5m).")
    var lease = "5m"

    @Option(help: "The longest pause between rounds when nothing is due.")
    var poll = "1s"

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var stopping: StopOptions
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        guard let leaseSpan = PlaybookDuration(lease), leaseSpan.seconds >= 1, let pollSpan = PlaybookDuration(poll), pollSpan.seconds > 0, concurrency >= 1 else {
            FileOutput.standardError.write("redress: error: --lease (at least 1s) and --poll are durations, --concurrency at least 1\n")
            throw ExitStatus.usage
        }
        let grace = try stopping.seconds()
        let settings = try plugins.configuration()
        _ = try await actor.authorize(.drive, settings)
        let stop = StopRequest()
        let engine = try await state.engine(
            try HandlerRegistry.load(plugins), wallet: try state.wallet(settings), stop: stop, lease: leaseSpan.seconds)
        let name = workerID ?? engine.configuration.owner
        let log = { @Sendable (text: String) in FileOutput.standardError.write(TerminalText.escape("redress worker \(name): \(text)") + "\n") }
        let service = DrainService(engine: engine, concurrency: concurrency, poll: .milliseconds(Int64(pollSpan.seconds * 1_000))) { event in
            switch event {
            case .round(let round):
                log(TickSummary.line(round))
                for failure in round.failures { log("run \(failure.runID) could not be driven: \(String(describing: failure.error))") }
            case .roundFailed(let error):
                log("round failed: \(String(describing: error)); retrying in \(poll)")
            case .stopped(let total):
                log("stopped after driving \(total.driven) runs")
            }
        }
        var configuration = ServiceGroupConfiguration(services: [service], logger: Logger(label: "redress.worker", factory: { _ in SwiftLogNoOpLogHandler() }))
        configuration.gracefulShutdownSignals = [.sigterm, .sigint]
        configuration.maximumGracefulShutdownDuration = .milliseconds(Int64(grace * 1_000))
        log("started (owner \(engine.configuration.owner), concurrency \(concurrency), lease \(lease))")
        try await ServiceGroup(configuration: configuration).run()
    }
}

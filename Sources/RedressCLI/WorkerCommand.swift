import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressEngine
import RedressPlaybook

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
            stderr. SIGTERM or Ctrl-C: stop claiming, finish the steps in flight (--grace), \
            release, exit 0; a second Ctrl-C exits at once. Exit status 0, or 2 for a usage error.
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
        let settings = try plugins.configuration()
        _ = try await actor.authorize(.drive, settings)
        let (stop, sources) = try stopping.install()
        defer { withExtendedLifetime(sources) {} }
        let engine = try await state.engine(
            try HandlerRegistry.load(plugins), wallet: try state.wallet(settings), stop: stop.request, lease: leaseSpan.seconds)
        let name = workerID ?? engine.configuration.owner
        let log = { (text: String) in FileOutput.standardError.write(TerminalText.escape("redress worker \(name): \(text)") + "\n") }
        log("started (owner \(engine.configuration.owner), concurrency \(concurrency), lease \(lease))")
        var total = DrainReport()
        while !stop.request.isRequested {
            let report: DrainReport
            do {
                // Small batches: a worker claims only what it can start soon, so a fleet shares
                // the work and a worker that dies or stalls holds few runs.
                report = try await engine.drain(concurrency: concurrency, batch: concurrency * 2)
            } catch {
                // The store is unreachable or refused a batch: say so, wait, try again.
                log("round failed: \(String(describing: error)); retrying in \(poll)")
                try? await Task.sleep(for: .milliseconds(Int64(pollSpan.seconds * 1000)))
                continue
            }
            total.merge(report)
            if report.driven > 0 || !report.failures.isEmpty { log(TickSummary.line(report)) }
            for failure in report.failures { log("run \(failure.runID) could not be driven: \(String(describing: failure.error))") }
            let untilWake = report.nextWake.map { max(0.05, $0.timeIntervalSinceNow) } ?? pollSpan.seconds
            let pause = min(pollSpan.seconds, untilWake)
            var slept = 0.0
            // Sleep in short slices so a stop request is seen at once.
            while slept < pause, !stop.request.isRequested {
                try? await Task.sleep(for: .milliseconds(50))
                slept += 0.05
            }
        }
        log("stopped after driving \(total.driven) runs")
    }
}

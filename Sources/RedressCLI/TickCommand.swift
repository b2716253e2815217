import ArgumentParser
import Foundation
import RedressEngine
import RedressRuntime
import RedressPlaybook

/// `redress tick`: drives every run that is due; `--until` keeps doing it.
struct TickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: "Drive every run whose timer, retry or SLA deadline has come, and runs whose process died or was stopped.",
        discussion: """
            Drains everything due, in batches, then prints one summary line (and a line per run \
            that ended needing a person: escalated, failed, needs reconciliation; --verbose prints \
            every run). Runs held by a process of this machine that no longer exists are taken \
            over at once; a lease of a process on another machine lapses after 5 minutes. Exit \
            status: 0, the worst failure's status when a run could not be driven, 130/143 when stopped.
            """)

    @Option(help: "Keep ticking for this long (e.g. 10m, 24h): a simple worker loop.")
    var until: String?

    @Option(help: "Pause between ticks in the loop.")
    var interval = "1s"

    @Option(help: "How many due runs to drive at once.")
    var concurrency = 4

    @Flag(help: "Print a line for every run driven.")
    var verbose = false

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var stopping: StopOptions
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        guard let pause = PlaybookDuration(interval) else {
            FileOutput.standardError.write("redress: error: '\(interval)' is not a duration\n")
            throw ExitStatus.usage
        }
        guard concurrency >= 1 else {
            FileOutput.standardError.write("redress: error: --concurrency must be at least 1\n")
            throw ExitStatus.usage
        }
        var stopAt = Date()
        if let until {
            guard let span = PlaybookDuration(until) else {
                FileOutput.standardError.write("redress: error: '\(until)' is not a duration\n")
                throw ExitStatus.usage
            }
            stopAt = Date().addingTimeInterval(span.seconds)
        }
        let settings = try plugins.configuration()
        _ = try await actor.authorize(.drive, settings)
        let (stop, sources) = try stopping.install()
        defer { withExtendedLifetime(sources) {} }
        let engine = try await state.engine(try HandlerRegistry.load(plugins), wallet: try state.wallet(settings), stop: stop.request)
        // A worker keeps going past a run that fails; the exit status still says one did.
        var worstFailure: Int32 = 0
        var total = DrainReport()
        var rounds = 0
        repeat {
            let report: DrainReport
            do {
                report = try await engine.drain(concurrency: concurrency) { run in
                    if verbose { FileOutput.standardOutput.write(TickSummary.runLine(RunSummary(run)) + "\n") }
                }
            } catch {
                throw ExitCode(EngineErrorPrinter.report(error))
            }
            rounds += 1
            for run in report.attention where !verbose { FileOutput.standardOutput.write(TickSummary.runLine(run) + "\n") }
            for failure in report.failures {
                FileOutput.standardError.write("redress: run \(failure.runID):\n")
                worstFailure = max(worstFailure, EngineErrorPrinter.report(failure.error))
            }
            total.merge(report)
            // The loop speaks when it did something; an idle worker stays quiet until the end.
            if until != nil, report.driven > 0 { FileOutput.standardOutput.write(TickSummary.line(report) + "\n") }
            if stop.request.isRequested { break }
            if Date() < stopAt { try await Task.sleep(nanoseconds: UInt64(pause.seconds * 1_000_000_000)) }
        } while Date() < stopAt && !stop.request.isRequested
        if until == nil || rounds > 1 || total.driven == 0 { FileOutput.standardOutput.write(TickSummary.line(total) + "\n") }
        try stop.exitIfStopped()
        if worstFailure != 0 { throw ExitCode(worstFailure) }
    }
}

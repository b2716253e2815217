import ArgumentParser
import Foundation
import RedressEngine
import RedressPlaybook

/// `redress tick`: fires due timers, retries and SLA checks; `--until` keeps doing it.
struct TickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick", abstract: "Drive every run whose timer, retry or SLA deadline has come (and runs whose process died).")

    @Option(help: "Keep ticking for this long (e.g. 10m, 24h): a simple worker loop.")
    var until: String?

    @Option(help: "Pause between ticks in the loop.")
    var interval = "1s"

    @Option(help: "How many due runs to drive at once.")
    var concurrency = 4

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions

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
        let engine = try state.engine(try HandlerRegistry.load(plugins))
        // A worker keeps going past a run that fails; the exit status still says one did.
        var worstFailure: Int32 = 0
        repeat {
            let report: SweepReport
            do {
                report = try await engine.sweep(concurrency: concurrency)
            } catch {
                throw ExitCode(EngineErrorPrinter.report(error))
            }
            for run in report.touched {
                FileOutput.standardOutput.write("\(run.id) \(run.status.rawValue)" + (run.resolution.map { " — \($0)" } ?? "") + "\n")
            }
            for failure in report.failures {
                FileOutput.standardError.write("redress: run \(failure.runID):\n")
                worstFailure = max(worstFailure, EngineErrorPrinter.report(failure.error))
            }
            if Date() < stopAt { try await Task.sleep(nanoseconds: UInt64(pause.seconds * 1_000_000_000)) }
        } while Date() < stopAt
        if worstFailure != 0 { throw ExitCode(worstFailure) }
    }
}

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

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions

    func run() async throws {
        guard let pause = PlaybookDuration(interval) else {
            FileOutput.standardError.write("redress: error: '\(interval)' is not a duration\n")
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
        repeat {
            do {
                for run in try await engine.tick() {
                    FileOutput.standardOutput.write("\(run.id) \(run.status.rawValue)" + (run.resolution.map { " — \($0)" } ?? "") + "\n")
                }
            } catch {
                throw ExitCode(EngineErrorPrinter.report(error))
            }
            if Date() < stopAt { try await Task.sleep(nanoseconds: UInt64(pause.seconds * 1_000_000_000)) }
        } while Date() < stopAt
    }
}

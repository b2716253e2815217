import ArgumentParser
import Foundation
import RedressEngine
import RedressRuntime

/// `redress cancel RUN_ID`: stops a run that has not ended.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Stop a run that has not ended.")

    @Argument(help: "The run's id.")
    var runID: String


    @Option(help: "Why the run is stopped (required: it becomes the run's resolution and goes into the audit trail).")
    var reason: String

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        do {
            let settings = try plugins.configuration()
            let engine = try await state.engine(try HandlerRegistry.load(plugins), wallet: try state.wallet(settings))
            let canceller = try await actor.authorize(.cancel, settings, run: runID, engine: engine)
            let run = try await engine.cancel(runID, by: canceller, reason: reason)
            FileOutput.standardOutput.write("\(run.id) cancelled\n")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
    }
}

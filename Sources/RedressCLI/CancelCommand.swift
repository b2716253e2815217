import ArgumentParser
import Foundation
import RedressEngine

/// `redress cancel RUN_ID`: stops a run that has not ended.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Stop a run that has not ended.")

    @Argument(help: "The run's id.")
    var runID: String

    @Option(name: .customLong("as"), help: "Who cancels (recorded in the audit trail; default $REDRESS_ACTOR, else $USER).")
    var actor = OperatorName.current

    @Option(help: "Why the run is stopped (required: it becomes the run's resolution and goes into the audit trail).")
    var reason: String

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions

    func run() async throws {
        do {
            let run = try await state.engine(try HandlerRegistry.load(plugins)).cancel(runID, by: actor, reason: reason)
            FileOutput.standardOutput.write("\(run.id) cancelled\n")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
    }
}

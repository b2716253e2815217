import ArgumentParser
import Foundation
import RedressDiagnostics
import RedressEngine
import RedressRuntime

/// `--as NAME`: who is acting. With `actors:` in redress.yaml the name must be a configured actor
/// whose role allows the command (and whose token, if it has one, is in `$REDRESS_TOKEN`, never on
/// the command line); without it any name is taken, as on a single operator's laptop.
struct ActorOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: "Act as this actor (default $REDRESS_ACTOR, else $USER); with actors in redress.yaml, a configured one (its token in $REDRESS_TOKEN).")
    var name = OperatorName.current

    /// The name to record for `action`, or exit status 2 with the reason; a refusal on a run is
    /// also written to that run's audit trail.
    func authorize(_ action: ActorAction, _ configuration: RedressConfiguration, run runID: String? = nil, engine: Engine? = nil) async throws -> String {
        switch configuration.directory(stateDirectory: StateOptions.directoryInEffect).authorize(name, token: ProcessInfo.processInfo.environment["REDRESS_TOKEN"], for: action) {
        case .success(let actor):
            return actor
        case .failure(let refusal):
            FileOutput.standardError.write("redress: error: \(TerminalText.escape(refusal.message))\n")
            if let runID, let engine {
                do {
                    try await engine.recordRefusal(runID, actor: name, action: action.rawValue, reason: refusal.message)
                } catch {
                    FileOutput.standardError.write("redress: warning: the refusal could not be written to run \(runID)'s audit trail: \(error)\n")
                }
            }
            throw ExitStatus.usage
        }
    }
}

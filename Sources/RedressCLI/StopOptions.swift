import ArgumentParser
import Dispatch
import RedressPlaybook

/// `--grace`: how long SIGINT/SIGTERM lets the steps in flight finish.
struct StopOptions: ParsableArguments {
    @Option(help: "On Ctrl-C or SIGTERM, how long steps in flight may take to finish before the process exits (e.g. 10s).")
    var grace = "10s"

    /// Installs the handlers; a grace that is not a duration is a usage error.
    func install() throws -> (GracefulStop, [any DispatchSourceSignal]) {
        GracefulStop.install(grace: try seconds())
    }

    /// The grace period in seconds; one that is not a duration is a usage error.
    func seconds() throws -> Double {
        guard let duration = PlaybookDuration(grace) else {
            FileOutput.standardError.write("redress: error: --grace '\(grace)' is not a duration (e.g. 10s, 1m)\n")
            throw ExitStatus.usage
        }
        return duration.seconds
    }
}

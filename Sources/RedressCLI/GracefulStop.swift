#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import RedressEngine
import RedressExternalPlugin
import Synchronization

/// SIGINT and SIGTERM for the commands that drive runs (`run`, `resume`, `handle`, `scan`,
/// `tick`): the first asks every drive to stop at its next safe point (`StopRequest`), and the
/// command prints what it did so far and exits 130 or 143; if the drives have not stopped within
/// the grace period the process exits then. A second signal exits at once: the runs' leases
/// are then taken over by the next `tick` on this machine (the owner is known dead) or lapse.
///
/// The handlers run on a Dispatch queue, never in signal context, so they may print and
/// allocate. One per process; installed by `install`, kept alive by the command that uses it.
final class GracefulStop: Sendable {
    /// What the engine's drives check.
    let request = StopRequest()
    private let received = Atomic<Int32>(0)
    private let grace: Double

    private init(grace: Double) {
        self.grace = grace
    }

    /// The signal that asked for the stop, if one did.
    var stoppedBy: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Starts listening for SIGINT and SIGTERM; `grace` seconds is how long in-flight steps get.
    static func install(grace: Double) -> (GracefulStop, [any DispatchSourceSignal]) {
        let stop = GracefulStop(grace: grace)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            Self.ignore(number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.received(number) }
            source.resume()
            sources.append(source)
        }
        return (stop, sources)
    }

    private static func ignore(_ number: Int32) {
        // The default action would kill the process before the Dispatch source sees the signal.
        signal(number, SIG_IGN)
    }

    private func received(_ number: Int32) {
        let (exchanged, _) = received.compareExchange(expected: 0, desired: number, ordering: .relaxed)
        guard exchanged else {
            FileOutput.standardError.write("\nredress: stopped at once; runs in flight continue with 'redress tick'\n")
            PluginProcesses.endAll(within: 1)
            _exit(128 + (stoppedBy ?? number))
        }
        request.request()
        let seconds = grace
        FileOutput.standardError.write(
            "\nredress: stopping: finishing the steps in flight (up to \(Int(seconds.rounded(.up))) s); press Ctrl-C again to quit at once\n")
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            FileOutput.standardError.write("redress: the grace period ended with steps still in flight; they continue with 'redress tick'\n")
            PluginProcesses.endAll(within: 1)
            _exit(128 + number)
        }
    }

    /// Throws the exit status for the signal that stopped the command, if one did.
    func exitIfStopped() throws {
        if let stoppedBy { throw ExitStatus.interrupted(by: stoppedBy) }
    }
}

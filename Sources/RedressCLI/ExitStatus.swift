import ArgumentParser

/// The exit codes `redress` promises (documented in the README).
package enum ExitStatus {
    /// Everything checked out / the run completed.
    package static let success = ExitCode(0)
    /// Problems were found in the input (or a run failed).
    package static let problems = ExitCode(1)
    /// The command line was wrong, a file could not be read, or the playbook or inputs are
    /// invalid (nothing ran).
    package static let usage = ExitCode(2)
    /// The run is parked, waiting for a signal or a timer.
    package static let waiting = ExitCode(3)
    /// The run needs a person to reconcile an uncertain effect.
    package static let needsReconciliation = ExitCode(4)
    /// The run handed the case to a person (escalated): not resolved, but owned by someone.
    package static let escalated = ExitCode(5)

    /// Another process holds the run right now; nothing was done (a signal was not delivered):
    /// try again (sysexits' EX_TEMPFAIL).
    package static let busy = ExitCode(75)

    /// The command stopped on a signal (SIGINT: 130, SIGTERM: 143, as shells report them).
    package static func interrupted(by signal: Int32) -> ExitCode { ExitCode(128 + signal) }
}

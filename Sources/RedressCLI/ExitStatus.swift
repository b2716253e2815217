import ArgumentParser

/// The exit codes `redress` promises (documented in the README).
public enum ExitStatus {
    /// Everything checked out / the run completed.
    public static let success = ExitCode(0)
    /// Problems were found in the input (or a run failed).
    public static let problems = ExitCode(1)
    /// The command line was wrong, or a file could not be read.
    public static let usage = ExitCode(2)
}

import ArgumentParser
import Logging

/// Runs `redress` with the process's arguments and exits with the documented codes.
///
/// ArgumentParser's default for a bad command line is 64 (EX_USAGE); Redress promises 2, like
/// most Unix tools, so usage errors are mapped here and everything else passes through.
public enum RedressMain {
    /// Parses the command line, runs the command, and exits.
    public static func run() async -> Never {
        // Logs go to stderr so stdout stays the command's result (`--format json` is parseable).
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        do {
            var command = try RedressCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            RedressCommand.exit()
        } catch {
            let code = RedressCommand.exitCode(for: error)
            if code == .validationFailure {
                let message = RedressCommand.fullMessage(for: error)
                FileOutput.standardError.write(message + "\n")
                RedressCommand.exit(withError: ExitStatus.usage)
            }
            RedressCommand.exit(withError: error)
        }
    }
}

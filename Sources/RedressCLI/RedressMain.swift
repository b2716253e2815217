import ArgumentParser
import Logging
import RedressExternalPlugin
import RedressPlaybook

/// Runs `redress` with the process's arguments and exits with the documented codes.
///
/// ArgumentParser's default for a bad command line is 64 (EX_USAGE); Redress promises 2, like
/// most Unix tools, so usage errors are mapped here and everything else passes through.
package enum RedressMain {
    /// Parses the command line, runs the command, and exits.
    package static func run() async -> Never {
        // Logs go to stderr so stdout stays the command's result (`--format json` is parseable).
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let format = RedressLogHandler.format(from: &arguments) else {
            FileOutput.standardError.write("redress: error: --log-format is human or json\n")
            RedressCommand.exit(withError: ExitStatus.usage)
        }
        LoggingSystem.bootstrap { label in RedressLogHandler(label: label, format: format) }
        PluginProcesses.becomeSubreaper()
        do {
            var command = try RedressCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            PluginProcesses.endAll()
            RedressCommand.exit()
        } catch {
            // Whatever ended the command, no process it started for a plugin outlives it.
            PluginProcesses.endAll()
            if let unknown = unknownCommand() {
                let names = RedressCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
                let suggestion = Suggestions.closest(to: unknown, among: names).map { "; did you mean '\($0)'?" } ?? ""
                FileOutput.standardError.write("redress: error: unknown command '\(unknown)'\(suggestion) ('redress --help' lists them)\n")
                RedressCommand.exit(withError: ExitStatus.usage)
            }
            let code = RedressCommand.exitCode(for: error)
            if code == .validationFailure {
                let message = RedressCommand.fullMessage(for: error)
                FileOutput.standardError.write(message + "\n")
                RedressCommand.exit(withError: ExitStatus.usage)
            }
            RedressCommand.exit(withError: error)
        }
    }

    /// The first argument, when it names no command and is not an option (`redress handel`).
    private static func unknownCommand() -> String? {
        guard CommandLine.arguments.count > 1 else { return nil }
        let first = CommandLine.arguments[1]
        guard !first.hasPrefix("-"), first != "help" else { return nil }
        let names = RedressCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
        return names.contains(first) ? nil : first
    }
}

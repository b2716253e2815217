import ArgumentParser

/// The `redress` root command: it only lists the subcommands.
package struct RedressCommand: AsyncParsableCommand {
    /// The version printed by `redress --version`.
    package static let version = "0.1.0"

    /// The command tree.
    package static let configuration = CommandConfiguration(
        commandName: "redress",
        abstract: "Resolve payment-order anomalies with declarative YAML playbooks.",
        discussion: """
            Playbooks are read at run time from Playbooks/ (or the folder you name); editing one \
            never needs a rebuild. Try 'redress handle ORD-3001' on the built-in sandbox wallet, \
            'redress sandbox orders --anomalous' for more demo orders, and 'redress validate \
            Playbooks/' after editing a playbook.
            """,
        version: version,
        subcommands: [
            ValidateCommand.self, HandlersCommand.self, RunCommand.self, ResumeCommand.self, RunsCommand.self, ShowCommand.self,
            TickCommand.self, WorkerCommand.self, ServeCommand.self, CancelCommand.self, AuditCommand.self, ActorsCommand.self, TokenCommand.self, TriageCommand.self, HandleCommand.self, ScanCommand.self, SandboxCommand.self, ConfigCommand.self, TestCommand.self, PlanCommand.self, GraphCommand.self,
        ]
    )

    /// Creates the command (ArgumentParser needs it).
    package init() {}
}

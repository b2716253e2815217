import RedressDiagnostics

/// One handler of a plugin manifest: its descriptor and how to start it.
package struct ExternalHandlerSpec: Sendable, Hashable {
    /// What the validator and the engine check against, exactly as for a Swift handler.
    package var descriptor: HandlerDescriptor
    /// Where the handler's name is written, for diagnostics.
    package var nameMark: SourceMark
    /// The program and its arguments (never a shell string); a program with a `/` is relative
    /// to `folder`, a bare name is looked up on `PATH`.
    package var command: [String]
    /// Names of environment variables passed to the process (everything else is scrubbed).
    package var environment: [String]
    /// What a dry run does.
    package var dryRun: DryRunBehaviour
    /// The plugin folder: the process's working directory.
    package var folder: String
    /// The manifest's path.
    package var manifestPath: String

    /// What `redress run --dry-run` does with an external handler.
    package enum DryRunBehaviour: Sendable, Hashable {
        /// Starts the process with `dry_run: true`; the plugin promises to change nothing.
        case call
        /// Starts nothing and answers this outcome and output.
        case answer(outcome: String, output: [String: Value])
    }

    /// Creates a spec.
    package init(
        descriptor: HandlerDescriptor, nameMark: SourceMark, command: [String], environment: [String], dryRun: DryRunBehaviour, folder: String,
        manifestPath: String
    ) {
        self.descriptor = descriptor
        self.nameMark = nameMark
        self.command = command
        self.environment = environment
        self.dryRun = dryRun
        self.folder = folder
        self.manifestPath = manifestPath
    }
}

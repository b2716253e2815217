import ArgumentParser
import Foundation
import RedressEngine
import RedressPluginAPI
import RedressRuntime

/// `redress resume RUN_ID [--signal name=value]`: continues a run, delivering signals.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a run, optionally delivering a signal (the user's code, a reviewer's decision).",
        discussion: """
            Signal values are handed to the waiting step and never stored. A value of '-' is read \
            from standard input (one line; on a terminal, typed without echo), so a code the user \
            typed never appears on a command line or in shell history. A user's signal (their code, \
            their feedback) is recorded as the user's, with --as as the one who delivered it; a \
            review decision needs the reviewer role. Exit status as for 'run'.
            """)

    @Argument(help: "The run's id.")
    var runID: String

    @Option(help: "A signal, as name=value, or name=- to read the value from standard input (repeat to deliver several in order).")
    var signal: [String] = []

    @Option(help: "Output format: human or json.")
    var format: ResultFormat = .human

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var stopping: StopOptions
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        let (stop, sources) = try stopping.install()
        defer { withExtendedLifetime(sources) {} }
        let configuration = try plugins.configuration()
        let engine = try await state.engine(try HandlerRegistry.load(plugins), wallet: try state.wallet(configuration), stop: stop.request)
        do {
            var run: RunState
            if signal.isEmpty {
                _ = try await actor.authorize(.drive, configuration, run: runID, engine: engine)
                // An ended run has nothing to continue: say so, as `cancel` does, not print it as if resumed.
                if let stored = try await engine.store.load(runID), stored.status.isFinal { throw EngineError.alreadyEnded(runID, stored.status) }
                run = try await engine.drive(runID)
            } else {
                guard let stored = try await engine.store.load(runID) else { throw EngineError.notFound(runID) }
                run = stored
                for pair in signal {
                    guard let equals = pair.firstIndex(of: "=") else {
                        FileOutput.standardError.write("redress: error: a signal is name=value, not '\(pair)'\n")
                        throw ExitStatus.usage
                    }
                    let name = String(pair[..<equals])
                    let wait = run.current?.wait
                    let audience = wait?.audience ?? .operator
                    let who = try await actor.authorize(ActorAction.delivering(to: audience), configuration, run: runID, engine: engine)
                    // Read only once the actor may deliver it: nobody types a code for nothing.
                    var value = String(pair[pair.index(after: equals)...])
                    if value == "-" { value = try SecretInput.read(prompt: "\(name): ") }
                    let received: ReceivedSignal
                    if audience == .user, let user = wait?.subject {
                        received = ReceivedSignal(name: name, value: value, sender: user, deliveredBy: who, receivedAt: Date())
                    } else {
                        received = ReceivedSignal(name: name, value: value, sender: who, receivedAt: Date())
                    }
                    run = try await engine.drive(runID, signal: received)
                }
            }
            FileOutput.standardOutput.write(format == .json ? RunPrinter.json(run) : RunPrinter.human(run))
            try stop.exitIfStopped()
            throw ExitCode(run.status.exitCode)
        } catch let exit as ExitCode {
            throw exit
        } catch EngineError.busy(let id) {
            // The caller must be able to tell that nothing was delivered, and that trying again is right.
            FileOutput.standardError.write(
                "redress: error: run \(id) is being run by another process; " + (signal.isEmpty ? "try again later\n" : "the signal was NOT delivered; send it again\n"))
            throw ExitStatus.busy
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
    }
}

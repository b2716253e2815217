import ArgumentParser
import Foundation
import RedressEngine
import RedressPlaybook
import RedressYAML

/// `redress handle ORDER`: classifies the order, picks the one playbook for its anomaly, runs it.
struct HandleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handle",
        abstract: "Check an order, pick the playbook for its anomaly, and run it.",
        discussion: "A normal order says so and exits 0. Exit status otherwise as for 'run'.")

    @Argument(help: "The order id, e.g. ORD-1001.")
    var order: String

    @Option(help: "Folder of playbooks (default: $REDRESS_PLAYBOOKS, else Playbooks).")
    var playbooks: String?

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    @OptionGroup var state: StateOptions
    @OptionGroup var plugins: PluginOptions

    func run() async throws {
        let wallet = try state.sandbox()
        guard let snapshot = try await wallet.snapshot(order: order) else {
            FileOutput.standardError.write("redress: error: no order \(order) in the wallet\n")
            throw ExitStatus.usage
        }
        guard snapshot.classification != "normal" else {
            FileOutput.standardOutput.write("\(order) is normal (\(snapshot.orderStatus)); nothing to do\n")
            return
        }
        let folder = playbooks ?? ProcessInfo.processInfo.environment["REDRESS_PLAYBOOKS"] ?? "Playbooks"
        let engine = try state.engine(try HandlerRegistry.load(plugins))
        if let existing = try ActiveRuns.byOrder(engine)[order] {
            FileOutput.standardOutput.write("\(order) already has run \(existing.id) (\(existing.status.rawValue)); continue it with: redress resume \(existing.id)\n")
            throw ExitCode(existing.status.exitCode)
        }
        let chosen: (path: String, text: String)
        do {
            chosen = try PlaybookChooser.choose(
                in: folder, anomaly: snapshot.classification, cause: snapshot.cause, validator: PlaybookValidator(catalog: engine.handlers.catalog))
        } catch let error as PlaybookChooser.Failure {
            FileOutput.standardError.write("redress: error: \(error.message)\n")
            throw ExitStatus.usage
        }
        if format == .human {
            FileOutput.standardOutput.write("\(order): \(snapshot.classification)" + (snapshot.cause.isEmpty ? "" : " (\(snapshot.cause))") + " → \(chosen.path)\n")
        }
        do {
            let started = try await engine.start(playbookText: chosen.text, path: chosen.path, inputs: ["order_id": .string(order)])
            let run = try await engine.drive(started.id)
            FileOutput.standardOutput.write(format == .json ? RunPrinter.json(run) : RunPrinter.human(run))
            throw ExitCode(run.status.exitCode)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitCode(EngineErrorPrinter.report(error))
        }
    }
}

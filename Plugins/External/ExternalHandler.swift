import Foundation
import Logging
import RedressPlaybook
import RedressPluginAPI

/// A step handler backed by a program declared in a plugin manifest: one process per step
/// attempt, one JSON request on its stdin, one JSON answer on its stdout (see
/// `Plugins/README.md` for the protocol).
///
/// Contract: everything the engine guarantees for Swift handlers holds (timeouts cancel it,
/// retries and idempotency keys are the engine's); the process gets a scrubbed environment and
/// its plugin folder as working directory; its stderr goes to the step's log, capped and with
/// secret parameters masked; every way a process can misbehave ends as a classified
/// `StepError`, never a hang or a process left running.
package struct ExternalHandler: StepHandler {
    /// The manifest's spec.
    package let spec: ExternalHandlerSpec
    /// What every call starts: the resolved program, its scrubbed environment, its folder and
    /// the bounds it runs under; each call adds its request as input.
    let launch: ProcessLaunch

    /// The handler's descriptor, from its manifest.
    package var descriptor: HandlerDescriptor { spec.descriptor }

    /// Creates the handler for `spec`, with the child environment built from `parentEnvironment`.
    /// Throws when the program cannot be found.
    package init(spec: ExternalHandlerSpec, parentEnvironment: [String: String]) throws {
        let searchPath = CommandResolver.searchPath(parentEnvironment)
        guard let program = spec.command.first, let executable = CommandResolver.resolve(program, folder: spec.folder, searchPath: searchPath) else {
            throw StepError(.fatal, "plugin \(spec.descriptor.name): program '\(spec.command.first ?? "")' not found")
        }
        self.spec = spec
        launch = ProcessLaunch(
            executable: executable, arguments: spec.command,
            environment: PluginEnvironment.scrubbed(parentEnvironment, passing: spec.environment, folder: spec.folder),
            workingDirectory: spec.folder, input: [])
    }

    /// Answers the manifest's `dry_run` result; a plugin whose manifest says `dry_run: call`
    /// is started with `dry_run: true` and must change nothing.
    package func dryRun(_ context: StepContext) async -> StepResult {
        switch spec.dryRun {
        case .answer(let outcome, let output):
            return .finished(outcome: outcome, output: output)
        case .call:
            // Dry runs are not under the engine's step timeout, so the plugin's own default (or
            // 30 s) bounds it here: a hanging plugin must not hang `redress run --dry-run`.
            let limit = spec.descriptor.defaultTimeout ?? .seconds(30)
            do {
                return try await withThrowingTaskGroup(of: StepResult.self) { group in
                    group.addTask { try await call(context, dryRun: true) }
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(limit.milliseconds))
                        throw StepError(.retryable, "plugin \(spec.descriptor.name) did not answer its dry run within \(limit)")
                    }
                    defer { group.cancelAll() }
                    return try await group.next() ?? .finished(outcome: "error", output: [:])
                }
            } catch {
                context.logger.warning("dry run of \(spec.descriptor.name) failed: \(error)")
                return .finished(outcome: "error", output: [:])
            }
        }
    }

    /// Starts the plugin's process and reads its answer.
    package func run(_ context: StepContext) async throws -> StepResult {
        try await call(context, dryRun: false)
    }

    private func call(_ context: StepContext, dryRun: Bool) async throws -> StepResult {
        let request = PluginRequest(
            handler: spec.descriptor.name, runID: context.runID, playbookID: context.playbookID, stepID: context.stepID, attempt: context.attempt,
            idempotencyKey: context.idempotencyKey, parameters: context.parameters.mapValues(PluginJSON.init), dryRun: dryRun,
            isRecovery: context.isRecovery)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var launch = launch
        launch.input = Array(try encoder.encode(request)) + [0x0A]
        let report = try await Self.runProcess(launch)
        let tail = logErrors(report, context)
        return try PluginResponse(descriptor: spec.descriptor, report: report, errorTail: tail).interpret().get()
    }

    /// Runs the process on a thread of its own (its poll loop blocks), stopping it when the
    /// calling task is cancelled.
    static func runProcess(_ launch: ProcessLaunch) async throws -> ProcessReport {
        let cancellation = try CancellationSignal()
        defer { cancellation.close() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ProcessReport, any Error>) in
                let thread = Thread {
                    do {
                        continuation.resume(returning: try ProcessRunner.run(launch, cancellation: cancellation))
                    } catch {
                        continuation.resume(throwing: StepError(.retryable, "\(error)"))
                    }
                }
                thread.stackSize = 256 << 10
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Sends stderr to the step's log line by line, secrets masked; returns its last line.
    private func logErrors(_ report: ProcessReport, _ context: StepContext) -> String {
        guard !report.errorOutput.isEmpty else { return "" }
        var text = String(decoding: report.errorOutput, as: UTF8.self)
        for parameter in spec.descriptor.parameters where parameter.isSecret {
            let secret = context.parameters[parameter.name]?.displayText ?? ""
            if !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: StepContext.redactionMask) }
        }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        for line in lines { context.logger.info("\(line)", metadata: ["plugin": "\(spec.descriptor.name)", "stream": "stderr"]) }
        if report.errorOutputTruncated {
            context.logger.info("stderr truncated at \(report.errorOutput.count) bytes", metadata: ["plugin": "\(spec.descriptor.name)"])
        }
        return String((lines.last ?? "").prefix(200))
    }
}

import Logging
import RedressPlaybook
import RedressPluginAPI

/// `flow.log`: writes a line to the run's log (the engine records every step in the audit
/// trail, so the line is there too).
struct LogHandler: StepHandler {
    var descriptor: HandlerDescriptor { FlowPlugin.log }

    func dryRun(_ context: StepContext) -> StepResult { .outcome("logged") }

    func run(_ context: StepContext) async throws -> StepResult {
        let level: Logger.Level
        switch context.string("level") {
        case "warning": level = .warning
        case "error": level = .error
        default: level = .info
        }
        context.logger.log(level: level, "\(context.string("message"))")
        return .finished(outcome: "logged", output: [:])
    }
}

import RedressPlaybook
import RedressPluginAPI

/// `flow.fail`: ends the run as failed; its `reason` becomes the run's resolution.
struct FailHandler: StepHandler {
    var descriptor: HandlerDescriptor { FlowPlugin.fail }

    func dryRun(_ context: StepContext) -> StepResult { result(context) }

    func run(_ context: StepContext) async throws -> StepResult { result(context) }

    private func result(_ context: StepContext) -> StepResult {
        .finished(outcome: "failed", output: ["resolution": .string(context.string("reason"))])
    }
}

import RedressPlaybook
import RedressPluginAPI

/// `flow.finish`: ends the run as completed; its `resolution` becomes the run's.
struct FinishHandler: StepHandler {
    var descriptor: HandlerDescriptor { FlowPlugin.finish }

    func dryRun(_ context: StepContext) -> StepResult { result(context) }

    func run(_ context: StepContext) async throws -> StepResult { result(context) }

    private func result(_ context: StepContext) -> StepResult {
        .finished(outcome: "finished", output: ["resolution": .string(context.string("resolution"))])
    }
}

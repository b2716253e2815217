import RedressPlaybook
import RedressPluginAPI

/// `flow.assert`: ends in `passed` when `condition` is true, `failed` otherwise.
struct AssertHandler: StepHandler {
    var descriptor: HandlerDescriptor { FlowPlugin.assert }

    func dryRun(_ context: StepContext) -> StepResult { result(context) }

    func run(_ context: StepContext) async throws -> StepResult { result(context) }

    private func result(_ context: StepContext) -> StepResult {
        context["condition"].isTrue ? .outcome("passed") : .finished(outcome: "failed", output: ["message": context["message"]])
    }
}

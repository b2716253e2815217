import RedressPlaybook
import RedressPluginAPI

/// `flow.set`: records values as the step's output, for later steps to read.
struct SetHandler: StepHandler {
    var descriptor: HandlerDescriptor { FlowPlugin.set }

    func dryRun(_ context: StepContext) -> StepResult { result(context) }

    func run(_ context: StepContext) async throws -> StepResult { result(context) }

    private func result(_ context: StepContext) -> StepResult {
        guard case .object(let fields) = context["values"] else { return .outcome("set") }
        return .finished(outcome: "set", output: fields)
    }
}

import Foundation
import RedressPlaybook
import RedressPluginAPI

/// `flow.wait`: parks the run until a time has passed. The timer lives in the run's stored
/// state, so it survives restarts and holds no memory meanwhile.
struct WaitHandler: StepHandler {
    var descriptor: HandlerDescriptor { FlowPlugin.wait }

    func dryRun(_ context: StepContext) -> StepResult {
        let wakeAt = context.clock.now().addingTimeInterval(context.duration("duration")?.seconds ?? 0)
        return .finished(outcome: "elapsed", output: ["resumed_at": .timestamp(wakeAt)])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        let wakeAt = context.clock.now().addingTimeInterval(context.duration("duration")?.seconds ?? 0)
        return .waiting(WaitRequest(signal: nil, deadline: wakeAt, deadlineOutcome: "elapsed", deadlineOutput: ["resumed_at": .timestamp(wakeAt)]))
    }
}

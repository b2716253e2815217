import Foundation
import RedressPlaybook
import RedressPluginAPI

/// `flow.await`: parks the run until the named signal arrives (`received`) or the deadline
/// passes (`expired`).
struct AwaitHandler: StepHandler {
    var descriptor: HandlerDescriptor { FlowPlugin.awaitSignal }

    func dryRun(_ context: StepContext) -> StepResult {
        .finished(
            outcome: "received",
            output: ["value": .string("(dry run)"), "sender": .string("dry-run"), "received_at": .timestamp(context.clock.now())])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        let name = context.string("signal")
        if let signal = context.signal, signal.name == name {
            return .finished(
                outcome: "received",
                output: ["value": .string(signal.value), "sender": .string(signal.sender), "received_at": .timestamp(signal.receivedAt)])
        }
        let deadline = context.clock.now().addingTimeInterval(context.duration("deadline")?.seconds ?? 0)
        return .waiting(WaitRequest(signal: name, deadline: deadline, deadlineOutcome: "expired"))
    }
}

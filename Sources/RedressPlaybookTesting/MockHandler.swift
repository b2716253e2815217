import Foundation
import RedressPlaybook
import RedressPluginAPI

/// Stands in for a real handler in a playbook test: same descriptor (so validation, routing
/// and policy are the real ones), answers from the test's script, never touches the world.
///
/// Identity proofs behave as a wallet's would, so the engine's proof checks are the real ones: a
/// verifier's verifying answer carries a fresh proof (unless the script gives one) good for
/// `proofLifetime`, and an order lookup's answer tells `owners` who owns the order.
struct MockHandler: StepHandler {
    let descriptor: HandlerDescriptor
    /// Scripts by step id or handler name (a step id wins).
    let scripts: [String: MockScript]
    let log: CallLog
    let owners: MockOwnerBook

    /// How long a mocked proof is good: the sandbox wallet's lifetime.
    static let proofLifetime: Double = 48 * 3_600

    func dryRun(_ context: StepContext) -> StepResult { .outcome(descriptor.outcomes.first?.name ?? "error") }

    func run(_ context: StepContext) async throws -> StepResult {
        log.record(.init(stepID: context.stepID, descriptor: descriptor, idempotencyKey: context.idempotencyKey, parameters: context.parameters))
        guard let script = scripts[context.stepID] ?? scripts[descriptor.name], !script.answers.isEmpty else {
            throw StepError(.fatal, "no mock for \(descriptor.name) (step '\(context.stepID)'); mocks never fall back to the real handler")
        }
        let index = log.nextIndex(for: script.key.value)
        switch script.answers[min(index, script.answers.count - 1)] {
        case .outcome(let outcome, let output):
            var fitted: [String: Value] = [:]
            for (name, value) in output {
                let type = descriptor.outputs.first { $0.name == name }?.type ?? .any
                fitted[name] = ValueCoercion.coerce(value, to: type) ?? value
            }
            answerIdentity(outcome.value, &fitted, context)
            return .finished(outcome: outcome.value, output: fitted)
        case .error(let kind, let message):
            throw StepError(StepError.Kind(rawValue: kind) ?? .fatal, message)
        case .wait(let signal, let deadline, let deadlineOutcome):
            return .waiting(
                WaitRequest(signal: signal, deadline: context.clock.now().addingTimeInterval(deadline.seconds), deadlineOutcome: deadlineOutcome.value))
        }
    }

    private func answerIdentity(_ outcome: String, _ output: inout [String: Value], _ context: StepContext) {
        switch descriptor.identityProof {
        case .issues(let proof, let expiresAt, _, _) where descriptor.policy.verifiesIdentityOn.contains(outcome):
            if output[proof] == nil { output[proof] = .string("mock-proof-\(UInt64.random(in: 0...UInt64.max))") }
            if output[expiresAt] == nil { output[expiresAt] = .timestamp(context.clock.now().addingTimeInterval(Self.proofLifetime)) }
        case .reportsOwner(let order, let user):
            if case .string(let owner)? = output[user], case .string(let id) = context[order] { owners.record(order: id, owner: owner) }
        default:
            break
        }
    }
}

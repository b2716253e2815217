import Foundation
import RedressPlaybook
import RedressPluginAPI

/// Reads a finished plugin process's answer into a step result, or a classified step error
/// saying exactly what was wrong.
///
/// Contract: failures where the plugin may have acted (a crash, a non-zero exit, no or garbled
/// answer) are `ambiguous` for a handler with side effects that does not honour idempotency
/// keys, so the engine parks the run for a person instead of repeating an effect; otherwise a
/// crash or exit is `retryable` and a broken answer `fatal`.
struct PluginResponse {
    let descriptor: HandlerDescriptor
    let report: ProcessReport
    /// The last lines of stderr, redacted, for messages.
    let errorTail: String

    func interpret() -> Result<StepResult, StepError> {
        let name = descriptor.name
        if report.outputExceededLimit {
            return fault(.fatal, "wrote more than the \(report.output.count)-byte limit to stdout (it was killed)")
        }
        switch report.termination {
        case .signalled(let signal) where report.wasCancelled:
            return .failure(StepError(.retryable, "plugin \(name) was stopped by signal \(signal) when its step was cancelled"))
        case .signalled(let signal):
            return fault(.retryable, "crashed (killed by signal \(signal))")
        case .exited(let status) where status != 0:
            if case .success(let answer) = decode(), case .error(let error) = answer { return .failure(error) }
            return fault(.retryable, "exited with status \(status)")
        case .exited:
            break
        }
        switch decode() {
        case .failure(let violation): return fault(.fatal, violation.problem)
        case .success(.error(let error)): return .failure(error)
        case .success(.finished(let outcome, let output)): return .success(.finished(outcome: outcome, output: output))
        }
    }

    private enum Answer {
        case finished(String, [String: Value])
        case error(StepError)
    }

    private func decode() -> Result<Answer, ProtocolViolation> {
        if report.output.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .violation("wrote no answer on stdout (one JSON object was expected)")
        }
        guard String(validating: report.output, as: UTF8.self) != nil else { return .violation("wrote stdout that is not valid UTF-8") }
        let json: PluginJSON
        do {
            json = try JSONDecoder().decode(PluginJSON.self, from: Data(report.output))
        } catch {
            let preview = String(decoding: report.output.prefix(60), as: UTF8.self).replacingOccurrences(of: "\n", with: "⏎")
            return .violation("wrote an answer that is not one JSON object (too deep, truncated or garbled): '\(preview)'")
        }
        guard case .object(let fields) = json else { return .violation("answered with JSON that is not an object") }
        if let unknown = fields.keys.sorted().first(where: { !["outcome", "output", "error"].contains($0) }) {
            return .violation("answered with an unknown key '\(unknown)' (allowed: outcome, output, error)")
        }
        if let error = fields["error"] {
            guard fields["outcome"] == nil else { return .violation("answered with both 'outcome' and 'error'") }
            return decodeError(error)
        }
        guard case .string(let outcome)? = fields["outcome"] else { return .violation("answered without an 'outcome' string") }
        guard descriptor.outcomes.contains(where: { $0.name == outcome }) else {
            return .violation("answered outcome '\(outcome)', which its manifest does not declare (\(descriptor.outcomes.map(\.name).joined(separator: ", ")))")
        }
        var output: [String: Value] = [:]
        switch fields["output"] {
        case nil, .null?: break
        case .object(let values)?:
            for (key, raw) in values.sorted(by: { $0.key < $1.key }) {
                guard let field = descriptor.outputs.first(where: { $0.name == key }) else {
                    return .violation("answered output '\(key)', which its manifest does not declare")
                }
                guard let value = Self.fit(raw.value, to: field.type) else {
                    return .violation("answered output '\(key)' that is not \(ParameterSpec.article(field.type))")
                }
                output[key] = value
            }
        default: return .violation("answered 'output' that is not an object")
        }
        return .success(.finished(outcome, output))
    }

    private func decodeError(_ json: PluginJSON) -> Result<Answer, ProtocolViolation> {
        guard case .object(let fields) = json, case .string(let kindName)? = fields["class"] else {
            return .violation("answered an 'error' without a 'class' (retryable, fatal, ambiguous or timeout)")
        }
        guard let kind = StepError.Kind(rawValue: kindName) else {
            return .violation("answered an error class '\(kindName)'; use retryable, fatal, ambiguous or timeout")
        }
        var message = "plugin \(descriptor.name) reported an error"
        if case .string(let text)? = fields["message"] { message = text }
        return .success(.error(StepError(kind, message)))
    }

    /// `value` as a declared output type: the parameter rules, plus ISO 8601 text as timestamps.
    static func fit(_ value: Value, to type: ValueType) -> Value? {
        if case .timestamp = type, case .string(let text) = value {
            return (try? Date(text, strategy: .iso8601)).map(Value.timestamp)
        }
        return ValueCoercion.coerce(value, to: type)
    }

    private func fault(_ kind: StepError.Kind, _ problem: String) -> Result<StepResult, StepError> {
        let policy = descriptor.policy
        let mayHaveActed = policy.hasSideEffects && !policy.isIdempotent
        let finalKind: StepError.Kind = mayHaveActed ? .ambiguous : kind
        var message = "plugin \(descriptor.name) \(problem)"
        if !errorTail.isEmpty { message += "; stderr: \(errorTail)" }
        if mayHaveActed { message += " (it has side effects and no idempotency key support, so it may have acted)" }
        return .failure(StepError(finalKind, message))
    }
}

/// What is wrong with a plugin's answer.
struct ProtocolViolation: Error {
    let problem: String
}

extension Result where Failure == ProtocolViolation {
    static func violation(_ problem: String) -> Self { .failure(ProtocolViolation(problem: problem)) }
}

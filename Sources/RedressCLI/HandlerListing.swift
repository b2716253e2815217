import Foundation
import RedressPlaybook

/// A handler descriptor as `redress handlers` shows it (JSON) or prints it (text).
struct HandlerListing: Encodable {
    struct Parameter: Encodable {
        let name: String
        let type: String
        let required: Bool
        let defaultValue: String?
        let minimum: String?
        let maximum: String?
        let pattern: String?
        let secret: Bool
        let summary: String

        enum CodingKeys: String, CodingKey {
            case name, type, required, minimum, maximum, pattern, secret, summary
            case defaultValue = "default"
        }
    }

    struct Field: Encodable {
        let name: String
        let type: String
        let summary: String
    }

    struct Outcome: Encodable {
        let name: String
        let success: Bool
        let summary: String
    }

    let name: String
    let summary: String
    let parameters: [Parameter]
    let outputs: [Field]
    let outcomes: [Outcome]
    let policy: [String]
    let defaultTimeout: String?
    /// The parameters that name what a call acts on (its idempotency key), if it has any.
    let businessKey: [String]?
    /// The manifest of an external handler; `nil` for a built-in one.
    let manifest: String?

    enum CodingKeys: String, CodingKey {
        case name, summary, parameters, outputs, outcomes, policy, manifest
        case defaultTimeout = "default_timeout"
        case businessKey = "business_key"
    }

    init(_ descriptor: HandlerDescriptor, origin: String? = nil) {
        manifest = origin
        name = descriptor.name
        summary = descriptor.summary
        parameters = descriptor.parameters.map {
            Parameter(
                name: $0.name, type: $0.type.description, required: $0.isRequired, defaultValue: $0.defaultValue?.displayText,
                minimum: $0.minimum.map { "\($0)" }, maximum: $0.maximum.map { "\($0)" }, pattern: $0.pattern, secret: $0.isSecret,
                summary: $0.summary)
        }
        outputs = descriptor.outputs.map { Field(name: $0.name, type: $0.type.description, summary: $0.summary) }
        outcomes = descriptor.allOutcomes.map { Outcome(name: $0.name, success: $0.isSuccess, summary: $0.summary) }
        policy = descriptor.policy.flagNames
        defaultTimeout = descriptor.defaultTimeout?.description
        businessKey = descriptor.businessKey?.parameters
    }

    static func text(_ descriptor: HandlerDescriptor, origin: String? = nil) -> String {
        var lines = ["\(descriptor.name): \(descriptor.summary)"]
        if let origin { lines.append("  external: \(origin)") }
        if !descriptor.policy.flagNames.isEmpty { lines.append("  policy: " + descriptor.policy.flagNames.joined(separator: ", ")) }
        if let timeout = descriptor.defaultTimeout { lines.append("  default timeout: \(timeout)") }
        if let key = descriptor.businessKey {
            lines.append("  business key: " + key.parameters.joined(separator: ", ") + (key.perStep ? " (and the step: one key per message)" : ""))
        }
        if !descriptor.parameters.isEmpty {
            lines.append("  parameters:")
            for parameter in descriptor.parameters {
                var facts = [parameter.type.description, parameter.isRequired ? "required" : "optional"]
                if let value = parameter.defaultValue { facts.append("default \(value.displayText)") }
                if let minimum = parameter.minimum { facts.append("min \(minimum)") }
                if let maximum = parameter.maximum { facts.append("max \(maximum)") }
                if let pattern = parameter.pattern { facts.append("pattern \(pattern)") }
                lines.append("    \(parameter.name) (\(facts.joined(separator: ", ")))" + (parameter.summary.isEmpty ? "" : ": \(parameter.summary)"))
            }
        }
        if !descriptor.outputs.isEmpty {
            lines.append("  outputs:")
            for field in descriptor.outputs { lines += Self.fieldLines(field, indent: "    ") }
        }
        let declared = descriptor.outcomes.map { $0.isSuccess ? $0.name : "\($0.name)!" }.joined(separator: " | ")
        lines.append("  outcomes: \(declared) (+ error!, timeout!; '!' fails the run unless routed)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A field, and the fields of an object (or of a list's objects) under it, so a playbook
    /// author sees `account.frozen` as well as `account`.
    static func fieldLines(_ field: FieldSpec, indent: String) -> [String] {
        var type = field.type
        var shown = field.type.description
        if case .list(let element) = field.type, case .object = element {
            type = element
            shown = "list of objects"
        }
        var lines = ["\(indent)\(field.name) (\(shown))" + (field.summary.isEmpty ? "" : ": \(field.summary)")]
        if case .object(let fields) = type { for inner in fields { lines += fieldLines(inner, indent: indent + "  ") } }
        return lines
    }
}

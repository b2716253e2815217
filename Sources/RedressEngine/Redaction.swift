import RedressPlaybook
import RedressPluginAPI

/// Keeps secrets out of the journal, the audit trail and logs.
package enum Redaction {
    /// What a secret is replaced with.
    package static let mask = StepContext.redactionMask

    /// `parameters` with every value whose spec says `isSecret` masked.
    package static func parameters(_ parameters: [String: Value], _ descriptor: HandlerDescriptor) -> [String: Value] {
        var redacted = parameters
        for spec in descriptor.parameters where spec.isSecret && redacted[spec.name] != nil {
            redacted[spec.name] = .string(mask)
        }
        return redacted
    }
}

/// The stable codes of the playbook validator's diagnostics (YAML-level codes come from
/// `YAMLErrorCode`). Raw values are printed in brackets and matched by tools; never rename one.
package enum PlaybookDiagnosticCode: String, Sendable, Hashable, CaseIterable {
    // Schema
    case unknownKey = "unknown-key"
    case wrongType = "wrong-type"
    case missingKey = "missing-key"
    case badDuration = "bad-duration"
    case badIdentifier = "bad-identifier"
    case badValue = "bad-value"
    case badPattern = "bad-pattern"
    // References
    case unknownHandler = "unknown-handler"
    case unknownStep = "unknown-step"
    case unknownOutcome = "unknown-outcome"
    case duplicateStepID = "duplicate-step-id"
    case routeIntoFinally = "route-into-finally"
    // Handler parameters
    case missingParameter = "missing-parameter"
    case unknownParameter = "unknown-parameter"
    case parameterType = "parameter-type"
    case parameterValue = "parameter-value"
    // Expressions
    case expressionSyntax = "expression-syntax"
    case unknownVariable = "unknown-variable"
    case unknownInput = "unknown-input"
    case stepMayNotHaveRun = "step-may-not-have-run"
    case unknownOutput = "unknown-output"
    case typeMismatch = "type-mismatch"
    case unknownFunction = "unknown-function"
    case wrongArguments = "wrong-arguments"
    // Graph
    case unreachableStep = "unreachable-step"
    case endlessLoop = "endless-loop"
    // Payment policy
    case unverifiedMoneyMovement = "unverified-money-movement"
    case unboundIdentityProof = "unbound-identity-proof"
    case missingTimeout = "missing-timeout"
    case unmetRequirement = "unmet-requirement"
    // Warnings
    case unusedInput = "unused-input"
    case constantCondition = "constant-condition"
    case stepAfterEnd = "step-after-end"
    // Between playbooks
    case anomalyOverlap = "anomaly-overlap"
    case anomalyGap = "anomaly-gap"
    // Messages
    case missingLocale = "missing-locale"
    case unknownPlaceholder = "unknown-placeholder"
    case unknownMessage = "unknown-message"
    case unusedMessage = "unused-message"
    // Triage
    case unknownAnomaly = "unknown-anomaly"
    case unknownCause = "unknown-cause"
    case unreachableRule = "unreachable-rule"
    case duplicatePlaybookID = "duplicate-playbook-id"
    // Plugin manifests
    case badCommand = "bad-command"
    case duplicateHandler = "duplicate-handler"
    case untrustedVerifier = "untrusted-verifier"
}

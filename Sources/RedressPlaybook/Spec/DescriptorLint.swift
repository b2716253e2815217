/// Checks a handler descriptor for mistakes a plugin author can make: duplicate names, defaults
/// that fail their own parameter's check, patterns that do not compile, policies that cannot
/// hold. Plugin test suites run it over their lists; `HandlerCatalog` stays fast at start-up.
public enum DescriptorLint {
    /// Every problem found in `descriptor`, as sentences; empty when it is sound.
    public static func problems(in descriptor: HandlerDescriptor) -> [String] {
        var problems: [String] = []
        let name = descriptor.name
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count != 2 || !parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLowercase || $0 == "_" || $0.isNumber } }) {
            problems.append("\(name): a handler name is 'namespace.name' in lower case")
        }
        if descriptor.summary.isEmpty { problems.append("\(name): no summary") }
        problems += duplicates(descriptor.parameters.map(\.name), "parameter", name)
        problems += duplicates(descriptor.outputs.map(\.name), "output", name)
        problems += duplicates(descriptor.allOutcomes.map(\.name), "outcome", name)
        if descriptor.outcomes.isEmpty { problems.append("\(name): declares no outcome") }
        for parameter in descriptor.parameters {
            if let value = parameter.defaultValue, let problem = parameter.check(value) {
                problems.append("\(name): the default of '\(parameter.name)' fails its own check: \(problem)")
            }
            if let pattern = parameter.pattern, !PatternMatcher.isValid(pattern) {
                problems.append("\(name): '\(parameter.name)' has an invalid pattern \(pattern)")
            }
        }
        for outcome in descriptor.policy.verifiesIdentityOn where descriptor.outcome(outcome)?.isSuccess != true {
            problems.append("\(name): verifies identity on '\(outcome)', which is not one of its success outcomes")
        }
        for outcome in descriptor.policy.escalatesOn where descriptor.outcome(outcome)?.isSuccess != true {
            problems.append("\(name): escalates on '\(outcome)', which is not one of its success outcomes")
        }
        if (descriptor.policy.movesMoney || descriptor.policy.releasesFunds) && !descriptor.policy.isIdempotent {
            problems.append("\(name): moves money but does not honour idempotency keys")
        }
        let policy = descriptor.policy
        if policy.movesMoney || policy.releasesFunds || (policy.contactsUser && policy.hasSideEffects), descriptor.businessKey == nil {
            let what = policy.contactsUser && !policy.movesMoney && !policy.releasesFunds ? "contacts the user" : "moves money"
            problems.append("\(name): \(what) but names no business key (the parameters that say what it acts on, e.g. the order)")
        }
        for key in descriptor.businessKey?.parameters ?? [] {
            guard let parameter = descriptor.parameter(key) else {
                problems.append("\(name): business key names '\(key)', which is not one of its parameters")
                continue
            }
            if !parameter.isRequired, parameter.defaultValue == nil {
                problems.append("\(name): business key parameter '\(key)' must be required or have a default")
            }
        }
        return problems
    }

    private static func duplicates(_ names: [String], _ what: String, _ handler: String) -> [String] {
        var seen: Set<String> = []
        return names.compactMap { seen.insert($0).inserted ? nil : "\(handler): \(what) '\($0)' is declared twice" }
    }
}

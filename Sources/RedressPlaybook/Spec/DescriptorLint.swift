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
            problems.append("\(name): moves money but does not honour idempotency keys (declare it idempotent: isIdempotent in Swift, policy: [idempotent] in a manifest, once it is)")
        }
        let policy = descriptor.policy
        if policy.movesMoney || policy.releasesFunds || (policy.contactsUser && policy.hasSideEffects), descriptor.businessKey == nil {
            let what = policy.contactsUser && !policy.movesMoney && !policy.releasesFunds ? "contacts the user" : "moves money"
            problems.append("\(name): \(what) but names no business key (the parameters that say what it acts on, e.g. the order)")
        }
        problems += proofProblems(descriptor)
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

    /// A verifier must issue a secret proof for a user and an order; a money handler must take
    /// one as a secret parameter, with the order it acts on.
    private static func proofProblems(_ descriptor: HandlerDescriptor) -> [String] {
        let name = descriptor.name
        var problems: [String] = []
        let policy = descriptor.policy
        func parameter(_ key: String, secret: Bool) {
            guard let spec = descriptor.parameter(key) else { return problems.append("\(name): identity proof names '\(key)', which is not one of its parameters") }
            if secret, !spec.isSecret { problems.append("\(name): the proof parameter '\(key)' must be secret") }
        }
        switch descriptor.identityProof {
        case .issues(let proof, let expiresAt, let user, let order):
            if let field = descriptor.outputs.first(where: { $0.name == proof }) {
                if !field.isSecret { problems.append("\(name): the proof output '\(proof)' must be secret") }
            } else {
                problems.append("\(name): issues a proof in '\(proof)', which is not one of its outputs")
            }
            if descriptor.outputs.first(where: { $0.name == expiresAt })?.type != .timestamp {
                problems.append("\(name): the proof's expiry '\(expiresAt)' must be a timestamp output")
            }
            parameter(user, secret: false)
            parameter(order, secret: false)
        case .requires(let proof, let order):
            parameter(proof, secret: true)
            parameter(order, secret: false)
        case .reportsOwner(let order, let user):
            parameter(order, secret: false)
            if !descriptor.outputs.contains(where: { $0.name == user }) { problems.append("\(name): reports the owner in '\(user)', which is not one of its outputs") }
        case nil: break
        }
        if !policy.verifiesIdentityOn.isEmpty, !isIssuer(descriptor.identityProof) {
            problems.append("\(name): verifies identity but issues no proof (identity proof: issues)")
        }
        if policy.movesMoney || policy.releasesFunds, !isRequirer(descriptor.identityProof) {
            problems.append("\(name): moves money but takes no identity proof (identity proof: requires)")
        }
        return problems
    }

    private static func isIssuer(_ proof: IdentityProof?) -> Bool {
        if case .issues = proof { return true }
        return false
    }

    private static func isRequirer(_ proof: IdentityProof?) -> Bool {
        if case .requires = proof { return true }
        return false
    }

    private static func duplicates(_ names: [String], _ what: String, _ handler: String) -> [String] {
        var seen: Set<String> = []
        return names.compactMap { seen.insert($0).inserted ? nil : "\(handler): \(what) '\($0)' is declared twice" }
    }
}

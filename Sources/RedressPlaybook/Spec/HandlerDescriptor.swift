/// Everything the validator, the engine and `redress handlers` need to know about a handler
/// without running it: its name, parameters, outputs, outcomes and policy.
public struct HandlerDescriptor: Sendable, Hashable {
    /// `namespace.name`, as playbooks write it under `uses:`.
    public var name: String
    /// One line saying what it does.
    public var summary: String
    /// What it takes under `with:`.
    public var parameters: [ParameterSpec]
    /// What it returns, as `steps.<id>.output.<field>`.
    public var outputs: [FieldSpec]
    /// How it can end (besides the implicit `error` and `timeout`).
    public var outcomes: [OutcomeSpec]
    /// What it does to the world.
    public var policy: HandlerPolicy
    /// Used when neither the step nor the playbook's defaults set a timeout.
    public var defaultTimeout: PlaybookDuration?
    /// What its calls act on, for idempotency keys that hold across runs; `nil` keys calls by
    /// run (each run's call is its own).
    public var businessKey: BusinessKey?
    /// Its part in binding money to the order's owner, if it has one.
    public var identityProof: IdentityProof?
    /// Where it takes a message template and its values, if it writes to users.
    public var messageBinding: MessageBinding?

    /// Creates a descriptor.
    public init(
        name: String, summary: String, parameters: [ParameterSpec] = [], outputs: [FieldSpec] = [],
        outcomes: [OutcomeSpec], policy: HandlerPolicy = .pure, defaultTimeout: PlaybookDuration? = nil, businessKey: BusinessKey? = nil,
        identityProof: IdentityProof? = nil, messageBinding: MessageBinding? = nil
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.outputs = outputs
        self.outcomes = outcomes
        self.policy = policy
        self.defaultTimeout = defaultTimeout
        self.businessKey = businessKey
        self.identityProof = identityProof
        self.messageBinding = messageBinding
    }

    /// Declared outcomes plus `error` and `timeout`.
    public var allOutcomes: [OutcomeSpec] { outcomes + OutcomeSpec.implicit }

    /// The outcome named `name`, declared or implicit (searched in place: this is on the
    /// engine's per-step path).
    public func outcome(_ name: String) -> OutcomeSpec? {
        outcomes.first { $0.name == name } ?? OutcomeSpec.implicit.first { $0.name == name }
    }

    /// The parameter named `name`.
    public func parameter(_ name: String) -> ParameterSpec? { parameters.first { $0.name == name } }

    /// The output type as an object, for expressions.
    public var outputType: ValueType { .object(outputs) }
}

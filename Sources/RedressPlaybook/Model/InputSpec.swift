/// One input a playbook takes (`inputs.order_id`).
public struct InputSpec: Sendable, Hashable {
    /// The name, as expressions write it after `inputs.`.
    public var name: Located<String>
    /// Its type (`string`, `integer`, `decimal`, `boolean`, `duration`, or an enum).
    public var type: ValueType
    /// Whether a run must be given it.
    public var isRequired: Bool
    /// Used when a run does not give it.
    public var defaultValue: Value?
    /// A regular expression a string input must match.
    public var pattern: String?
    /// What it means.
    public var summary: String

    /// Creates an input.
    public init(name: Located<String>, type: ValueType, isRequired: Bool, defaultValue: Value?, pattern: String?, summary: String) {
        self.name = name
        self.type = type
        self.isRequired = isRequired
        self.defaultValue = defaultValue
        self.pattern = pattern
        self.summary = summary
    }

    /// The spec the engine checks a given value against (the same rules as handler parameters).
    public var parameterSpec: ParameterSpec {
        ParameterSpec(name.value, type, required: isRequired, default: defaultValue, pattern: pattern, summary)
    }
}

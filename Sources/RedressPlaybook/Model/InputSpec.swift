/// One input a playbook takes (`inputs.order_id`).
package struct InputSpec: Sendable, Hashable {
    /// The name, as expressions write it after `inputs.`.
    package var name: Located<String>
    /// Its type (`string`, `integer`, `decimal`, `boolean`, `duration`, or an enum).
    package var type: ValueType
    /// Whether a run must be given it.
    package var isRequired: Bool
    /// Used when a run does not give it.
    package var defaultValue: Value?
    /// A regular expression a string input must match.
    package var pattern: String?
    /// What it means.
    package var summary: String

    /// Creates an input.
    package init(name: Located<String>, type: ValueType, isRequired: Bool, defaultValue: Value?, pattern: String?, summary: String) {
        self.name = name
        self.type = type
        self.isRequired = isRequired
        self.defaultValue = defaultValue
        self.pattern = pattern
        self.summary = summary
    }

    /// The spec the engine checks a given value against (the same rules as handler parameters).
    package var parameterSpec: ParameterSpec {
        ParameterSpec(name.value, type, required: isRequired, default: defaultValue, pattern: pattern, summary)
    }
}

import Foundation

/// One parameter a handler takes: its type and the constraints a value must meet.
///
/// Contract: `check(_:)` is the single definition of "a valid value" for this parameter. The
/// validator calls it on literal values in playbooks and the engine calls it on rendered values
/// at run time, so the two can never disagree.
public struct ParameterSpec: Sendable, Hashable {
    /// The name under `with:`.
    public var name: String
    /// The type.
    public var type: ValueType
    /// Whether a playbook must give it (a parameter with a `defaultValue` never is).
    public var isRequired: Bool
    /// Used when the playbook leaves it out.
    public var defaultValue: Value?
    /// Smallest allowed number (integers, decimals) or length (strings).
    public var minimum: Decimal?
    /// Largest allowed number (integers, decimals) or length (strings).
    public var maximum: Decimal?
    /// A regular expression a string must match as a whole.
    public var pattern: String?
    /// Whether the value is a secret (a code, a seed): it is redacted from logs and the journal.
    public var isSecret: Bool
    /// What it means.
    public var summary: String

    /// Creates a parameter.
    public init(
        _ name: String, _ type: ValueType, required: Bool = false, default defaultValue: Value? = nil,
        minimum: Decimal? = nil, maximum: Decimal? = nil, pattern: String? = nil, secret: Bool = false,
        _ summary: String = ""
    ) {
        self.name = name
        self.type = type
        self.isRequired = required && defaultValue == nil
        self.defaultValue = defaultValue
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.isSecret = secret
        self.summary = summary
    }

    /// Why `value` is not acceptable for this parameter, or `nil` when it is.
    public func check(_ value: Value) -> String? {
        if value == .null { return isRequired ? "'\(name)' is required" : nil }
        guard let coerced = ValueCoercion.coerce(value, to: type) else {
            return "'\(name)' must be \(Self.article(type)), not \(Self.article(value.type))"
        }
        switch (type, coerced) {
        case (.enumeration(let allowed), .string(let text)) where !allowed.contains(text):
            return "'\(text)' is not one of \(allowed.map { "'\($0)'" }.joined(separator: ", ")) for '\(name)'"
        case (_, .integer(let number)):
            return checkRange(Decimal(number), what: "\(number)")
        case (_, .decimal(let number)):
            return checkRange(number, what: number.description)
        case (_, .string(let text)):
            if let problem = checkRange(Decimal(text.count), what: "\(text.count) characters long") { return problem }
            if let pattern, !PatternMatcher.matches(text, pattern: pattern) {
                return "'\(name)' must match \(pattern)"
            }
            return nil
        default:
            return nil
        }
    }

    private func checkRange(_ number: Decimal, what: String) -> String? {
        if let minimum, number < minimum { return "'\(name)' is \(what); the minimum is \(minimum)" }
        if let maximum, number > maximum { return "'\(name)' is \(what); the maximum is \(maximum)" }
        return nil
    }

    /// `type`'s name with its article (`an integer`, `a decimal`), as messages write it.
    public static func article(_ type: ValueType) -> String {
        let name = type.description
        return (name.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + name
    }
}

/// The types of the spec language: parameters, outputs, inputs and expressions share them.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    /// Text.
    case string
    /// A whole number.
    case integer
    /// An exact decimal (money): written `12.50` or `"12.50"`, never a float.
    case decimal
    /// `true`/`false`.
    case boolean
    /// `30s`, `15m`, ...
    case duration
    /// A point in time.
    case timestamp
    /// One of fixed strings.
    case enumeration([String])
    /// A list of one element type.
    case list(ValueType)
    /// An object with known fields (an empty list of fields means "any object").
    case object([FieldSpec])
    /// The type of `null`.
    case null
    /// Unknown or anything (no check possible).
    case any

    /// The name used in the language and in messages.
    public var description: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .decimal: return "decimal"
        case .boolean: return "boolean"
        case .duration: return "duration"
        case .timestamp: return "timestamp"
        case .enumeration(let values): return "enum(" + values.joined(separator: "|") + ")"
        case .list(let element): return "list of \(element)"
        case .object: return "object"
        case .null: return "null"
        case .any: return "any"
        }
    }

    /// Whether a value of type `other` may be used where `self` is expected.
    ///
    /// Integers widen to decimals; an enum is a string; `any` fits both ways; `null` fits
    /// anywhere (required-ness is checked separately).
    public func accepts(_ other: ValueType) -> Bool {
        switch (self, other) {
        case (.any, _), (_, .any), (_, .null): return true
        case (.decimal, .integer): return true
        case (.string, .enumeration): return true
        case (.enumeration(let allowed), .enumeration(let given)): return Set(given).isSubset(of: Set(allowed))
        case (.enumeration, .string): return true  // a string's value is checked against the enum separately
        case (.list(let a), .list(let b)): return a.accepts(b)
        case (.object, .object): return true
        default: return self == other
        }
    }

    /// Whether values of this type are numbers (ordered by `<`).
    public var isNumeric: Bool { self == .integer || self == .decimal }

    /// The field `name` of an object type, if declared.
    public func field(_ name: String) -> FieldSpec? {
        if case .object(let fields) = self { return fields.first { $0.name == name } }
        return nil
    }
}

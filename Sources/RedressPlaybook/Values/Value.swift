import Foundation

/// A runtime value: what inputs, step outputs and expressions produce.
///
/// Contract: money is `.decimal` (exact) or `.integer` minor units, never a binary float. A
/// `.string` is data: nothing ever parses it again as an expression or template.
public enum Value: Sendable, Hashable {
    /// No value.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case integer(Int)
    /// An exact decimal number (amounts of money).
    case decimal(Decimal)
    /// Text.
    case string(String)
    /// A span of time.
    case duration(PlaybookDuration)
    /// A point in time.
    case timestamp(Date)
    /// An ordered list.
    case list([Value])
    /// Named fields.
    case object([String: Value])

    /// The value's type, as the type checker names it.
    public var type: ValueType {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .integer: return .integer
        case .decimal: return .decimal
        case .string: return .string
        case .duration: return .duration
        case .timestamp: return .timestamp
        case .list: return .list(.any)
        case .object: return .object([])
        }
    }

    /// The field `name` of an object, or `nil`.
    public subscript(field name: String) -> Value? {
        if case .object(let fields) = self { return fields[name] }
        return nil
    }

    /// Whether the value counts as true in a condition (only `.bool(true)` does).
    public var isTrue: Bool { self == .bool(true) }

    /// The value as a person reads it in a message: text as is, numbers in plain notation.
    public var displayText: String {
        switch self {
        case .null: return ""
        case .bool(let value): return String(value)
        case .integer(let value): return String(value)
        case .decimal(let value): return value.description
        case .string(let value): return value
        case .duration(let value): return value.description
        case .timestamp(let value): return value.formatted(.iso8601)
        case .list(let values): return "[" + values.map(\.displayText).joined(separator: ", ") + "]"
        case .object(let fields): return "{" + fields.keys.sorted().map { "\($0): \(fields[$0]?.displayText ?? "")" }.joined(separator: ", ") + "}"
        }
    }
}

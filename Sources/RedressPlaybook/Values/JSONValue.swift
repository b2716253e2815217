import Foundation

/// A playbook value as plain JSON for `--format json`: decimals as exact strings (`"128.00"`),
/// durations in playbook notation (`"15m"`), timestamps in ISO 8601, everything else as itself.
package struct JSONValue: Encodable, Sendable {
    /// The value.
    package let value: Value

    /// Wraps `value`.
    package init(_ value: Value) {
        self.value = value
    }

    package func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch value {
        case .null: try single.encodeNil()
        case .bool(let flag): try single.encode(flag)
        case .integer(let number): try single.encode(number)
        case .decimal(let number): try single.encode(number.description)
        case .string(let text): try single.encode(text)
        case .duration(let duration): try single.encode(duration.description)
        case .timestamp(let date): try single.encode(date.formatted(.iso8601))
        case .list(let items): try single.encode(items.map { JSONValue($0) })
        case .object(let fields): try single.encode(fields.mapValues { JSONValue($0) })
        }
    }
}

import Foundation
import RedressPlaybook

/// A JSON value as plugins write it, decoded with Foundation's parser (which refuses invalid
/// UTF-8 and nesting deeper than it supports) with numbers kept exact.
enum PluginJSON: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int)
    case decimal(Decimal)
    case string(String)
    case list([PluginJSON])
    case object([String: PluginJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .decimal(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([PluginJSON].self) {
            self = .list(value)
        } else {
            self = .object(try container.decode([String: PluginJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .decimal(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .list(let values): try container.encode(values)
        case .object(let fields): try container.encode(fields)
        }
    }

    /// How a parameter is sent: decimals as exact text (`"12.50"`, so no language reads money
    /// as a float), durations in their playbook notation, timestamps in ISO 8601.
    init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .integer(number)
        case .decimal(let number): self = .string(number.description)
        case .string(let text): self = .string(text)
        case .duration(let duration): self = .string(duration.description)
        case .timestamp(let date): self = .string(date.formatted(.iso8601))
        case .list(let items): self = .list(items.map(PluginJSON.init))
        case .object(let fields): self = .object(fields.mapValues(PluginJSON.init))
        }
    }

    /// The value a plugin's answer means, before it is fitted to the declared type.
    var value: Value {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .integer(number)
        case .decimal(let number): return .decimal(number)
        case .string(let text): return .string(text)
        case .list(let items): return .list(items.map(\.value))
        case .object(let fields): return .object(fields.mapValues(\.value))
        }
    }
}

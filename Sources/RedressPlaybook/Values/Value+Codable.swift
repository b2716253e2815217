import Foundation

/// Values are stored (run state, journal) as one-key JSON objects naming their type, so a
/// decimal stays a decimal and `"12.50"` the text stays text after a round trip.
extension Value: Codable {
    private enum Tag: String, CodingKey {
        case null = "n", bool = "b", integer = "i", decimal = "d", string = "s", duration = "ms", timestamp = "t", list = "l", object = "o"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Tag.self)
        switch self {
        case .null: try container.encodeNil(forKey: .null)
        case .bool(let value): try container.encode(value, forKey: .bool)
        case .integer(let value): try container.encode(value, forKey: .integer)
        case .decimal(let value): try container.encode(value.description, forKey: .decimal)
        case .string(let value): try container.encode(value, forKey: .string)
        case .duration(let value): try container.encode(value.milliseconds, forKey: .duration)
        case .timestamp(let value): try container.encode(value.timeIntervalSince1970, forKey: .timestamp)
        case .list(let values): try container.encode(values, forKey: .list)
        case .object(let fields): try container.encode(fields, forKey: .object)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Tag.self)
        guard let tag = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a value needs a type tag"))
        }
        switch tag {
        case .null: self = .null
        case .bool: self = .bool(try container.decode(Bool.self, forKey: tag))
        case .integer: self = .integer(try container.decode(Int.self, forKey: tag))
        case .decimal:
            let text = try container.decode(String.self, forKey: tag)
            guard let value = ValueCoercion.decimal(text) else {
                throw DecodingError.dataCorruptedError(forKey: tag, in: container, debugDescription: "bad decimal \(text)")
            }
            self = .decimal(value)
        case .string: self = .string(try container.decode(String.self, forKey: tag))
        case .duration: self = .duration(PlaybookDuration(milliseconds: try container.decode(Int64.self, forKey: tag)))
        case .timestamp: self = .timestamp(Date(timeIntervalSince1970: try container.decode(Double.self, forKey: tag)))
        case .list: self = .list(try container.decode([Value].self, forKey: tag))
        case .object: self = .object(try container.decode([String: Value].self, forKey: tag))
        }
    }
}

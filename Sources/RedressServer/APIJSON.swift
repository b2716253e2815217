import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// How the API writes and reads JSON: snake_case keys written by the documents' own coding
/// keys, ISO 8601 dates, sorted keys (stable answers), and bodies decoded only when every field
/// is known.
package enum APIJSON {
    /// The encoder of every answer.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// A JSON answer with `status`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request's body, at most `limit` bytes (413 beyond).
    static func body(_ request: Request, limit: Int) async throws -> Data {
        var request = request
        do {
            return Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch {
            throw APIProblem(.tooLarge, "the request body is over \(limit) bytes")
        }
    }

    /// A field of a request body, as far as the API reads it.
    enum Field: Decodable {
        case string(String)
        case bool(Bool)
        case null
        case other

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let flag = try? single.decode(Bool.self) {
                self = .bool(flag)
            } else if let text = try? single.decode(String.self) {
                self = .string(text)
            } else {
                self = .other
            }
        }
    }

    /// `data` as a JSON object whose keys are all in `allowed`: an unknown field, a body that
    /// is not an object, or broken JSON is a 400 naming the field.
    static func object(_ data: Data, allowed: Set<String>) throws -> [String: Field] {
        guard let object = try? JSONDecoder().decode([String: Field].self, from: data) else {
            throw APIProblem(.badRequest, "the body is not a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIProblem(.badRequest, "unknown field '\(unknown)' (known: \(allowed.sorted().joined(separator: ", ")))", field: unknown)
        }
        return object
    }

    /// A string field: required ones must be present; every one is 1 to `maxLength` characters.
    static func string(_ object: [String: Field], _ field: String, required: Bool, maxLength: Int = 256) throws -> String? {
        switch object[field] {
        case nil, .null?:
            if required { throw APIProblem(.badRequest, "'\(field)' is required", field: field) }
            return nil
        case .string(let text)? where !text.isEmpty && text.count <= maxLength:
            return text
        default:
            throw APIProblem(.badRequest, "'\(field)' must be a string of 1 to \(maxLength) characters", field: field)
        }
    }

    /// A boolean field (absent: false).
    static func bool(_ object: [String: Field], _ field: String) throws -> Bool {
        switch object[field] {
        case nil, .null?: return false
        case .bool(let flag)?: return flag
        default: throw APIProblem(.badRequest, "'\(field)' must be true or false", field: field)
        }
    }
}

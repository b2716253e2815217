import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answer of the HTTP API as RFC 9457 problem details (`application/problem+json`):
/// `type` (a stable URN per kind, what clients branch on), `title`, `status`, `detail` for people,
/// and `field` when one request field is at fault. The detail never carries a secret or a
/// request's raw body.
package struct APIProblem: Error, Sendable, Encodable {
    /// The kinds of problem, each with its status.
    package enum Kind: String, Sendable {
        case badRequest = "bad-request"
        case unauthenticated
        case forbidden
        case notFound = "not-found"
        case conflict
        case busy
        case notAnomalous = "not-anomalous"
        case tooLarge = "too-large"
        case tooManyRequests = "too-many-requests"
        case unavailable

        var status: HTTPResponse.Status {
            switch self {
            case .badRequest: return .badRequest
            case .unauthenticated: return .unauthorized
            case .forbidden: return .forbidden
            case .notFound: return .notFound
            case .conflict, .busy: return .conflict
            case .notAnomalous: return .unprocessableContent
            case .tooLarge: return .contentTooLarge
            case .tooManyRequests: return .tooManyRequests
            case .unavailable: return .serviceUnavailable
            }
        }
    }

    let kind: Kind
    let detail: String
    let field: String?
    /// Seconds to wait before trying again (`Retry-After`), for `tooManyRequests`.
    let retryAfter: Int?

    /// A problem of `kind`, explained by `detail`, about `field` when one is at fault.
    package init(_ kind: Kind, _ detail: String, field: String? = nil, retryAfter: Int? = nil) {
        self.kind = kind
        self.detail = detail
        self.field = field
        self.retryAfter = retryAfter
    }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, field }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("urn:redress:problem:\(kind.rawValue)", forKey: .type)
        try container.encode(kind.status.reasonPhrase, forKey: .title)
        try container.encode(kind.status.code, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(field, forKey: .field)
    }

    /// The answer.
    package var response: Response {
        let data = (try? APIJSON.encoder.encode(self)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if kind == .unauthenticated { headers[.wwwAuthenticate] = "Bearer realm=\"redress\"" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: kind.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// One JSON line per request on standard error (`{"time", "request_id", "method", "path",
/// "status", "ms", "actor"}`), and the request's id in its `X-Request-Id` answer header.
///
/// The id is the caller's `X-Request-Id` when it is 1 to 64 letters, digits, `-` or `_`, else a
/// new one; what a request does to a run (opening its case, a signal, a cancellation) records it
/// in the run's audit trail (`request_id`), so a log line leads to the run and back. Lines are JSON-encoded (control characters and quotes escaped),
/// carry the path without its query, and never a header or a body: no token or code reaches them.
struct AccessLog<Context: RequestContext>: RouterMiddleware {
    /// Where lines go (standard error in `redress serve`; tests may collect them).
    let write: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let note = RequestNote(id: Self.id(from: request.headers[.requestID]))
        let started = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - started
            let line = AccessLine(
                time: Date(), requestID: note.id, method: request.method.rawValue, path: request.uri.path, status: status,
                ms: Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15, actor: note.actor)
            if let data = try? Self.encoder.encode(line) { write(String(decoding: data, as: UTF8.self)) }
        }
        var response = try await RequestNote.$current.withValue(note) { try await next(request, context) }
        status = response.status.code
        response.headers[.requestID] = note.id
        return response
    }

    static func id(from header: String?) -> String {
        if let header, (1...64).contains(header.utf8.count),
            header.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
        {
            return header
        }
        return "req-" + UUID().uuidString.lowercased()
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

/// One access log line.
struct AccessLine: Encodable {
    let time: Date
    let requestID: String
    let method: String
    let path: String
    let status: Int
    let ms: Double
    let actor: String?

    enum CodingKeys: String, CodingKey {
        case time, method, path, status, ms, actor
        case requestID = "request_id"
    }
}

/// What a request's handlers tell its access log line: its id, and the actor its token belongs to.
final class RequestNote: Sendable {
    /// The request being handled, for the code it calls.
    @TaskLocal static var current: RequestNote?

    /// The request's id.
    let id: String
    private let who = Mutex<String?>(nil)

    init(id: String) {
        self.id = id
    }

    /// The authenticated actor, once known.
    var actor: String? {
        get { who.withLock { $0 } }
        set { who.withLock { $0 = newValue } }
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let requestID = HTTPField.Name("X-Request-Id")!
}

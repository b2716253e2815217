import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RedressSandbox
import RedressWalletAPI

/// The sandbox wallet served over the gateway contract (`openapi/wallet-gateway.yaml`): what
/// `redress sandbox serve` runs, and what the HTTP gateway's tests talk to on loopback.
///
/// Contract: every effectful call needs an `Idempotency-Key` (1 to 255 visible ASCII
/// characters); the sandbox keeps the first answer per key and compares later bodies with the
/// first (another body under the same key is 409 `idempotency_key_reused`). Request bodies are
/// bounded (`WalletWire.maxBodyBytes`); wallet errors map to the contract's codes and statuses;
/// no answer, log line or error carries a code, proof or secret.
package struct SandboxServer: Sendable {
    /// The wallet served.
    package let wallet: SandboxWallet
    /// What a request must carry.
    package let authentication: ServerAuthentication
    let injector: FaultInjector

    /// A server for `wallet`.
    package init(wallet: SandboxWallet, authentication: ServerAuthentication = .none, faults: SandboxFaults = SandboxFaults()) {
        self.wallet = wallet
        self.authentication = authentication
        self.injector = FaultInjector(faults)
    }

    /// The application listening on `host:port` (port 0: any free port); `onRunning` learns the
    /// port actually bound.
    package func application(host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "redress-sandbox"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The contract's routes.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let wallet = self.wallet
        router.get("/v1/orders") { request, _ in
            try await self.read(request) {
                let after = request.uri.queryParameters.get("after")
                let limit = request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 100
                guard (1...1000).contains(limit) else { throw WalletError.badRequest("limit must be between 1 and 1000") }
                return try await wallet.orders(after: after, limit: limit)
            }
        }
        router.get("/v1/orders/:order") { request, context in
            try await self.read(request) {
                let order = try Self.segment(context, "order")
                guard let snapshot = try await wallet.snapshot(order: order) else { throw WalletError.notFound("order \(order)") }
                return snapshot
            }
        }
        router.get("/v1/users/:user/profile") { request, context in
            try await self.read(request) {
                let user = try Self.segment(context, "user")
                guard let profile = try await wallet.profile(user: user) else { throw WalletError.notFound("user \(user)") }
                return profile
            }
        }
        router.post("/v1/messages") { request, _ in
            try await self.effect(request) { (message: OutboundMessage, key) in
                WalletWire.Created(id: try await wallet.send(OutboundMessage(userID: message.userID, orderID: message.orderID, channel: message.channel, template: message.template, locale: message.locale, texts: message.texts), key: key))
            }
        }
        router.post("/v1/verifications") { request, _ in
            try await self.effect(request) { (body: WalletWire.StartVerification, key) in
                try await wallet.startVerification(user: body.userID, method: body.method, key: key, expiresAt: body.expiresAt)
                return WalletWire.Accepted()
            }
        }
        router.post("/v1/verifications/:challenge/checks") { request, context in
            try await self.effect(request, keyed: false) { (body: WalletWire.CheckCode, _) in
                let challenge = try Self.segment(context, "challenge")
                return WalletWire.CodeCheckResult(
                    try await wallet.checkCode(user: body.userID, order: body.orderID, method: body.method, code: body.code, key: challenge, at: body.at, maxFailures: body.maxFailures))
            }
        }
        router.post("/v1/reviews") { request, _ in
            try await self.effect(request) { (body: WalletWire.OpenReview, key) in
                WalletWire.Created(id: try await wallet.openReview(order: body.orderID, queue: body.queue, reason: body.reason, requestedBy: body.requestedBy, key: key))
            }
        }
        router.post("/v1/reviews/:review/decision") { request, context in
            try await self.effect(request) { (body: WalletWire.DecideReview, _) in
                try await wallet.decideReview(id: try Self.segment(context, "review"), reviewer: body.reviewer, approved: body.approved, note: body.note)
                return WalletWire.Accepted()
            }
        }
        router.post("/v1/escalations") { request, _ in
            try await self.effect(request) { (body: WalletWire.Escalate, key) in
                WalletWire.Created(id: try await wallet.escalate(order: body.orderID, tier: body.tier, priority: body.priority, reason: body.reason, summary: body.summary, key: key))
            }
        }
        router.post("/v1/orders/:order/payments") { request, context in
            try await self.effect(request) { (body: WalletWire.RetryPayment, key) in
                WalletWire.PaymentResult(
                    try await wallet.retryPayment(order: try Self.segment(context, "order"), amountMinor: body.amountMinor, currency: body.currency, proof: body.proof, key: key))
            }
        }
        router.post("/v1/orders/:order/charges/:charge/refunds") { request, context in
            try await self.effect(request) { (body: WalletWire.Refund, key) in
                WalletWire.RefundResult(
                    try await wallet.refund(
                        order: try Self.segment(context, "order"), charge: try Self.segment(context, "charge"), amountMinor: body.amountMinor,
                        currency: body.currency, reason: body.reason, proof: body.proof, key: key))
            }
        }
        router.post("/v1/users/:user/unfreeze") { request, context in
            try await self.effect(request) { (body: WalletWire.Unfreeze, key) in
                WalletWire.Released(
                    amountMinor: try await wallet.unfreeze(
                        user: try Self.segment(context, "user"), order: body.orderID, reviewID: body.reviewID, reason: body.reason, proof: body.proof, key: key))
            }
        }
        router.post("/v1/orders/:order/reconciliation") { request, context in
            try await self.effect(request) { (_: WalletWire.Empty, key) in
                try await wallet.reconcile(order: try Self.segment(context, "order"), key: key)
            }
        }
        router.post("/v1/orders/:order/feedback") { request, context in
            try await self.effect(request) { (body: WalletWire.Feedback, key) in
                try await wallet.recordFeedback(order: try Self.segment(context, "order"), rating: body.rating, comment: body.comment, key: key)
                return WalletWire.Accepted()
            }
        }
        return router
    }

    /// A call that changes nothing: authenticated, then answered.
    private func read<Answer: Encodable>(_ request: Request, _ operation: () async throws -> Answer) async throws -> Response {
        var request = request
        let body: Data
        do {
            body = Data(try await request.collectBody(upTo: WalletWire.maxBodyBytes).readableBytesView)
        } catch {
            return Self.error(.invalidRequest, "the request body is over \(WalletWire.maxBodyBytes) bytes")
        }
        if let refusal = await admit(request, body: body) { return refusal }
        return await answer(request) { try await operation() }
    }

    /// An effectful call: authenticated, keyed (unless `keyed` is false: a code check is
    /// single-use by itself), decoded, maybe failed before it is applied, applied, answered.
    private func effect<Body: Decodable, Answer: Encodable>(
        _ request: Request, keyed: Bool = true, _ operation: (Body, String) async throws -> Answer
    ) async throws -> Response {
        var request = request
        let bytes: Data
        do {
            bytes = Data(try await request.collectBody(upTo: WalletWire.maxBodyBytes).readableBytesView)
        } catch {
            return Self.error(.invalidRequest, "the request body is over \(WalletWire.maxBodyBytes) bytes")
        }
        if let refusal = await admit(request, body: bytes) { return refusal }
        let key = request.headers[HTTPField.Name(WalletWire.idempotencyKeyHeader)!] ?? ""
        if keyed, key.isEmpty || key.utf8.count > 255 || key.utf8.contains(where: { $0 < 0x21 || $0 > 0x7E }) {
            return Self.error(.invalidRequest, "an Idempotency-Key header of 1 to 255 visible ASCII characters is required")
        }
        let body: Body
        do {
            body = try WalletWire.decoder().decode(Body.self, from: bytes)
        } catch {
            return Self.error(.invalidRequest, "the body is not a valid \(Body.self) (\(Self.reason(error)))")
        }
        if injector.failsBeforeApplying() { return Self.error(.unavailable, "injected fault: unavailable, nothing applied") }
        return await answer(request) { try await operation(body, key) }
    }

    /// Checks the credentials; a refusal to send, or `nil`.
    private func admit(_ request: Request, body: Data) async -> Response? {
        if injector.faults.latency > .zero { try? await Task.sleep(for: injector.faults.latency) }
        let headers = request.headers
        let admitted = authentication.admits(
            authorization: headers[.authorization], timestamp: headers[HTTPField.Name(WalletWire.timestampHeader)!],
            signature: headers[HTTPField.Name(WalletWire.signatureHeader)!], method: request.method.rawValue, target: request.head.path ?? "/",
            body: body, now: Date())
        return admitted ? nil : Self.error(.unauthorized, "missing or wrong credentials")
    }

    /// Runs `operation` and writes its answer (with the faults that apply to an answer).
    private func answer<Answer: Encodable>(_ request: Request, _ operation: () async throws -> Answer) async -> Response {
        let value: Answer
        do {
            value = try await operation()
        } catch let error as WalletError {
            return Self.error(for: error)
        } catch {
            return Self.error(.invalidRequest, Self.reason(error))
        }
        let path = request.uri.path
        let faults = injector.faults
        if injector.dropsAfterApplying(path: path) {
            // Applied, then the connection goes away mid-answer: the client cannot know.
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(contentLength: 64) { writer in
                try await writer.write(ByteBuffer(string: "{\"res"))
                throw CancellationError()
            })
        }
        var data: Data
        if let pattern = faults.garbage, path.contains(pattern) {
            data = Data("<html>502 Bad Gateway</html>\u{0}\u{1}not json".utf8)
        } else if let pattern = faults.oversize, path.contains(pattern) {
            data = Data("{\"padding\":\"".utf8) + Data(repeating: UInt8(ascii: "x"), count: 10 << 20) + Data("\"}".utf8)
        } else {
            data = (try? WalletWire.encoder().encode(value)) ?? Data("{}".utf8)
        }
        return Self.response(200, data, spreadOver: faults.slowBody)
    }

    /// A path parameter, percent-decoded (the client escapes ids so a `/` or `?` stays in its
    /// segment).
    static func segment(_ context: BasicRequestContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// The error answer for a wallet error.
    static func error(for error: WalletError) -> Response {
        switch error {
        case .keyReuse(let key): return Self.error(.idempotencyKeyReused, "Idempotency-Key \(key) was already used with another request body")
        case .notFound(let what): return Self.error(.notFound, what)
        case .refused(let what): return Self.error(.refused, what)
        case .unavailable(let what): return Self.error(.unavailable, what)
        case .ambiguous(let what): return Self.error(.ambiguous, what)
        case .badRequest(let what), .invalidResponse(let what): return Self.error(.invalidRequest, what)
        }
    }

    /// An error answer with the contract's body.
    static func error(_ code: WalletWire.ErrorCode, _ message: String) -> Response {
        let data = (try? WalletWire.encoder().encode(WalletWire.ErrorBody(code, message))) ?? Data()
        return response(code.status, data, spreadOver: .zero)
    }

    /// A JSON answer, its body written in ten pieces over `spreadOver` when that is not zero.
    static func response(_ status: Int, _ data: Data, spreadOver: Duration) -> Response {
        let headers: HTTPFields = [.contentType: "application/json"]
        guard spreadOver > .zero else { return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))) }
        return Response(status: .init(code: status), headers: headers, body: ResponseBody(contentLength: data.count) { writer in
            let pieces = 10
            let size = (data.count + pieces - 1) / pieces
            for start in stride(from: 0, to: data.count, by: max(size, 1)) {
                try await Task.sleep(for: spreadOver / pieces)
                try await writer.write(ByteBuffer(bytes: data[start..<min(start + size, data.count)]))
            }
            try await writer.finish(nil)
        })
    }

    /// A decoding error's reason, without echoing the body (it may hold a code or a proof).
    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: return "unreadable"
        }
    }
}

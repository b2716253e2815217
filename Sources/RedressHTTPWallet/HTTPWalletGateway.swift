import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import RedressWalletAPI
import Synchronization

/// The wallet gateway over HTTP/JSON (`openapi/wallet-gateway.yaml`): what a real back office
/// implements, and what `redress sandbox serve` serves.
///
/// Contract (how failures are classified, so money stays safe):
/// - the connection cannot be made, or fails before the request was written: `unavailable`
///   (retryable: the back office cannot have seen it);
/// - a timeout, reset or close **after** the request was written: for a call that changes
///   something, `ambiguous` (the playbook reconciles; the engine never re-sends it under a new
///   key), for a read, `unavailable`;
/// - 5xx: `unavailable` (retryable; a retry repeats the same `Idempotency-Key`), except the
///   contract's `ambiguous` code, which stays `ambiguous`;
/// - 409 (`idempotency_key_reused`): `keyReuse`, fatal and named; 404, 422: `notFound`,
///   `refused`; any other 4xx: `badRequest` with the server's message (bounded);
/// - an answer that is not the contract's JSON, or over `maxResponseBytes`: `invalidResponse`
///   for a read, `ambiguous` for a call that changes something.
///
/// Every effectful call carries the engine's idempotency key in `Idempotency-Key`, the same on
/// every retry. Errors and logs carry no token, secret, code or proof.
///
/// Concurrency: the gateway is a value; its `HTTPClient` (a connection pool on NIO's shared
/// event loops) is shared by every gateway with the same connection settings for the life of
/// the process, so calls from many tasks share warm keep-alive connections.
package struct HTTPWalletGateway: WalletGateway {
    /// The settings in effect.
    package let settings: HTTPWalletSettings
    private let client: HTTPClient

    /// A gateway for `settings`.
    package init(_ settings: HTTPWalletSettings) {
        self.settings = settings
        self.client = ClientPool.client(connectTimeout: settings.connectTimeout, maxConnections: settings.maxConnections)
    }

    // MARK: Reads

    package func snapshot(order: String) async throws -> OrderSnapshot? {
        try await optional { try await get(WalletWire.Path.order(order)) }
    }

    package func profile(user: String) async throws -> UserProfile? {
        try await optional { try await get(WalletWire.Path.profile(user)) }
    }

    package func orders(after cursor: String?, limit: Int) async throws -> OrderPage {
        var query = "?limit=\(max(1, min(limit, 1000)))"
        if let cursor { query += "&after=\(WalletWire.Path.escape(cursor))" }
        return try await get(WalletWire.Path.orders + query)
    }

    // MARK: Effects

    package func send(_ message: OutboundMessage, key: String) async throws -> String {
        let created: WalletWire.Created = try await post(WalletWire.Path.messages, message, key: key)
        return created.id
    }

    package func startVerification(user: String, method: VerificationMethod, key: String, expiresAt: Date) async throws {
        let _: WalletWire.Accepted = try await post(
            WalletWire.Path.verifications, WalletWire.StartVerification(userID: user, method: method, expiresAt: expiresAt), key: key)
    }

    package func checkCode(user: String, order: String, method: VerificationMethod, code: String, key: String, at: Date, maxFailures: Int) async throws -> CodeCheck {
        let answer: WalletWire.CodeCheckResult = try await post(
            WalletWire.Path.checks(key), WalletWire.CheckCode(userID: user, orderID: order, method: method, code: code, at: at, maxFailures: maxFailures), key: nil)
        guard let check = answer.check else { throw WalletError.ambiguous("invalid output from the wallet: unknown verification result") }
        return check
    }

    package func openReview(order: String, queue: String, reason: String, requestedBy: String, key: String) async throws -> String {
        let created: WalletWire.Created = try await post(
            WalletWire.Path.reviews, WalletWire.OpenReview(orderID: order, queue: queue, reason: reason, requestedBy: requestedBy), key: key)
        return created.id
    }

    package func decideReview(id: String, reviewer: String, approved: Bool, note: String) async throws {
        // A review is decided once: the key is the review's, so a second, different decision is
        // a key reuse the back office refuses.
        let _: WalletWire.Accepted = try await post(
            WalletWire.Path.decision(id), WalletWire.DecideReview(reviewer: reviewer, approved: approved, note: note), key: "review-decision:\(id)")
    }

    package func escalate(order: String, tier: Int, priority: String, reason: String, summary: String, key: String) async throws -> String {
        let created: WalletWire.Created = try await post(
            WalletWire.Path.escalations, WalletWire.Escalate(orderID: order, tier: tier, priority: priority, reason: reason, summary: summary), key: key)
        return created.id
    }

    package func retryPayment(order: String, amountMinor: Int64, currency: String, proof: String, key: String) async throws -> PaymentAttempt {
        let answer: WalletWire.PaymentResult = try await post(
            WalletWire.Path.payments(order), WalletWire.RetryPayment(amountMinor: amountMinor, currency: currency, proof: proof), key: key)
        guard let attempt = answer.attempt else { throw WalletError.ambiguous("invalid output from the wallet: unknown payment result") }
        return attempt
    }

    package func refund(order: String, charge: String, amountMinor: Int64, currency: String, reason: String, proof: String, key: String) async throws
        -> RefundAttempt
    {
        let answer: WalletWire.RefundResult = try await post(
            WalletWire.Path.refunds(order, charge: charge), WalletWire.Refund(amountMinor: amountMinor, currency: currency, reason: reason, proof: proof), key: key)
        guard let attempt = answer.attempt else { throw WalletError.ambiguous("invalid output from the wallet: unknown refund result") }
        return attempt
    }

    package func unfreeze(user: String, order: String, reviewID: String, reason: String, proof: String, key: String) async throws -> Int64 {
        let released: WalletWire.Released = try await post(
            WalletWire.Path.unfreeze(user), WalletWire.Unfreeze(orderID: order, reviewID: reviewID, reason: reason, proof: proof), key: key)
        return released.amountMinor
    }

    package func reconcile(order: String, key: String) async throws -> Reconciliation {
        try await post(WalletWire.Path.reconciliation(order), WalletWire.Empty(), key: key)
    }

    package func recordFeedback(order: String, rating: Int, comment: String, key: String) async throws {
        let _: WalletWire.Accepted = try await post(WalletWire.Path.feedback(order), WalletWire.Feedback(rating: rating, comment: comment), key: key)
    }

    // MARK: Transport

    /// `nil` for a 404, the answer otherwise.
    private func optional<Answer>(_ call: () async throws -> Answer) async throws -> Answer? {
        do {
            return try await call()
        } catch WalletError.notFound {
            return nil
        }
    }

    private func get<Answer: Decodable>(_ target: String) async throws -> Answer {
        try await exchange(method: .GET, target: target, body: nil, key: nil, effectful: false)
    }

    private func post<Body: Encodable, Answer: Decodable>(_ target: String, _ body: Body, key: String?) async throws -> Answer {
        let bytes: Data
        do {
            bytes = try WalletWire.encoder().encode(body)
        } catch {
            throw WalletError.badRequest("the request could not be encoded")
        }
        return try await exchange(method: .POST, target: target, body: Array(bytes), key: key, effectful: true)
    }

    /// One call: sign, send, classify, decode.
    private func exchange<Answer: Decodable>(method: HTTPMethod, target: String, body: [UInt8]?, key: String?, effectful: Bool) async throws -> Answer {
        let url = settings.baseURL.absoluteString.trimmingTrailingSlash + target
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "redress")
        let marker = SendMarker()
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .stream(marker.body(body), length: .known(Int64(body.count)))
        }
        if let key { request.headers.add(name: WalletWire.idempotencyKeyHeader, value: key) }
        switch settings.authentication {
        case .none: break
        case .bearer(let token): request.headers.add(name: "Authorization", value: "Bearer \(token)")
        case .hmac(let secret):
            let timestamp = Int64(Date().timeIntervalSince1970)
            let signedPath = (URL(string: url)?.path(percentEncoded: true) ?? target) + (URL(string: url)?.query(percentEncoded: true).map { "?\($0)" } ?? "")
            request.headers.add(name: WalletWire.timestampHeader, value: String(timestamp))
            request.headers.add(
                name: WalletWire.signatureHeader,
                value: RequestSignature(secret: secret).sign(timestamp: timestamp, method: method.rawValue, target: signedPath, body: Data(body ?? [])))
        }
        let what = "\(method.rawValue) \(target.split(separator: "?").first.map(String.init) ?? target)"
        let status: Int
        let answer: ByteBuffer
        do {
            let deadline = NIODeadline.now() + .nanoseconds(Int64(settings.callTimeout.components.seconds) * 1_000_000_000 + settings.callTimeout.components.attoseconds / 1_000_000_000)
            let response = try await client.execute(request, deadline: deadline)
            status = Int(response.status.code)
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > settings.maxResponseBytes {
                throw OversizeAnswer()
            }
            answer = try await response.body.collect(upTo: settings.maxResponseBytes)
        } catch is OversizeAnswer {
            throw unreadable(what, "the answer is over \(settings.maxResponseBytes) bytes", effectful: effectful)
        } catch is NIOTooManyBytesError {
            throw unreadable(what, "the answer is over \(settings.maxResponseBytes) bytes", effectful: effectful)
        } catch {
            throw transportFailure(error, what: what, sent: marker.wasSent || !effectful, effectful: effectful)
        }
        guard (200..<300).contains(status) else { throw classify(status: status, body: answer, what: what, key: key) }
        do {
            return try WalletWire.decoder().decode(Answer.self, from: Data(answer.readableBytesView))
        } catch {
            throw unreadable(what, "the answer is not the contract's JSON", effectful: effectful)
        }
    }

    /// A transport error, classified by whether the request can have reached the back office.
    private func transportFailure(_ error: any Error, what: String, sent: Bool, effectful: Bool) -> WalletError {
        let reason = Self.describe(error)
        if Self.failedBeforeConnecting(error) || !sent { return .unavailable("\(what): \(reason) (nothing was sent)") }
        if effectful { return .ambiguous("\(what): \(reason) after the request was sent; it may have been applied") }
        return .unavailable("\(what): \(reason)")
    }

    /// An answer that cannot be read.
    private func unreadable(_ what: String, _ reason: String, effectful: Bool) -> WalletError {
        effectful ? .ambiguous("\(what): invalid output from the wallet: \(reason); it may have been applied") : .invalidResponse("\(what): \(reason)")
    }

    /// A non-2xx answer, classified by status and the contract's error code.
    private func classify(status: Int, body: ByteBuffer, what: String, key: String?) -> WalletError {
        let detail = try? WalletWire.decoder().decode(WalletWire.ErrorBody.self, from: Data(body.readableBytesView)).error
        let message = String((detail?.message ?? "HTTP \(status)").prefix(500))
        let code = detail.flatMap { WalletWire.ErrorCode(rawValue: $0.code) }
        if code == .ambiguous { return .ambiguous("\(what): \(message)") }
        switch status {
        case 409: return .keyReuse(key ?? what)
        case 404: return .notFound(message)
        case 422: return .refused(message)
        case 500...599: return .unavailable("\(what): HTTP \(status): \(message)")
        default: return .badRequest("\(what): HTTP \(status): \(message)")
        }
    }

    /// Whether the error happened while connecting (nothing can have been sent).
    static func failedBeforeConnecting(_ error: any Error) -> Bool {
        if let client = error as? HTTPClientError {
            return [HTTPClientError.connectTimeout, .socksHandshakeTimeout, .tlsHandshakeTimeout, .invalidURL, .emptyHost, .unsupportedScheme(""), .httpProxyHandshakeTimeout]
                .contains { $0 == client }
        }
        if error is NIOConnectionError { return true }
        if let io = error as? IOError { return [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL].contains(io.errnoCode) }
        if error is ChannelError, case ChannelError.connectTimeout = error { return true }
        return false
    }

    /// A short, secret-free description of a transport error.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let client as HTTPClientError:
            if client == .readTimeout || client == .deadlineExceeded { return "no answer within the call timeout" }
            if client == .remoteConnectionClosed { return "the connection was closed" }
            if client == .connectTimeout { return "the connection could not be made in time" }
            return "HTTP client error (\(client.shortDescription))"
        case let io as IOError: return "connection error (\(io.errnoCode == ECONNREFUSED ? "connection refused" : "errno \(io.errnoCode)"))"
        case is NIOConnectionError: return "the connection could not be made (connection refused)"
        default: return "transport error (\(type(of: error)))"
        }
    }

    /// An answer whose declared length is over the limit.
    private struct OversizeAnswer: Error {}
}

extension String {
    /// The string without one trailing `/`.
    fileprivate var trimmingTrailingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}

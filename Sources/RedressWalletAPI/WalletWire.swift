import Foundation

/// The bodies of the wallet gateway's HTTP/JSON contract (`openapi/wallet-gateway.yaml`), shared
/// by the HTTP gateway (`RedressHTTPWallet`) and the served sandbox (`RedressSandboxServer`) so
/// the two cannot drift apart. Field names are snake_case; money is integer minor units; times
/// are RFC 3339 strings. A back office written in another language reads the OpenAPI document.
package enum WalletWire {
    /// Every path of the contract, relative to the wallet's base URL.
    package enum Path {
        /// `GET`: a page of order ids (`after`, `limit`).
        package static let orders = "/v1/orders"
        /// `GET`: an order's snapshot.
        package static func order(_ id: String) -> String { "/v1/orders/\(escape(id))" }
        /// `GET`: a user's language and time zone.
        package static func profile(_ user: String) -> String { "/v1/users/\(escape(user))/profile" }
        /// `POST`: a message to the user.
        package static let messages = "/v1/messages"
        /// `POST`: start a 2FA challenge (the Idempotency-Key names the challenge).
        package static let verifications = "/v1/verifications"
        /// `POST`: check a code against the challenge.
        package static func checks(_ challenge: String) -> String { "/v1/verifications/\(escape(challenge))/checks" }
        /// `POST`: open a human review.
        package static let reviews = "/v1/reviews"
        /// `POST`: decide a review.
        package static func decision(_ review: String) -> String { "/v1/reviews/\(escape(review))/decision" }
        /// `POST`: hand the case to a person.
        package static let escalations = "/v1/escalations"
        /// `POST`: charge the order again.
        package static func payments(_ order: String) -> String { "/v1/orders/\(escape(order))/payments" }
        /// `POST`: refund part or all of one charge.
        package static func refunds(_ order: String, charge: String) -> String { "/v1/orders/\(escape(order))/charges/\(escape(charge))/refunds" }
        /// `POST`: release a user's held funds.
        package static func unfreeze(_ user: String) -> String { "/v1/users/\(escape(user))/unfreeze" }
        /// `POST`: ask the channel for the truth about the payment.
        package static func reconciliation(_ order: String) -> String { "/v1/orders/\(escape(order))/reconciliation" }
        /// `POST`: record the user's feedback.
        package static func feedback(_ order: String) -> String { "/v1/orders/\(escape(order))/feedback" }

        /// Percent-escapes a path segment (ids are data: a `/` or `?` in one stays in its segment).
        package static func escape(_ segment: String) -> String {
            segment.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? segment
        }

        private static let segmentCharacters: CharacterSet = {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return allowed
        }()
    }

    /// The header that carries the idempotency key of every effectful call.
    package static let idempotencyKeyHeader = "Idempotency-Key"
    /// The header with the request's signing time (HMAC signing).
    package static let timestampHeader = "X-Redress-Timestamp"
    /// The header with the request's HMAC-SHA256 signature (`v1=HEX`).
    package static let signatureHeader = "X-Redress-Signature"
    /// The largest request or response body either side accepts.
    package static let maxBodyBytes = 1 << 20

    /// The error body: `{"error": {"code": "...", "message": "..."}}`.
    package struct ErrorBody: Codable, Sendable {
        /// The error.
        package var error: Detail

        /// One error.
        package struct Detail: Codable, Sendable {
            /// A stable code (`ErrorCode`).
            package var code: String
            /// What happened, for a person.
            package var message: String
        }

        /// Creates an error body.
        package init(_ code: ErrorCode, _ message: String) { error = Detail(code: code.rawValue, message: message) }
    }

    /// The stable error codes of the contract and the HTTP status each is sent with.
    package enum ErrorCode: String, Sendable, CaseIterable {
        /// 409: the Idempotency-Key was used with another request body.
        case idempotencyKeyReused = "idempotency_key_reused"
        /// 404: no such order, user, review or challenge.
        case notFound = "not_found"
        /// 422: the operation is refused as asked (not owner, not approved, not frozen, ...).
        case refused
        /// 503: the back office or the channel is unavailable; nothing was applied.
        case unavailable
        /// 502: the channel's answer was lost; the effect may have happened (query, never re-send under a new key).
        case ambiguous
        /// 400: the request is malformed (missing key, bad JSON, bad field).
        case invalidRequest = "invalid_request"
        /// 401: missing or wrong credentials.
        case unauthorized

        /// The HTTP status the code is sent with.
        package var status: Int {
            switch self {
            case .idempotencyKeyReused: return 409
            case .notFound: return 404
            case .refused: return 422
            case .unavailable: return 503
            case .ambiguous: return 502
            case .invalidRequest: return 400
            case .unauthorized: return 401
            }
        }
    }

    /// `POST /v1/verifications`.
    package struct StartVerification: Codable, Sendable, Hashable {
        package var userID: String
        package var method: VerificationMethod
        package var expiresAt: Date
        package init(userID: String, method: VerificationMethod, expiresAt: Date) {
            self.userID = userID
            self.method = method
            self.expiresAt = expiresAt
        }
        enum CodingKeys: String, CodingKey {
            case userID = "user_id", method, expiresAt = "expires_at"
        }
    }

    /// `POST /v1/verifications/{challenge}/checks`.
    package struct CheckCode: Codable, Sendable, Hashable {
        package var userID: String
        package var orderID: String
        package var method: VerificationMethod
        package var code: String
        package var at: Date
        package var maxFailures: Int
        package init(userID: String, orderID: String, method: VerificationMethod, code: String, at: Date, maxFailures: Int) {
            self.userID = userID
            self.orderID = orderID
            self.method = method
            self.code = code
            self.at = at
            self.maxFailures = maxFailures
        }
        enum CodingKeys: String, CodingKey {
            case userID = "user_id", orderID = "order_id", method, code, at, maxFailures = "max_failures"
        }
    }

    /// The answer to a code: `result` is `verified` (with `proof`, `expires_at`), `wrong` (with
    /// `failures`), `locked` or `expired`.
    package struct CodeCheckResult: Codable, Sendable, Hashable {
        package var result: String
        package var proof: String?
        package var expiresAt: Date?
        package var failures: Int?
        enum CodingKeys: String, CodingKey {
            case result, proof, expiresAt = "expires_at", failures
        }

        /// The wire form of a check.
        package init(_ check: CodeCheck) {
            switch check {
            case .verified(let proof, let expiresAt): (result, self.proof, self.expiresAt, failures) = ("verified", proof, expiresAt, nil)
            case .wrong(let count): (result, proof, expiresAt, failures) = ("wrong", nil, nil, count)
            case .locked: (result, proof, expiresAt, failures) = ("locked", nil, nil, nil)
            case .expired: (result, proof, expiresAt, failures) = ("expired", nil, nil, nil)
            }
        }

        /// The check it describes, or `nil` when the body is not one of the four answers.
        package var check: CodeCheck? {
            switch result {
            case "verified": return proof.flatMap { proof in expiresAt.map { .verified(proof: proof, expiresAt: $0) } }
            case "wrong": return failures.map { .wrong(failures: $0) }
            case "locked": return .locked
            case "expired": return .expired
            default: return nil
            }
        }
    }

    /// `POST /v1/reviews`.
    package struct OpenReview: Codable, Sendable, Hashable {
        package var orderID: String
        package var queue: String
        package var reason: String
        package var requestedBy: String
        package init(orderID: String, queue: String, reason: String, requestedBy: String) {
            self.orderID = orderID
            self.queue = queue
            self.reason = reason
            self.requestedBy = requestedBy
        }
        enum CodingKeys: String, CodingKey {
            case orderID = "order_id", queue, reason, requestedBy = "requested_by"
        }
    }

    /// `POST /v1/reviews/{id}/decision`.
    package struct DecideReview: Codable, Sendable, Hashable {
        package var reviewer: String
        package var approved: Bool
        package var note: String
        package init(reviewer: String, approved: Bool, note: String) {
            self.reviewer = reviewer
            self.approved = approved
            self.note = note
        }
    }

    /// `POST /v1/escalations`.
    package struct Escalate: Codable, Sendable, Hashable {
        package var orderID: String
        package var tier: Int
        package var priority: String
        package var reason: String
        package var summary: String
        package init(orderID: String, tier: Int, priority: String, reason: String, summary: String) {
            self.orderID = orderID
            self.tier = tier
            self.priority = priority
            self.reason = reason
            self.summary = summary
        }
        enum CodingKeys: String, CodingKey {
            case orderID = "order_id", tier, priority, reason, summary
        }
    }

    /// `POST /v1/orders/{id}/payments`.
    package struct RetryPayment: Codable, Sendable, Hashable {
        package var amountMinor: Int64
        package var currency: String
        package var proof: String
        package init(amountMinor: Int64, currency: String, proof: String) {
            self.amountMinor = amountMinor
            self.currency = currency
            self.proof = proof
        }
        enum CodingKeys: String, CodingKey {
            case amountMinor = "amount_minor", currency, proof
        }
    }

    /// A payment's answer: `result` is `succeeded` (with `payment_id`) or `declined` (with `reason`).
    package struct PaymentResult: Codable, Sendable, Hashable {
        package var result: String
        package var paymentID: String?
        package var reason: String?
        enum CodingKeys: String, CodingKey {
            case result, paymentID = "payment_id", reason
        }

        /// The wire form of an attempt.
        package init(_ attempt: PaymentAttempt) {
            switch attempt {
            case .succeeded(let id): (result, paymentID, reason) = ("succeeded", id, nil)
            case .declined(let why): (result, paymentID, reason) = ("declined", nil, why)
            }
        }

        /// The attempt it describes, or `nil` when the body is not one of the two answers.
        package var attempt: PaymentAttempt? {
            switch result {
            case "succeeded": return paymentID.map { .succeeded(paymentID: $0) }
            case "declined": return .declined(reason: reason ?? "")
            default: return nil
            }
        }
    }

    /// `POST /v1/orders/{id}/charges/{charge}/refunds`.
    package struct Refund: Codable, Sendable, Hashable {
        package var amountMinor: Int64
        package var currency: String
        package var reason: String
        package var proof: String
        package init(amountMinor: Int64, currency: String, reason: String, proof: String) {
            self.amountMinor = amountMinor
            self.currency = currency
            self.reason = reason
            self.proof = proof
        }
        enum CodingKeys: String, CodingKey {
            case amountMinor = "amount_minor", currency, reason, proof
        }
    }

    /// A refund's answer: `result` is `refunded` (with `refund_id`, `amount_minor`) or `rejected`
    /// (with `reason`).
    package struct RefundResult: Codable, Sendable, Hashable {
        package var result: String
        package var refundID: String?
        package var amountMinor: Int64?
        package var reason: String?
        enum CodingKeys: String, CodingKey {
            case result, refundID = "refund_id", amountMinor = "amount_minor", reason
        }

        /// The wire form of an attempt.
        package init(_ attempt: RefundAttempt) {
            switch attempt {
            case .refunded(let id, let amount): (result, refundID, amountMinor, reason) = ("refunded", id, amount, nil)
            case .rejected(let why): (result, refundID, amountMinor, reason) = ("rejected", nil, nil, why)
            }
        }

        /// The attempt it describes, or `nil` when the body is not one of the two answers.
        package var attempt: RefundAttempt? {
            switch result {
            case "refunded": return refundID.flatMap { id in amountMinor.map { .refunded(refundID: id, amountMinor: $0) } }
            case "rejected": return .rejected(reason: reason ?? "")
            default: return nil
            }
        }
    }

    /// `POST /v1/users/{id}/unfreeze`.
    package struct Unfreeze: Codable, Sendable, Hashable {
        package var orderID: String
        package var reviewID: String
        package var reason: String
        package var proof: String
        package init(orderID: String, reviewID: String, reason: String, proof: String) {
            self.orderID = orderID
            self.reviewID = reviewID
            self.reason = reason
            self.proof = proof
        }
        enum CodingKeys: String, CodingKey {
            case orderID = "order_id", reviewID = "review_id", reason, proof
        }
    }

    /// `POST /v1/orders/{id}/feedback`.
    package struct Feedback: Codable, Sendable, Hashable {
        package var rating: Int
        package var comment: String
        package init(rating: Int, comment: String) {
            self.rating = rating
            self.comment = comment
        }
    }

    /// An empty request body (`POST /v1/orders/{id}/reconciliation`).
    package struct Empty: Codable, Sendable, Hashable {
        package init() {}
    }

    /// `{"id": "..."}`: what creates something answers (message, review, ticket).
    package struct Created: Codable, Sendable, Hashable {
        package var id: String
        package init(id: String) { self.id = id }
    }

    /// `{"amount_minor": N}`: what unfreezing released.
    package struct Released: Codable, Sendable, Hashable {
        package var amountMinor: Int64
        package init(amountMinor: Int64) { self.amountMinor = amountMinor }
        enum CodingKeys: String, CodingKey {
            case amountMinor = "amount_minor"
        }
    }

    /// `{"status": "accepted"}`: what a call with nothing else to say answers.
    package struct Accepted: Codable, Sendable, Hashable {
        package var status: String
        package init() { status = "accepted" }
    }

    /// The contract's JSON encoder (RFC 3339 dates, sorted keys for stable bodies).
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The contract's JSON decoder.
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

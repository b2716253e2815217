import Crypto
import Foundation
import GRDB
import RedressGRDBSupport
import RedressWalletAPI
import RedressWalletPlugin

/// The built-in sandbox wallet: a real SQLite database of users, accounts, orders, payments,
/// channels, a double-entry ledger, an outbox, reviews and escalations. It is the embedded
/// default `WalletGateway`, so every playbook runs on a fresh machine.
///
/// Contract: money is conserved (every ledger transaction sums to zero); effects are idempotent
/// by key (same key and parameters: the first result; other parameters: `keyReuse`); 2FA codes
/// are accepted at most once and failures lock verification, both persisted, so they hold
/// across restarts and concurrent processes. Channels can be told to fail or to answer
/// ambiguously, for demos and tests.
package final class SandboxWallet: WalletGateway {
    /// The database file.
    package let path: String
    let queue: DatabaseQueue
    let now: @Sendable () -> Date

    /// The file name inside the state directory.
    package static let fileName = "sandbox.sqlite"

    /// SQLite's `application_id` of a sandbox wallet ("RDSB").
    static let applicationID: Int32 = 0x5244_5342

    /// Opens (creating and seeding on first use) the sandbox in `directory`.
    package init(directory: String, now: @escaping @Sendable () -> Date = { Date() }) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = (directory as NSString).appendingPathComponent(Self.fileName)
        path = file
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.journalMode = .wal
        // Identified read-only first: a file that is not a sandbox is refused untouched. Two
        // processes may open a new sandbox at once (see `OpeningRetry`); the seed is checked and
        // written under one write lock.
        _ = try DatabaseIdentity.inspect(
            path: file, applicationID: Self.applicationID, tables: ["user", "order", "ledger"], migrator: SandboxSchema.migrator, what: "Redress sandbox wallet")
        let queue = try OpeningRetry.run {
            let queue = try DatabaseQueue(path: file, configuration: configuration)
            try DatabaseIdentity.mark(queue, applicationID: Self.applicationID)
            return queue
        }
        try OpeningRetry.run(isDone: { try queue.read { try SandboxSchema.migrator.hasCompletedMigrations($0) } ? () : nil }) {
            try SandboxSchema.migrator.migrate(queue)
        }
        self.queue = queue
        self.now = now
        try queue.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user") ?? 0 == 0 { try SandboxSeed.seed(db, at: now()) }
                return .commit
            }
        }
    }

    // MARK: Reading

    package func snapshot(order id: String) async throws -> OrderSnapshot? {
        let at = now()
        return try await queue.read { db in try Self.snapshot(id, db, at: at) }
    }

    static func snapshot(_ id: String, _ db: Database, at: Date) throws -> OrderSnapshot? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT o.*, p.status AS payment_status, p.channel_status, a.frozen, a.freeze_reason, c.recovers_at,
                        (SELECT verify_locked FROM user WHERE id = o.user_id) AS verify_locked
                    FROM "order" o JOIN payment p ON p.order_id = o.id JOIN account a ON a.user_id = o.user_id JOIN channel c ON c.name = o.channel
                    WHERE o.id = ?
                    """, arguments: [id])
        else { return nil }
        let user: String = row["user_id"]
        let status: String = row["status"]
        let age = Int64(at.timeIntervalSince(Date(timeIntervalSince1970: row["created_at"])))
        let frozen: Bool = row["frozen"]
        let charges = try Row.fetchAll(
            db, sql: "SELECT id, amount_minor, refunded_minor, status, channel FROM charge WHERE order_id = ? ORDER BY at, id", arguments: [id]
        ).map { Charge(id: $0["id"], amountMinor: $0["amount_minor"], refundedMinor: $0["refunded_minor"], status: $0["status"], channel: $0["channel"]) }
        // The wallet reports facts; which anomaly they make is the triage rules' to say.
        return OrderSnapshot(
            orderID: id, userID: user, orderStatus: status, paymentStatus: row["payment_status"], amountMinor: row["amount_minor"],
            currency: row["currency"], ageSeconds: age, userNotified: row["notified"], accountFrozen: frozen, freezeReason: row["freeze_reason"],
            balanceMinor: try balance(of: "user:\(user)", db), channel: row["channel"],
            channelHealthy: at.timeIntervalSince1970 >= (row["recovers_at"] as Double), channelStatus: row["channel_status"],
            failureCause: row["failure_cause"], refundRequested: row["refund_requested"], verificationLocked: row["verify_locked"], charges: charges)
    }

    /// Records the charge a capture or payment `txn` made.
    static func recordCharge(txn: String, order: String, amountMinor: Int64, channel: String, at: Date, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO charge (id, order_id, amount_minor, status, channel, at) VALUES (?, ?, ?, 'captured', ?, ?)",
            arguments: ["CHG-" + shortID(txn), order, amountMinor, channel, at.timeIntervalSince1970])
    }

    static func balance(of account: String, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(amount_minor), 0) FROM ledger WHERE account = ?", arguments: [account]) ?? 0
    }

    // MARK: Messages, reviews, escalations, feedback

    package func profile(user: String) async throws -> UserProfile? {
        try await queue.read { db in
            try Row.fetchOne(db, sql: "SELECT locale, time_zone FROM user WHERE id = ?", arguments: [user]).map {
                UserProfile(locale: $0["locale"], timeZone: $0["time_zone"])
            }
        }
    }

    package func send(_ message: OutboundMessage, key: String) async throws -> String {
        let at = now()
        let texts = String(decoding: (try? JSONEncoder.sorted.encode(message.texts)) ?? Data("{}".utf8), as: UTF8.self)
        return try await effect(key, "send", "\(message.userID)|\(message.orderID)|\(message.channel)|\(message.template)|\(texts)") { db in
            guard try Bool.fetchOne(db, sql: "SELECT reachable FROM user WHERE id = ?", arguments: [message.userID]) != false else {
                throw WalletError.refused("\(message.userID) cannot be reached by \(message.channel)")
            }
            let id = "MSG-" + Self.shortID(key)
            try db.execute(
                sql: "INSERT INTO outbox (id, user_id, order_id, channel, text, at, template, locale, texts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, message.userID, message.orderID, message.channel, message.text, at.timeIntervalSince1970, message.template, message.locale, texts])
            try db.execute(sql: "UPDATE \"order\" SET notified = 1 WHERE id = ?", arguments: [message.orderID])
            return id
        }
    }

    package func openReview(order: String, queue name: String, reason: String, requestedBy: String, key: String) async throws -> String {
        try await effect(key, "review", "\(order)|\(name)|\(reason)|\(requestedBy)") { db in
            let id = "REV-" + Self.shortID(key)
            try db.execute(
                sql: "INSERT INTO review (id, order_id, queue, reason, requested_by, status) VALUES (?, ?, ?, ?, ?, 'open')",
                arguments: [id, order, name, reason, requestedBy])
            return id
        }
    }

    package func decideReview(id: String, reviewer: String, approved: Bool, note: String) async throws {
        try await queue.write { db in
            guard let requester = try String.fetchOne(db, sql: "SELECT requested_by FROM review WHERE id = ?", arguments: [id]) else {
                throw WalletError.notFound("review \(id)")
            }
            guard requester != reviewer else { throw WalletError.refused("the reviewer must differ from the requester") }
            try db.execute(
                sql: "UPDATE review SET status = ?, reviewer = ?, note = ? WHERE id = ? AND status = 'open'",
                arguments: [approved ? "approved" : "rejected", reviewer, note, id])
        }
    }

    package func escalate(order: String, tier: Int, priority: String, reason: String, summary: String, key: String) async throws -> String {
        let at = now()
        return try await effect(key, "escalate", "\(order)|\(tier)|\(priority)|\(reason)|\(summary)") { db in
            let id = "ESC-" + Self.shortID(key)
            try db.execute(
                sql: "INSERT INTO escalation (id, order_id, tier, priority, reason, summary, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, order, tier, priority, reason, summary, at.timeIntervalSince1970])
            return id
        }
    }

    package func recordFeedback(order: String, rating: Int, comment: String, key: String) async throws {
        let at = now()
        _ = try await effect(key, "feedback", "\(order)|\(rating)|\(comment)") { db in
            try db.execute(
                sql: "INSERT INTO feedback (order_id, rating, comment, at) VALUES (?, ?, ?, ?)",
                arguments: [order, rating, comment, at.timeIntervalSince1970])
            return "recorded"
        }
    }

    // MARK: Idempotency

    /// Runs `body` once per key: a repeated key with the same fingerprint returns the stored
    /// result; with another fingerprint it is refused.
    func effect(_ key: String, _ operation: String, _ fingerprint: String, _ body: @escaping @Sendable (Database) throws -> String) async throws -> String {
        try await queue.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT operation, fingerprint, result FROM effect WHERE key = ?", arguments: [key]) {
                guard row["operation"] == operation, row["fingerprint"] == fingerprint else { throw WalletError.keyReuse(key) }
                return row["result"]
            }
            let result = try body(db)
            try db.execute(
                sql: "INSERT INTO effect (key, operation, fingerprint, result) VALUES (?, ?, ?, ?)", arguments: [key, operation, fingerprint, result])
            return result
        }
    }

    static func shortID(_ key: String) -> String {
        String(SHA256.hash(data: Data(key.utf8)).prefix(5).map { String(format: "%02X", $0) }.joined())
    }
}

extension JSONEncoder {
    /// An encoder whose output is the same for the same value (keys sorted): an idempotency
    /// fingerprint must not depend on dictionary order.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

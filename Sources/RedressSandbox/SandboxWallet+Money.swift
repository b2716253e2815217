import Foundation
import GRDB
import RedressWalletAPI
import RedressWalletPlugin

extension SandboxWallet {
    /// Posts one balanced ledger transaction.
    static func post(_ txn: String, order: String?, _ legs: [(account: String, amount: Int64)], memo: String, at: Date, _ db: Database) throws {
        precondition(legs.reduce(0) { $0 + $1.amount } == 0, "a ledger transaction must balance")
        for leg in legs {
            try db.execute(
                sql: "INSERT INTO ledger (txn, order_id, account, amount_minor, memo, at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [txn, order, leg.account, leg.amount, memo, at.timeIntervalSince1970])
        }
    }

    /// The channel's configured behaviour (`ok`, `fail`, `ambiguous`) and whether it is up.
    static func channelState(for order: String, _ db: Database, at: Date) throws -> (behaviour: String, healthy: Bool) {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT c.behaviour, c.recovers_at FROM channel c JOIN \"order\" o ON o.channel = c.name WHERE o.id = ?", arguments: [order])
        else { throw WalletError.notFound("order \(order)") }
        return (row["behaviour"], at.timeIntervalSince1970 >= (row["recovers_at"] as Double))
    }

    /// A channel set to `slow` takes this long per money operation (for timeout demos).
    static let slowDelay: UInt64 = 3_000_000_000

    private func waitIfSlow(_ order: String) async throws {
        let behaviour = try await queue.read { db in
            try String.fetchOne(db, sql: "SELECT c.behaviour FROM channel c JOIN \"order\" o ON o.channel = c.name WHERE o.id = ?", arguments: [order])
        }
        if behaviour == "slow" { try await Task.sleep(nanoseconds: Self.slowDelay) }
    }

    package func retryPayment(order: String, amountMinor: Int64, currency: String, proof: String, key: String) async throws -> PaymentAttempt {
        try await waitIfSlow(order)
        let at = now()
        let result = try await effect(key, "pay", "\(order)|\(amountMinor)|\(currency)") { db in
            let channel = try Self.channelState(for: order, db, at: at)
            try Self.checkProof(proof, order: order, key: key, at: at, db)
            guard channel.healthy, channel.behaviour != "fail" else { throw WalletError.unavailable("the payment channel is down") }
            if channel.behaviour == "lost" { return "lost" }
            guard let row = try Row.fetchOne(db, sql: "SELECT user_id, amount_minor, currency, status, channel FROM \"order\" WHERE id = ?", arguments: [order]) else {
                throw WalletError.notFound("order \(order)")
            }
            guard row["amount_minor"] == amountMinor, row["currency"] == currency else { throw WalletError.refused("amount or currency does not match the order") }
            guard (row["status"] as String) != "paid" else { return "declined:already paid" }
            let user: String = row["user_id"]
            guard try Self.balance(of: "user:\(user)", db) >= amountMinor else { return "declined:insufficient balance" }
            try Self.post("pay-\(key)", order: order, [("user:\(user)", -amountMinor), ("merchant", amountMinor)], memo: "payment retried", at: at, db)
            try Self.recordCharge(txn: "pay-\(key)", order: order, amountMinor: amountMinor, channel: row["channel"], at: at, db)
            try db.execute(sql: "UPDATE \"order\" SET status = 'paid' WHERE id = ?", arguments: [order])
            try db.execute(sql: "UPDATE payment SET status = 'succeeded', channel_status = 'paid' WHERE order_id = ?", arguments: [order])
            return "succeeded:PAY-" + Self.shortID(key)
        }
        if result == "lost" { throw WalletError.ambiguous("the channel lost the request; it may or may not have been applied") }
        try await answerLostIfAmbiguous(order)
        return Self.paymentAttempt(result)
    }

    package func refund(
        order: String, charge: String, amountMinor: Int64, currency: String, reason: String, proof: String, key: String
    ) async throws -> RefundAttempt {
        try await waitIfSlow(order)
        let at = now()
        let result = try await effect(key, "refund", "\(order)|\(charge)|\(amountMinor)|\(currency)|\(reason)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT user_id, currency FROM \"order\" WHERE id = ?", arguments: [order]) else {
                throw WalletError.notFound("order \(order)")
            }
            try Self.checkProof(proof, order: order, key: key, at: at, db)
            guard let held = try Row.fetchOne(
                db, sql: "SELECT amount_minor - refunded_minor AS held, status FROM charge WHERE id = ? AND order_id = ?", arguments: [charge, order])
            else { return "rejected:the order has no charge \(charge)" }
            guard ["captured", "partially_refunded"].contains(held["status"] as String), (held["held"] as Int64) > 0 else {
                return "rejected:charge \(charge) holds no money"
            }
            guard row["currency"] == currency else { return "rejected:the order is in \(row["currency"] as String), not \(currency)" }
            guard amountMinor > 0, amountMinor <= (held["held"] as Int64) else { return "rejected:amount exceeds what charge \(charge) holds" }
            let user: String = row["user_id"]
            try Self.post("refund-\(key)", order: order, [("merchant", -amountMinor), ("user:\(user)", amountMinor)], memo: reason, at: at, db)
            try db.execute(
                sql: """
                    UPDATE charge SET refunded_minor = refunded_minor + ?,
                        status = CASE WHEN refunded_minor + ? >= amount_minor THEN 'refunded' ELSE 'partially_refunded' END
                    WHERE id = ?
                    """, arguments: [amountMinor, amountMinor, charge])
            // The order follows the money: refunded only when none of its charges holds any.
            let stillHeld = try Int64.fetchOne(
                db, sql: "SELECT COALESCE(SUM(amount_minor - refunded_minor), 0) FROM charge WHERE order_id = ? AND status IN ('captured', 'partially_refunded')",
                arguments: [order]) ?? 0
            if stillHeld == 0 {
                try db.execute(sql: "UPDATE \"order\" SET status = 'refunded', refund_requested = 0 WHERE id = ?", arguments: [order])
                try db.execute(sql: "UPDATE payment SET status = 'refunded', channel_status = 'refunded' WHERE order_id = ?", arguments: [order])
            }
            return "refunded:RFD-\(Self.shortID(key)):\(amountMinor)"
        }
        try await answerLostIfAmbiguous(order)
        let parts = result.split(separator: ":", maxSplits: 2).map(String.init)
        if parts.first == "refunded", parts.count == 3, let amount = Int64(parts[2]) { return .refunded(refundID: parts[1], amountMinor: amount) }
        return .rejected(reason: parts.count > 1 ? parts[1] : result)
    }

    package func unfreeze(user: String, order: String, reviewID: String, reason: String, proof: String, key: String) async throws -> Int64 {
        let at = now()
        let result = try await effect(key, "unfreeze", "\(user)|\(order)|\(reviewID)|\(reason)") { db in
            try Self.checkProof(proof, order: order, key: key, at: at, db)
            guard try String.fetchOne(db, sql: "SELECT user_id FROM \"order\" WHERE id = ?", arguments: [order]) == user else {
                throw WalletError.refused("\(user) does not own \(order)")
            }
            guard try String.fetchOne(db, sql: "SELECT status FROM review WHERE id = ?", arguments: [reviewID]) == "approved" else {
                throw WalletError.refused("review \(reviewID) is not approved")
            }
            guard try Bool.fetchOne(db, sql: "SELECT frozen FROM account WHERE user_id = ?", arguments: [user]) == true else {
                throw WalletError.refused("the account of \(user) is not frozen")
            }
            let held = try Self.balance(of: "held:\(user)", db)
            if held > 0 { try Self.post("release-\(key)", order: order, [("held:\(user)", -held), ("user:\(user)", held)], memo: reason, at: at, db) }
            try db.execute(sql: "UPDATE account SET frozen = 0, freeze_reason = '' WHERE user_id = ?", arguments: [user])
            try db.execute(sql: "UPDATE \"order\" SET status = 'paid' WHERE id = ? AND status = 'processing'", arguments: [order])
            return String(held)
        }
        return Int64(result) ?? 0
    }

    package func reconcile(order: String, key: String) async throws -> Reconciliation {
        try await queue.write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT o.status, p.channel_status FROM \"order\" o JOIN payment p ON p.order_id = o.id WHERE o.id = ?", arguments: [order])
            else { throw WalletError.notFound("order \(order)") }
            let status: String = row["status"]
            let channelStatus: String = row["channel_status"]
            var corrected = false
            var newStatus = status
            if channelStatus == "paid", status != "paid", status != "refunded" {
                newStatus = "paid"
            } else if channelStatus == "failed", status == "processing" {
                newStatus = "failed"
            }
            if newStatus != status {
                corrected = true
                try db.execute(sql: "UPDATE \"order\" SET status = ? WHERE id = ?", arguments: [newStatus, order])
                try db.execute(
                    sql: "UPDATE payment SET status = ? WHERE order_id = ?", arguments: [newStatus == "paid" ? "succeeded" : "failed", order])
            }
            return Reconciliation(channelStatus: channelStatus, corrected: corrected, orderStatus: newStatus)
        }
    }

    static func paymentAttempt(_ result: String) -> PaymentAttempt {
        let parts = result.split(separator: ":", maxSplits: 1).map(String.init)
        return parts.first == "succeeded" ? .succeeded(paymentID: parts.count > 1 ? parts[1] : "") : .declined(reason: parts.count > 1 ? parts[1] : result)
    }

    /// A channel set to `ambiguous` applies the effect, then loses the answer: the caller cannot
    /// tell what happened (as with a timeout after the bank accepted the request).
    private func answerLostIfAmbiguous(_ order: String) async throws {
        let behaviour = try await queue.read { db in
            try String.fetchOne(db, sql: "SELECT c.behaviour FROM channel c JOIN \"order\" o ON o.channel = c.name WHERE o.id = ?", arguments: [order])
        }
        if behaviour == "ambiguous" { throw WalletError.ambiguous("the channel did not confirm; the effect may have happened") }
    }
}

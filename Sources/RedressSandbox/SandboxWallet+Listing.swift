import Foundation
import GRDB
import RedressWalletAPI

extension SandboxWallet {
    /// One message in the outbox.
    package struct Message: Sendable, Hashable {
        /// The message id.
        package let id: String
        /// The recipient.
        package let userID: String
        /// The order it is about (empty for 2FA codes).
        package let orderID: String
        /// How it was sent.
        package let channel: String
        /// What it says, in the language it was sent in.
        package let text: String
        /// That language (empty for the wallet's own 2FA codes).
        package var locale: String = ""
        /// The same message in every language its template has.
        package var texts: [String: String] = [:]
    }

    /// One ledger leg.
    package struct LedgerEntry: Sendable, Hashable {
        /// The transaction the leg belongs to (its legs sum to zero).
        package let txn: String
        /// The account (`user:ID`, `merchant`, `held:ID`, `bank`).
        package let account: String
        /// Signed amount in minor units.
        package let amountMinor: Int64
        /// Why.
        package let memo: String
    }

    /// Every order id, in order.
    package func orderIDs() throws -> [String] {
        try queue.read { try String.fetchAll($0, sql: "SELECT id FROM \"order\" ORDER BY id") }
    }

    /// A page of order ids in id order after `cursor`: the gateway's listing (`scan`).
    package func orders(after cursor: String?, limit: Int) async throws -> OrderPage {
        let size = max(1, min(limit, 10_000))
        let ids = try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM \"order\" WHERE id > ? ORDER BY id LIMIT ?", arguments: [cursor ?? "", size])
        }
        return OrderPage(orderIDs: ids, nextCursor: ids.count == size ? ids.last : nil)
    }

    /// The outbox, oldest first.
    package func outbox() throws -> [Message] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY at, id").map {
                Message(
                    id: $0["id"], userID: $0["user_id"], orderID: $0["order_id"], channel: $0["channel"], text: $0["text"], locale: $0["locale"],
                    texts: (try? JSONDecoder().decode([String: String].self, from: Data(($0["texts"] as String).utf8))) ?? [:])
            }
        }
    }

    /// The ledger legs that concern `order`.
    package func ledger(order: String) throws -> [LedgerEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT txn, account, amount_minor, memo FROM ledger WHERE order_id = ? ORDER BY id", arguments: [order]).map {
                LedgerEntry(txn: $0["txn"], account: $0["account"], amountMinor: $0["amount_minor"], memo: $0["memo"])
            }
        }
    }

    /// The sum of every ledger leg: zero when money is conserved.
    package func ledgerTotal() throws -> Int64 {
        try queue.read { try Int64.fetchOne($0, sql: "SELECT COALESCE(SUM(amount_minor), 0) FROM ledger") ?? 0 }
    }

    /// Sets a channel's behaviour for demos and tests: `ok`; `fail` (unavailable); `slow` (3 s
    /// per money operation); `ambiguous` (applies the effect, loses the answer); `lost` (loses
    /// the request without applying it, and says nothing clear).
    package func setChannel(_ name: String, behaviour: String) throws {
        try queue.write { db in try db.execute(sql: "UPDATE channel SET behaviour = ? WHERE name = ?", arguments: [behaviour, name]) }
    }
}

extension SandboxWallet {
    /// Adds `count` anomalous orders, cycling through every anomaly type and cause, for batch
    /// runs and benchmarks; returns their ids.
    package func generate(_ count: Int) throws -> [String] {
        let at = now()
        let templates = SandboxSeed.orders().filter { !$0.id.hasPrefix("ORD-5") }
        return try queue.write { db in
            let start = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"order\" WHERE id LIKE 'ORD-G%'") ?? 0) + 1
            var ids: [String] = []
            ids.reserveCapacity(count)
            for index in 0..<count {
                let template = templates[index % templates.count]
                let id = String(format: "ORD-G%07d", start + index)
                let order = SandboxSeed.DemoOrder(
                    id: id, user: template.user, amount: template.amount + Int64(index % 97), status: template.status,
                    paymentStatus: template.paymentStatus, channelStatus: template.channelStatus, channel: template.channel, cause: template.cause,
                    ageMinutes: template.ageMinutes, notified: template.notified, captured: template.captured, chargedTwice: template.chargedTwice,
                    refundRequested: template.refundRequested)
                try SandboxSeed.insert(order, db, at: at)
                ids.append(id)
            }
            return ids
        }
    }
}

extension SandboxWallet {
    /// Sets what the channel says about an order's payment (`paid`, `failed`, `pending`,
    /// `unknown`), for demos and tests of the reconciliation branches.
    package func setChannelStatus(order: String, to status: String) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE payment SET channel_status = ? WHERE order_id = ?", arguments: [status, order])
        }
    }
}

extension SandboxWallet {
    /// Makes a user unreachable (messages to them are refused) or reachable again.
    package func setReachable(user: String, _ reachable: Bool) throws {
        try queue.write { db in try db.execute(sql: "UPDATE user SET reachable = ? WHERE id = ?", arguments: [reachable, user]) }
    }

    /// Lifts a hold by hand, as an operator might outside Redress.
    package func unfreezeManually(user: String) throws {
        try queue.write { db in try db.execute(sql: "UPDATE account SET frozen = 0, freeze_reason = '' WHERE user_id = ?", arguments: [user]) }
    }
}

import Foundation
import GRDB

extension SandboxWallet {
    /// One message in the outbox.
    public struct Message: Sendable, Hashable {
        public let id: String
        public let userID: String
        public let orderID: String
        public let channel: String
        public let text: String
    }

    /// One ledger leg.
    public struct LedgerEntry: Sendable, Hashable {
        public let txn: String
        public let account: String
        public let amountMinor: Int64
        public let memo: String
    }

    /// Every order id, in order.
    public func orderIDs() throws -> [String] {
        try queue.read { try String.fetchAll($0, sql: "SELECT id FROM \"order\" ORDER BY id") }
    }

    /// The outbox, oldest first.
    public func outbox() throws -> [Message] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY at, id").map {
                Message(id: $0["id"], userID: $0["user_id"], orderID: $0["order_id"], channel: $0["channel"], text: $0["text"])
            }
        }
    }

    /// The ledger legs that concern `order`.
    public func ledger(order: String) throws -> [LedgerEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT txn, account, amount_minor, memo FROM ledger WHERE order_id = ? ORDER BY id", arguments: [order]).map {
                LedgerEntry(txn: $0["txn"], account: $0["account"], amountMinor: $0["amount_minor"], memo: $0["memo"])
            }
        }
    }

    /// The sum of every ledger leg: zero when money is conserved.
    public func ledgerTotal() throws -> Int64 {
        try queue.read { try Int64.fetchOne($0, sql: "SELECT COALESCE(SUM(amount_minor), 0) FROM ledger") ?? 0 }
    }

    /// Sets a channel's behaviour (`ok`, `fail`, `ambiguous`) for demos and tests.
    public func setChannel(_ name: String, behaviour: String) throws {
        try queue.write { db in try db.execute(sql: "UPDATE channel SET behaviour = ? WHERE name = ?", arguments: [behaviour, name]) }
    }
}

import Crypto
import Foundation
import GRDB
import RedressWalletAPI

/// The demo data: users with authenticator seeds and balances, two payment channels (one in an
/// outage that recovers after five minutes), and orders covering every anomaly type and cause at
/// least twice, plus normal orders.
enum SandboxSeed {
    struct DemoOrder {
        let id: String
        let user: String
        let amount: Int64
        let status: String
        let paymentStatus: String
        let channelStatus: String
        let channel: String
        let cause: String
        let ageMinutes: Double
        let notified: Bool
        let captured: Bool
        /// The channel took the money twice (a duplicate charge).
        var chargedTwice = false
        /// The user asked for their money back.
        var refundRequested = false
    }

    static let users: [(id: String, name: String, balance: Int64, frozen: String?)] = [
        ("u-1001", "李娜 Li Na", 500_00, nil), ("u-1002", "王伟 Wang Wei", 800_00, nil), ("u-1003", "张敏 Zhang Min", 20_00, nil),
        ("u-1004", "刘洋 Liu Yang", 5_00, nil), ("u-1005", "陈静 Chen Jing", 1_000_00, nil), ("u-1006", "杨帆 Yang Fan", 300_00, nil),
        ("u-2001", "赵磊 Zhao Lei", 1_200_00, "risk_control"), ("u-2002", "黄丽 Huang Li", 900_00, "payment_rule_violation"),
        ("u-3001", "周杰 Zhou Jie", 600_00, nil), ("u-4001", "吴芳 Wu Fang", 400_00, nil),
    ]

    static func orders() -> [DemoOrder] {
        [
            DemoOrder(id: "ORD-1001", user: "u-1001", amount: 128_00, status: "failed", paymentStatus: "failed", channelStatus: "failed", channel: "unionpay", cause: "network", ageMinutes: 12, notified: false, captured: false),
            DemoOrder(id: "ORD-1002", user: "u-1002", amount: 256_50, status: "failed", paymentStatus: "failed", channelStatus: "failed", channel: "unionpay", cause: "network", ageMinutes: 30, notified: false, captured: false),
            DemoOrder(id: "ORD-1003", user: "u-1003", amount: 99_00, status: "failed", paymentStatus: "failed", channelStatus: "failed", channel: "unionpay", cause: "insufficient_balance", ageMinutes: 5, notified: false, captured: false),
            DemoOrder(id: "ORD-1004", user: "u-1004", amount: 45_90, status: "failed", paymentStatus: "failed", channelStatus: "failed", channel: "unionpay", cause: "insufficient_balance", ageMinutes: 8, notified: true, captured: false),
            DemoOrder(id: "ORD-1005", user: "u-1005", amount: 88_00, status: "failed", paymentStatus: "failed", channelStatus: "failed", channel: "unionpay", cause: "invalid_payment_details", ageMinutes: 3, notified: false, captured: false),
            DemoOrder(id: "ORD-1006", user: "u-1006", amount: 19_99, status: "failed", paymentStatus: "failed", channelStatus: "failed", channel: "unionpay", cause: "invalid_payment_details", ageMinutes: 15, notified: false, captured: false),
            DemoOrder(id: "ORD-1007", user: "u-1005", amount: 66_00, status: "failed", paymentStatus: "failed", channelStatus: "failed", channel: "fastpay", cause: "channel_outage", ageMinutes: 4, notified: false, captured: false),
            DemoOrder(id: "ORD-1008", user: "u-1006", amount: 72_00, status: "failed", paymentStatus: "failed", channelStatus: "failed", channel: "fastpay", cause: "channel_outage", ageMinutes: 6, notified: false, captured: false),
            DemoOrder(id: "ORD-2001", user: "u-2001", amount: 300_00, status: "processing", paymentStatus: "pending", channelStatus: "pending", channel: "unionpay", cause: "", ageMinutes: 2, notified: true, captured: false),
            DemoOrder(id: "ORD-2002", user: "u-2002", amount: 150_00, status: "processing", paymentStatus: "pending", channelStatus: "pending", channel: "unionpay", cause: "", ageMinutes: 9, notified: true, captured: false),
            DemoOrder(id: "ORD-3001", user: "u-3001", amount: 210_00, status: "processing", paymentStatus: "unknown", channelStatus: "paid", channel: "unionpay", cause: "", ageMinutes: 45, notified: false, captured: true),
            DemoOrder(id: "ORD-3002", user: "u-3001", amount: 75_00, status: "processing", paymentStatus: "unknown", channelStatus: "failed", channel: "unionpay", cause: "", ageMinutes: 90, notified: false, captured: false),
            DemoOrder(id: "ORD-4001", user: "u-4001", amount: 59_00, status: "created", paymentStatus: "succeeded", channelStatus: "paid", channel: "unionpay", cause: "", ageMinutes: 7, notified: false, captured: true),
            DemoOrder(id: "ORD-4002", user: "u-4001", amount: 33_30, status: "created", paymentStatus: "succeeded", channelStatus: "paid", channel: "unionpay", cause: "", ageMinutes: 20, notified: false, captured: true),
            DemoOrder(id: "ORD-5001", user: "u-1001", amount: 12_00, status: "paid", paymentStatus: "succeeded", channelStatus: "paid", channel: "unionpay", cause: "", ageMinutes: 60, notified: true, captured: true),
            DemoOrder(id: "ORD-5002", user: "u-1002", amount: 8_80, status: "paid", paymentStatus: "succeeded", channelStatus: "paid", channel: "unionpay", cause: "", ageMinutes: 120, notified: true, captured: true),
            DemoOrder(
                id: "ORD-6001", user: "u-1002", amount: 180_00, status: "paid", paymentStatus: "succeeded", channelStatus: "paid", channel: "unionpay",
                cause: "", ageMinutes: 150, notified: true, captured: true, chargedTwice: true),
            DemoOrder(
                id: "ORD-6002", user: "u-1005", amount: 666_00, status: "paid", paymentStatus: "succeeded", channelStatus: "paid", channel: "unionpay",
                cause: "", ageMinutes: 1_440, notified: true, captured: true, refundRequested: true),
            DemoOrder(id: "ORD-5003", user: "u-1005", amount: 25_00, status: "processing", paymentStatus: "pending", channelStatus: "pending", channel: "unionpay", cause: "", ageMinutes: 1, notified: true, captured: false),
        ]
    }

    /// The deterministic authenticator seed of a demo user (20 bytes, as RFC 6238's SHA-1 seeds).
    static func seed(for user: String) -> Data {
        Data(SHA256.hash(data: Data("redress-sandbox-totp-\(user)".utf8)).prefix(20))
    }

    static func seed(_ db: Database, at now: Date) throws {
        try db.execute(sql: "INSERT INTO channel (name, recovers_at) VALUES ('unionpay', 0), ('fastpay', ?)", arguments: [now.timeIntervalSince1970 + 300])
        for user in users {
            try db.execute(
                sql: "INSERT INTO user (id, name, phone, totp_seed) VALUES (?, ?, ?, ?)",
                arguments: [user.id, user.name, "+86 138 0000 \(user.id.suffix(4))", seed(for: user.id)])
            try db.execute(
                sql: "INSERT INTO account (user_id, frozen, freeze_reason) VALUES (?, ?, ?)", arguments: [user.id, user.frozen != nil, user.frozen ?? ""])
            try SandboxWallet.post("fund-\(user.id)", order: nil, [("bank", -user.balance), ("user:\(user.id)", user.balance)], memo: "opening balance", at: now, db)
            if user.frozen != nil {
                let held = user.balance / 2
                try SandboxWallet.post("hold-\(user.id)", order: nil, [("user:\(user.id)", -held), ("held:\(user.id)", held)], memo: "held by risk control", at: now, db)
            }
        }
        // Two users read English (one in London), the others Chinese in Shanghai.
        try db.execute(sql: "UPDATE user SET locale = 'en' WHERE id IN ('u-1002', 'u-3001')")
        try db.execute(sql: "UPDATE user SET time_zone = 'Europe/London' WHERE id = 'u-3001'")
        for order in orders() { try insert(order, db, at: now) }
    }

    static func insert(_ order: DemoOrder, _ db: Database, at now: Date) throws {
        try db.execute(
            sql: """
                INSERT INTO "order" (id, user_id, amount_minor, currency, status, created_at, notified, channel, failure_cause, refund_requested)
                VALUES (?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                order.id, order.user, order.amount, order.status, now.timeIntervalSince1970 - order.ageMinutes * 60, order.notified, order.channel, order.cause,
                order.refundRequested,
            ])
        try db.execute(
            sql: "INSERT INTO payment (order_id, status, channel_status) VALUES (?, ?, ?)", arguments: [order.id, order.paymentStatus, order.channelStatus])
        for capture in 0..<(order.captured ? (order.chargedTwice ? 2 : 1) : 0) {
            let txn = capture == 0 ? "capture-\(order.id)" : "capture\(capture + 1)-\(order.id)"
            try SandboxWallet.post(txn, order: order.id, [("user:\(order.user)", -order.amount), ("merchant", order.amount)], memo: "captured by the channel", at: now, db)
            try SandboxWallet.recordCharge(txn: txn, order: order.id, amountMinor: order.amount, channel: order.channel, at: now.addingTimeInterval(Double(capture)), db)
        }
    }
}

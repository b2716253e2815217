import Foundation
import GRDB
import RedressWalletAPI

/// The sandbox wallet's tables, created by numbered migrations.
enum SandboxSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sandbox wallet") { db in
            try db.execute(
                sql: """
                    CREATE TABLE user (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL, totp_seed BLOB NOT NULL,
                        verify_failures INTEGER NOT NULL DEFAULT 0, verify_locked INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE account (user_id TEXT PRIMARY KEY NOT NULL REFERENCES user(id), frozen INTEGER NOT NULL DEFAULT 0,
                        freeze_reason TEXT NOT NULL DEFAULT '');
                    CREATE TABLE channel (name TEXT PRIMARY KEY NOT NULL, recovers_at REAL NOT NULL DEFAULT 0, behaviour TEXT NOT NULL DEFAULT 'ok');
                    CREATE TABLE "order" (id TEXT PRIMARY KEY NOT NULL, user_id TEXT NOT NULL REFERENCES user(id), amount_minor INTEGER NOT NULL,
                        currency TEXT NOT NULL, status TEXT NOT NULL, created_at REAL NOT NULL, notified INTEGER NOT NULL,
                        channel TEXT NOT NULL REFERENCES channel(name), failure_cause TEXT NOT NULL DEFAULT '');
                    CREATE TABLE payment (order_id TEXT PRIMARY KEY NOT NULL REFERENCES "order"(id), status TEXT NOT NULL,
                        channel_status TEXT NOT NULL);
                    CREATE TABLE ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, txn TEXT NOT NULL, order_id TEXT, account TEXT NOT NULL,
                        amount_minor INTEGER NOT NULL, memo TEXT NOT NULL, at REAL NOT NULL);
                    CREATE INDEX ledger_by_account ON ledger(account);
                    CREATE INDEX ledger_by_order ON ledger(order_id);
                    CREATE TABLE outbox (id TEXT PRIMARY KEY NOT NULL, user_id TEXT NOT NULL, order_id TEXT NOT NULL, channel TEXT NOT NULL,
                        text TEXT NOT NULL, at REAL NOT NULL);
                    CREATE TABLE review (id TEXT PRIMARY KEY NOT NULL, order_id TEXT NOT NULL, queue TEXT NOT NULL, reason TEXT NOT NULL,
                        requested_by TEXT NOT NULL, status TEXT NOT NULL, reviewer TEXT, note TEXT);
                    CREATE TABLE escalation (id TEXT PRIMARY KEY NOT NULL, order_id TEXT NOT NULL, tier INTEGER NOT NULL, priority TEXT NOT NULL,
                        reason TEXT NOT NULL, summary TEXT NOT NULL, at REAL NOT NULL);
                    CREATE TABLE feedback (order_id TEXT NOT NULL, rating INTEGER NOT NULL, comment TEXT NOT NULL, at REAL NOT NULL);
                    CREATE TABLE effect (key TEXT PRIMARY KEY NOT NULL, operation TEXT NOT NULL, fingerprint TEXT NOT NULL, result TEXT NOT NULL);
                    CREATE TABLE challenge (key TEXT PRIMARY KEY NOT NULL, user_id TEXT NOT NULL, method TEXT NOT NULL, code_hash TEXT,
                        expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE used_totp_step (user_id TEXT NOT NULL, step INTEGER NOT NULL, PRIMARY KEY (user_id, step));
                    """)
        }
        migrator.registerMigration("v2: reachable users") { db in
            try db.execute(sql: "ALTER TABLE user ADD COLUMN reachable INTEGER NOT NULL DEFAULT 1")
        }
        migrator.registerMigration("v3: code secret") { db in
            // A random key for hashing one-time codes: a stolen database alone cannot be used to
            // guess a 6-digit code offline.
            var secret = SystemRandomNumberGenerator()
            let key = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &secret) })
            try db.execute(sql: "CREATE TABLE secret (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL)")
            try db.execute(sql: "INSERT INTO secret (name, value) VALUES ('code-hmac', ?)", arguments: [key])
        }
        migrator.registerMigration("v4: balances from the index") { db in
            // Every order snapshot sums its user's ledger; with the amount in the index the sum
            // reads the index alone instead of one table row per entry (a scan of 100,000
            // generated orders spent a seventh of its time on those row lookups).
            try db.execute(
                sql: """
                    CREATE INDEX ledger_balance ON ledger(account, amount_minor);
                    DROP INDEX ledger_by_account;
                    """)
        }
        migrator.registerMigration("v5: identity proofs") { db in
            // Only a proof's SHA-256 is kept: a stolen database cannot be used to move money.
            try db.execute(
                sql: """
                    CREATE TABLE proof (
                        hash TEXT PRIMARY KEY NOT NULL, user_id TEXT NOT NULL, order_id TEXT NOT NULL, method TEXT NOT NULL,
                        expires_at REAL NOT NULL, used_key TEXT
                    );
                    """)
        }
        migrator.registerMigration("v6: charges and refund requests") { db in
            // A refund names the charge it returns: an order charged twice keeps its goods and gets
            // the duplicate back. Existing captures and payments become one charge each; an order
            // refunded before charges existed had all of them refunded.
            try db.execute(
                sql: """
                    ALTER TABLE "order" ADD COLUMN refund_requested INTEGER NOT NULL DEFAULT 0;
                    CREATE TABLE charge (
                        id TEXT PRIMARY KEY NOT NULL, order_id TEXT NOT NULL REFERENCES "order"(id), amount_minor INTEGER NOT NULL,
                        refunded_minor INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, channel TEXT NOT NULL, at REAL NOT NULL
                    );
                    CREATE INDEX charge_by_order ON charge(order_id, at);
                    INSERT INTO charge (id, order_id, amount_minor, status, channel, at)
                        SELECT 'CHG-L' || l.id, l.order_id, l.amount_minor, 'captured', o.channel, l.at
                        FROM ledger l JOIN "order" o ON o.id = l.order_id
                        WHERE l.account = 'merchant' AND l.amount_minor > 0 AND (l.txn LIKE 'capture-%' OR l.txn LIKE 'pay-%');
                    UPDATE charge SET refunded_minor = amount_minor, status = 'refunded'
                        WHERE order_id IN (SELECT id FROM "order" WHERE status = 'refunded');
                    """)
        }
        migrator.registerMigration("v7: how users read") { db in
            // Messages are rendered per user: their language and time zone. The outbox keeps the
            // template, the language sent and every language's text.
            try db.execute(
                sql: """
                    ALTER TABLE user ADD COLUMN locale TEXT NOT NULL DEFAULT 'zh-CN';
                    ALTER TABLE user ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';
                    ALTER TABLE outbox ADD COLUMN template TEXT NOT NULL DEFAULT '';
                    ALTER TABLE outbox ADD COLUMN locale TEXT NOT NULL DEFAULT '';
                    ALTER TABLE outbox ADD COLUMN texts TEXT NOT NULL DEFAULT '{}';
                    """)
        }
        return migrator
    }
}

import Crypto
import Foundation
import GRDB
import RedressWalletAPI
import RedressWalletPlugin

extension SandboxWallet {
    package func startVerification(user: String, method: VerificationMethod, key: String, expiresAt: Date) async throws {
        let at = now()
        try await queue.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM challenge WHERE key = ?", arguments: [key]) == nil else { return }
            var codeHash: String?
            if method == .smsOTP {
                let code = String(format: "%06d", Int.random(in: 0...999_999))
                codeHash = try Self.hashCode(code, key: key, db)
                try db.execute(
                    sql: "INSERT INTO outbox (id, user_id, order_id, channel, text, at) VALUES (?, ?, '', 'sms', ?, ?)",
                    arguments: ["OTP-" + Self.shortID(key), user, "【钱包】验证码 \(code)，10 分钟内有效，请勿告诉任何人。\nWallet: never share this code; it expires in 10 minutes. Your code is \(code).", at.timeIntervalSince1970])
            }
            try db.execute(
                sql: "INSERT INTO challenge (key, user_id, method, code_hash, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [key, user, method.rawValue, codeHash, expiresAt.timeIntervalSince1970])
        }
    }

    package func checkCode(user: String, order: String, method: VerificationMethod, code: String, key: String, at: Date, maxFailures: Int) async throws -> CodeCheck {
        try await queue.write { db in
            guard let account = try Row.fetchOne(db, sql: "SELECT totp_seed, verify_failures, verify_locked FROM user WHERE id = ?", arguments: [user]) else {
                throw WalletError.notFound("user \(user)")
            }
            if (account["verify_locked"] as Bool) { return .locked }
            guard let challenge = try Row.fetchOne(db, sql: "SELECT code_hash, expires_at, used FROM challenge WHERE key = ?", arguments: [key]) else {
                throw WalletError.notFound("no verification was started for \(key)")
            }
            if at.timeIntervalSince1970 > (challenge["expires_at"] as Double) { return .expired }
            var accepted = false
            switch method {
            case .totp:
                let seed: Data = account["totp_seed"]
                if let step = OneTimePassword.matchingStep(code, secret: Array(seed), at: at) {
                    // A code is good once: the step is recorded, so a replay (even from another process) fails.
                    let fresh = try Row.fetchOne(db, sql: "SELECT 1 FROM used_totp_step WHERE user_id = ? AND step = ?", arguments: [user, Int64(step)]) == nil
                    if fresh {
                        try db.execute(sql: "INSERT INTO used_totp_step (user_id, step) VALUES (?, ?)", arguments: [user, Int64(step)])
                        accepted = true
                    }
                }
            case .smsOTP:
                let stored: String? = challenge["code_hash"]
                if OneTimePassword.isWellFormed(code, digits: 6), !(challenge["used"] as Bool), let stored,
                    OneTimePassword.constantTimeEqual(stored, try Self.hashCode(code, key: key, db))
                {
                    try db.execute(sql: "UPDATE challenge SET used = 1 WHERE key = ?", arguments: [key])
                    accepted = true
                }
            }
            if accepted {
                try db.execute(sql: "UPDATE user SET verify_failures = 0 WHERE id = ?", arguments: [user])
                let expiresAt = at.addingTimeInterval(Self.proofLifetime)
                return .verified(proof: try Self.issueProof(user: user, order: order, method: method, expiresAt: expiresAt, db), expiresAt: expiresAt)
            }
            let failures = (account["verify_failures"] as Int) + 1
            let locked = failures >= maxFailures
            try db.execute(sql: "UPDATE user SET verify_failures = ?, verify_locked = ? WHERE id = ?", arguments: [failures, locked, user])
            return locked ? .locked : .wrong(failures: failures)
        }
    }

    /// The user's current TOTP code, as their authenticator app shows it (`redress sandbox totp`).
    package func currentCode(user: String) throws -> String? {
        let at = now()
        return try queue.read { db in
            guard let seed = try Data.fetchOne(db, sql: "SELECT totp_seed FROM user WHERE id = ?", arguments: [user]) else { return nil }
            return OneTimePassword.totp(secret: Array(seed), at: at)
        }
    }

    /// Codes are stored only as an HMAC under the sandbox's own secret, bound to the challenge.
    static func hashCode(_ code: String, key: String, _ db: Database) throws -> String {
        guard let secret = try Data.fetchOne(db, sql: "SELECT value FROM secret WHERE name = 'code-hmac'") else {
            throw WalletError.unavailable("the sandbox has no code secret")
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Data((key + ":" + code).utf8), using: SymmetricKey(data: secret))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Clears a user's verification lock and failure count (an operator's decision).
    package func unlockVerification(user: String) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE user SET verify_failures = 0, verify_locked = 0 WHERE id = ?", arguments: [user])
        }
    }
}

extension SandboxWallet {
    /// How long a proof stays good: long enough for a four-eyes review before the money moves.
    package static let proofLifetime: TimeInterval = 48 * 3_600

    /// A proof that `user` passed verification for `order`, as a right code yields; demos and
    /// tests of the money operations call it directly. Only the proof's hash is stored.
    package func issueProof(user: String, order: String, method: VerificationMethod = .totp, expiresAt: Date) throws -> String {
        try queue.write { db in try Self.issueProof(user: user, order: order, method: method, expiresAt: expiresAt, db) }
    }

    static func issueProof(user: String, order: String, method: VerificationMethod, expiresAt: Date, _ db: Database) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let proof = "prf_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        try db.execute(
            sql: "INSERT INTO proof (hash, user_id, order_id, method, expires_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [proofHash(proof), user, order, method.rawValue, expiresAt.timeIntervalSince1970])
        return proof
    }

    /// Refuses (`WalletError.refused`) unless `proof` is one this wallet issued, unexpired at
    /// `at`, for `order`, for the order's owner, and unused by an operation under another key;
    /// then marks it used by `key`. Runs inside the money operation's transaction.
    static func checkProof(_ proof: String, order: String, key: String, at: Date, _ db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT user_id, order_id, expires_at, used_key FROM proof WHERE hash = ?", arguments: [proofHash(proof)])
        else { throw WalletError.refused("identity proof not recognised") }
        guard at.timeIntervalSince1970 <= (row["expires_at"] as Double) else { throw WalletError.refused("identity proof expired") }
        guard (row["order_id"] as String) == order else { throw WalletError.refused("identity proof is for another order") }
        let owner = try String.fetchOne(db, sql: "SELECT user_id FROM \"order\" WHERE id = ?", arguments: [order])
        guard owner == (row["user_id"] as String) else { throw WalletError.refused("identity proof is not the order owner's") }
        if let used: String = row["used_key"], used != key { throw WalletError.refused("identity proof was already used") }
        try db.execute(sql: "UPDATE proof SET used_key = ? WHERE hash = ?", arguments: [key, proofHash(proof)])
    }

    static func proofHash(_ proof: String) -> String {
        SHA256.hash(data: Data(proof.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

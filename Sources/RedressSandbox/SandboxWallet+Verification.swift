import Crypto
import Foundation
import GRDB
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
                    arguments: ["OTP-" + Self.shortID(key), user, "【验证码】\(code)，10分钟内有效。Your code is \(code).", at.timeIntervalSince1970])
            }
            try db.execute(
                sql: "INSERT INTO challenge (key, user_id, method, code_hash, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [key, user, method.rawValue, codeHash, expiresAt.timeIntervalSince1970])
        }
    }

    package func checkCode(user: String, method: VerificationMethod, code: String, key: String, at: Date, maxFailures: Int) async throws -> CodeCheck {
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
                return .verified
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

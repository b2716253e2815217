import Foundation
import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// `wallet.verify_identity`: 2FA. Starts a challenge, waits for the user's code as the signal
/// `otp` (a secret: never stored or logged), and checks it with replay protection and lockout;
/// a right code yields the wallet's identity proof for this user and order (a secret output).
struct VerifyIdentityHandler: StepHandler {
    let gateway: any WalletGateway
    var descriptor: HandlerDescriptor { WalletPlugin.verifyIdentity }

    static let signal = "otp"

    func dryRun(_ context: StepContext) -> StepResult {
        // A dry run moves no money, so its proof is a placeholder nothing accepts.
        .finished(
            outcome: "verified",
            output: [
                "method": context["method"], "failures": .integer(0), "verified_at": .timestamp(context.clock.now()), "proof": .string("dry-run"),
                "proof_expires_at": .timestamp(context.clock.now()),
            ])
    }

    func run(_ context: StepContext) async throws -> StepResult {
        let user = context.string("user_id")
        let method = VerificationMethod(rawValue: context.string("method")) ?? .totp
        let now = context.clock.now()
        do {
            guard let signal = context.signal, signal.name == Self.signal else {
                let deadline = now.addingTimeInterval(context.duration("deadline")?.seconds ?? 600)
                try await gateway.startVerification(user: user, method: method, key: context.idempotencyKey, expiresAt: deadline)
                return .waiting(WaitRequest(signal: Self.signal, deadline: deadline, deadlineOutcome: "expired", isSecret: true, audience: .user, subject: user))
            }
            let maxFailures: Int
            if case .integer(let value) = context["max_failures"] { maxFailures = value } else { maxFailures = 3 }
            switch try await gateway.checkCode(
                user: user, order: context.string("order_id"), method: method, code: signal.value, key: context.idempotencyKey, at: now,
                maxFailures: maxFailures)
            {
            case .verified(let proof, let expiresAt):
                return .finished(
                    outcome: "verified",
                    output: [
                        "method": .string(method.rawValue), "failures": .integer(0), "verified_at": .timestamp(now), "proof": .string(proof),
                        "proof_expires_at": .timestamp(expiresAt),
                    ])
            case .wrong(let failures):
                return .finished(outcome: "failed", output: ["method": .string(method.rawValue), "failures": .integer(failures)])
            case .locked:
                return .finished(outcome: "locked", output: ["method": .string(method.rawValue), "failures": .integer(maxFailures)])
            case .expired:
                return .finished(outcome: "expired", output: ["method": .string(method.rawValue), "failures": .integer(0)])
            }
        } catch let error as WalletError {
            throw error.stepError
        }
    }
}

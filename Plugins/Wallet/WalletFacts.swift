import RedressPlaybook
import RedressWalletAPI

/// An order snapshot as the facts triage rules read (`TriageFacts.type`): the same names the
/// validator checks rules against.
public enum WalletFacts {
    /// The facts of `snapshot`.
    public static func facts(_ snapshot: OrderSnapshot) -> Value {
        .object([
            "order": .object([
                "id": .string(snapshot.orderID), "user_id": .string(snapshot.userID), "status": .string(snapshot.orderStatus),
                "payment_status": .string(snapshot.paymentStatus), "amount": Money.decimal(snapshot.amountMinor), "currency": .string(snapshot.currency),
                "age": .duration(.seconds(snapshot.ageSeconds)), "user_notified": .bool(snapshot.userNotified),
                "failure_cause": .string(snapshot.failureCause), "refund_requested": .bool(snapshot.refundRequested),
                "charged": Money.decimal(snapshot.chargedMinor),
            ]),
            "account": .object([
                "frozen": .bool(snapshot.accountFrozen), "freeze_reason": .string(snapshot.freezeReason), "balance": Money.decimal(snapshot.balanceMinor),
                "verification_locked": .bool(snapshot.verificationLocked),
            ]),
            "channel": .object([
                "name": .string(snapshot.channel), "healthy": .bool(snapshot.channelHealthy), "status": .string(snapshot.channelStatus),
            ]),
            "charges": .list(snapshot.charges.map(charge)),
        ])
    }

    /// One charge as facts.
    static func charge(_ charge: Charge) -> Value {
        .object([
            "id": .string(charge.id), "amount": Money.decimal(charge.amountMinor), "refunded": Money.decimal(charge.refundedMinor),
            "status": .string(charge.status), "channel": .string(charge.channel),
        ])
    }
}

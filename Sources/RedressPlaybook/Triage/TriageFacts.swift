/// What triage rules (and `redress triage`) can read of an order: the wallet's snapshot as
/// facts. `TriageFacts.type` is the schema the validator checks rules against; the wallet plugin
/// builds the values with the same names.
package enum TriageFacts {
    /// Order statuses the wallet reports.
    package static let orderStatuses = ["created", "processing", "paid", "failed", "cancelled", "refunded"]
    /// Payment statuses the wallet reports.
    package static let paymentStatuses = ["pending", "succeeded", "failed", "unknown", "refunded"]
    /// What the payment channel says of the order's payment.
    package static let channelStatuses = ["pending", "paid", "failed", "unknown", "refunded"]

    /// The facts' type: `order`, `account`, `channel` and `charges`.
    package static let type = ValueType.object([
        FieldSpec(
            "order",
            .object([
                FieldSpec("id", .string), FieldSpec("user_id", .string), FieldSpec("status", .enumeration(orderStatuses)),
                FieldSpec("payment_status", .enumeration(paymentStatuses)), FieldSpec("amount", .decimal), FieldSpec("currency", .string),
                FieldSpec("age", .duration, "since the order was created"), FieldSpec("user_notified", .boolean, "whether the user got a confirmation"),
                FieldSpec("failure_cause", .string, "why the payment failed, as the channel said"),
                FieldSpec("refund_requested", .boolean, "whether the user asked for their money back"),
                FieldSpec("charged", .decimal, "what the order's charges hold now: captured minus refunded"),
            ])),
        FieldSpec(
            "account",
            .object([
                FieldSpec("frozen", .boolean), FieldSpec("freeze_reason", .string), FieldSpec("balance", .decimal),
                FieldSpec("verification_locked", .boolean, "2FA locked after too many wrong codes"),
            ])),
        FieldSpec(
            "channel",
            .object([
                FieldSpec("name", .string), FieldSpec("healthy", .boolean), FieldSpec("status", .enumeration(channelStatuses), "the channel's truth"),
            ])),
        FieldSpec("charges", .list(.object(chargeFields)), "every charge of the order"),
    ])

    /// One charge's fields.
    package static let chargeFields = [
        FieldSpec("id", .string), FieldSpec("amount", .decimal), FieldSpec("refunded", .decimal, "refunded so far"),
        FieldSpec("status", .enumeration(["pending", "captured", "failed", "refunded", "partially_refunded"])), FieldSpec("channel", .string),
    ]
}

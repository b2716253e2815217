import RedressPlaybook
import RedressPluginAPI
import RedressWalletAPI

/// The wallet's step handlers: look up and classify orders, talk to the user, verify identity
/// with 2FA, reviews and escalations, and the money-moving operations. Their policy flags (moves
/// money, releases funds, verifies identity) are what the validator's payment rules read.
public enum WalletPlugin {
    /// Every wallet handler, working against `gateway`, in a plain list; `check_status`
    /// classifies orders with `triage`.
    package static func handlers(gateway: any WalletGateway, triage: TriageRules = builtInTriage) -> [any StepHandler] {
        [
            CheckStatusHandler(gateway: gateway, triage: TriageEvaluator(rules: triage)), ContactUserHandler(gateway: gateway), VerifyIdentityHandler(gateway: gateway),
            OpenReviewHandler(gateway: gateway), EscalateHandler(gateway: gateway), RetryPaymentHandler(gateway: gateway),
            RefundHandler(gateway: gateway), UnfreezeHandler(gateway: gateway), ReconcileHandler(gateway: gateway),
            FollowUpHandler(gateway: gateway),
        ]
    }

    /// Every wallet handler's descriptor, with the built-in triage's anomaly types and causes.
    public static var descriptors: [HandlerDescriptor] { descriptors(triage: builtInTriage) }

    /// Every wallet handler's descriptor; `check_status`'s classification and cause take the
    /// values `triage` declares.
    package static func descriptors(triage: TriageRules) -> [HandlerDescriptor] {
        [
            checkStatus(triage), contactUser, verifyIdentity, openReview, escalate, retryPayment, refund, unfreeze, reconcile, followUp,
        ]
    }


    static let orderID = ParameterSpec("order_id", .string, required: true, pattern: "ORD-[0-9A-Z-]{3,40}", "the order, e.g. ORD-1001")
    static let userID = ParameterSpec("user_id", .string, required: true, pattern: "[A-Za-z0-9_-]{1,64}", "the wallet user")
    static let amount = ParameterSpec("amount", .decimal, required: true, minimum: 0.01, maximum: 1_000_000, "amount in major units, exact")
    static let currency = ParameterSpec("currency", .string, required: true, pattern: "[A-Z]{3}", "ISO 4217 code, e.g. CNY")
    static let proof = ParameterSpec(
        "proof", .string, required: true, secret: true, "the order owner's identity proof: steps.<verify step>.output.proof")

    /// `wallet.check_status`, whose classification and cause are the values `triage` declares.
    static func checkStatus(_ triage: TriageRules) -> HandlerDescriptor {
        HandlerDescriptor(
        name: "wallet.check_status",
        summary: "Looks up the order, its payment and charges, the account and the channel, and classifies it with the triage rules.",
        parameters: [orderID],
        outputs: [
            FieldSpec("order_status", .enumeration(TriageFacts.orderStatuses)),
            FieldSpec("payment_status", .enumeration(TriageFacts.paymentStatuses)),
            FieldSpec("amount", .decimal), FieldSpec("currency", .string), FieldSpec("user_id", .string),
            FieldSpec("age", .duration, "time since the order was created"),
            FieldSpec("user_notified", .boolean, "whether the user got an SMS or e-mail confirmation"),
            FieldSpec(
                "account",
                .object([
                    FieldSpec("frozen", .boolean), FieldSpec("freeze_reason", .string), FieldSpec("balance", .decimal),
                    FieldSpec("verification_locked", .boolean, "2FA locked after too many wrong codes: do not ask for a code"),
                ])),
            FieldSpec(
                "channel",
                .object([FieldSpec("name", .string), FieldSpec("healthy", .boolean), FieldSpec("status", .enumeration(TriageFacts.channelStatuses))])),
            FieldSpec("classification", .enumeration(triage.types + [TriageRules.normal]), "the anomaly type the triage rules gave"),
            FieldSpec("cause", .enumeration(triage.allCauses), "the cause the triage rules gave (empty for a normal order)"),
            FieldSpec("triage_rule", .string, "the name of the rule that decided"),
            FieldSpec("charges", .list(.object(TriageFacts.chargeFields)), "every charge, oldest first"),
            FieldSpec("overcharged", .decimal, "what the charges hold beyond the order's amount (a duplicate charge)"),
            FieldSpec("latest_charge", .object(TriageFacts.chargeFields), "the newest charge that took money (id empty when none)"),
            FieldSpec("refundable", .decimal, "what the newest charge still holds (a refund of it returns at most this)"),
            FieldSpec("refund_requested", .boolean, "whether the user asked for their money back"),
        ],
        outcomes: [.success("found"), .failure("not_found", "no such order")],
        defaultTimeout: .seconds(10), identityProof: .reportsOwner(order: "order_id", user: "user_id"))
    }

    static let contactUser = HandlerDescriptor(
        name: "wallet.contact_user", summary: "Sends the user one of the playbook's messages, in their language, through the outbox.",
        parameters: [
            userID, orderID,
            ParameterSpec("channel", .enumeration(["sms", "email", "push", "in_app"]), default: .string("in_app")),
            message, values,
        ],
        outputs: [
            FieldSpec("message_id", .string), FieldSpec("channel", .string), FieldSpec("locale", .string, "the language it was sent in"),
            FieldSpec("preview", .string, "in a dry run: the message in every language"),
        ],
        outcomes: [.success("sent"), .failure("undeliverable", "the channel refused the message")],
        policy: HandlerPolicy(hasSideEffects: true, contactsUser: true, isIdempotent: true),
        businessKey: BusinessKey(["order_id"], perStep: true), messageBinding: MessageBinding())

    static let message = ParameterSpec("message", .string, required: true, pattern: "[a-z][a-z0-9_]{0,63}", "one of the playbook's messages (its 'messages:')")
    static let values = ParameterSpec("values", .object([]), default: .object([:]), "the message's placeholder values ('order' is given)")

    static let verifyIdentity = HandlerDescriptor(
        name: "wallet.verify_identity", summary: "Verifies the user with 2FA (TOTP or an SMS code) and waits for the code.",
        parameters: [
            userID, ParameterSpec("order_id", .string, required: true, pattern: "ORD-[0-9A-Z-]{3,40}", "the order the user is verified for"),
            ParameterSpec("method", .enumeration(["totp", "sms_otp"]), default: .string("totp")),
            ParameterSpec("deadline", .duration, default: .duration(.seconds(600)), "how long the user has to answer"),
            ParameterSpec("max_failures", .integer, default: .integer(3), minimum: 1, maximum: 10, "wrong codes before verification locks"),
        ],
        outputs: [
            FieldSpec("method", .string), FieldSpec("failures", .integer), FieldSpec("verified_at", .timestamp),
            FieldSpec("proof", .string, "the identity proof for this user and order: hand it to the money step's 'proof'", secret: true),
            FieldSpec("proof_expires_at", .timestamp, "until when the proof is good"),
        ],
        outcomes: [
            .success("verified"), .failure("failed", "a wrong code"), .failure("expired", "no code before the deadline"),
            .failure("locked", "too many wrong codes"),
        ],
        policy: HandlerPolicy(hasSideEffects: true, verifiesIdentityOn: ["verified"], waitsForPerson: true, isIdempotent: true),
        identityProof: .issues(proof: "proof", expiresAt: "proof_expires_at", user: "user_id", order: "order_id"))

    static let openReview = HandlerDescriptor(
        name: "wallet.open_review",
        summary: "Asks a person (the risk team) to decide: 'approve' or 'reject: REASON', from a reviewer who is not the requester, a participant of the run or the account holder.",
        parameters: [
            orderID,
            ParameterSpec("queue", .enumeration(["risk", "support"]), default: .string("risk")),
            ParameterSpec("reason", .string, required: true, maximum: 500),
            ParameterSpec("requested_by", .string, default: .string("redress")),
            ParameterSpec("deadline", .duration, default: .duration(.seconds(86_400))),
            ParameterSpec("amount", .decimal, minimum: 0, "the money at stake, for second_approval_above"),
            ParameterSpec("second_approval_above", .decimal, minimum: 0, "above this amount two different reviewers must approve"),
        ],
        outputs: [FieldSpec("review_id", .string), FieldSpec("reviewer", .string), FieldSpec("note", .string)],
        outcomes: [.success("approved"), .failure("rejected"), .failure("expired", "nobody decided before the deadline")],
        policy: HandlerPolicy(hasSideEffects: true, waitsForPerson: true, isIdempotent: true))

    static let escalate = HandlerDescriptor(
        name: "wallet.escalate", summary: "Hands the case to a human queue with what was tried.",
        parameters: [
            orderID,
            ParameterSpec("tier", .integer, default: .integer(2), minimum: 1, maximum: 3),
            ParameterSpec("priority", .enumeration(["low", "normal", "high", "urgent"]), default: .string("normal")),
            ParameterSpec("reason", .string, required: true, maximum: 500),
            ParameterSpec("summary", .string, default: .string(""), maximum: 4_000),
        ],
        outputs: [
            FieldSpec("ticket_id", .string), FieldSpec("queue", .string),
            FieldSpec("resolution", .string, "what the run's resolution becomes: the tier, the reason and the ticket"),
        ],
        outcomes: [.success("escalated")],
        policy: HandlerPolicy(hasSideEffects: true, escalatesOn: ["escalated"], isIdempotent: true),
        businessKey: BusinessKey(["order_id"], perStep: true))

    static let retryPayment = HandlerDescriptor(
        name: "wallet.retry_payment", summary: "Charges the order again (once per idempotency key).",
        parameters: [orderID, amount, currency, proof],
        outputs: [FieldSpec("payment_id", .string), FieldSpec("status", .string)],
        outcomes: [
            .success("succeeded"), .failure("declined", "the channel declined the payment"),
            .failure("ambiguous", "the channel's answer was unclear; reconcile before anything else"),
        ],
        policy: HandlerPolicy(movesMoney: true, isIdempotent: true),
        businessKey: BusinessKey(["order_id"]), identityProof: .requires(proof: "proof", order: "order_id"))

    static let refund = HandlerDescriptor(
        name: "wallet.refund", summary: "Refunds a charge of the order, all of it or part (once per charge).",
        parameters: [
            orderID, ParameterSpec("charge_id", .string, required: true, pattern: "[A-Za-z0-9_-]{1,64}", "the charge to refund (check_status lists them)"),
            amount, currency, ParameterSpec("reason", .string, required: true, maximum: 500), proof,
        ],
        outputs: [FieldSpec("refund_id", .string), FieldSpec("refunded_amount", .decimal)],
        outcomes: [
            .success("refunded"), .failure("rejected", "the wallet refused the refund"),
            .failure("ambiguous", "the result is unknown; the run needs reconciliation"),
        ],
        policy: HandlerPolicy(movesMoney: true, isIdempotent: true),
        businessKey: BusinessKey(["order_id", "charge_id"]), identityProof: .requires(proof: "proof", order: "order_id"))

    static let unfreeze = HandlerDescriptor(
        name: "wallet.unfreeze", summary: "Releases funds held on the user's account (once per idempotency key).",
        parameters: [userID, orderID, ParameterSpec("review_id", .string, required: true), ParameterSpec("reason", .string, required: true), proof],
        outputs: [FieldSpec("released_amount", .decimal)],
        outcomes: [.success("unfrozen"), .failure("rejected", "the account cannot be released")],
        policy: HandlerPolicy(releasesFunds: true, isIdempotent: true),
        businessKey: BusinessKey(["order_id"]), identityProof: .requires(proof: "proof", order: "order_id"))

    static let reconcile = HandlerDescriptor(
        name: "wallet.reconcile", summary: "Asks the payment channel for the true state and corrects the order; never charges.",
        parameters: [orderID],
        outputs: [
            FieldSpec("channel_status", .enumeration(["paid", "failed", "pending", "unknown"])),
            FieldSpec("corrected", .boolean, "whether the order status was changed"),
            FieldSpec("order_status", .string),
        ],
        outcomes: [
            .success("paid", "the channel has the money; the order is now paid"),
            .success("not_paid", "the channel has no payment; it is safe to pay again"),
            .failure("pending", "the channel has not decided yet"), .failure("unknown", "the channel cannot tell"),
        ],
        policy: HandlerPolicy(hasSideEffects: true, isIdempotent: true))

    static let followUp = HandlerDescriptor(
        name: "wallet.follow_up", summary: "After a delay, asks the user how it went and records the rating and comment.",
        parameters: [
            userID, orderID,
            ParameterSpec("delay", .duration, default: .duration(.seconds(86_400))),
            ParameterSpec("deadline", .duration, default: .duration(.seconds(259_200))),
            message, values,
        ],
        outputs: [FieldSpec("rating", .integer), FieldSpec("comment", .string)],
        outcomes: [.success("answered"), .success("no_answer", "no answer before the deadline; the case is closed")],
        policy: HandlerPolicy(hasSideEffects: true, contactsUser: true, waitsForPerson: true, isIdempotent: true),
        businessKey: BusinessKey(["order_id"], perStep: true), messageBinding: MessageBinding())
}

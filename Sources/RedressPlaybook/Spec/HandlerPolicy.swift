/// What a handler does to the world, declared by the handler and enforced by the validator and
/// the engine (rules are never tied to handler names).
public struct HandlerPolicy: Sendable, Hashable {
    /// It changes something outside Redress (sends a message, writes to the wallet). Such a step
    /// must have a timeout and is journaled with intent-before / result-after records.
    public var hasSideEffects: Bool
    /// It moves money (refund, payment): needs verified identity on every path before it.
    public var movesMoney: Bool
    /// It releases held funds (unfreeze): needs verified identity on every path before it.
    public var releasesFunds: Bool
    /// It needs verified identity even though it moves no money.
    public var needsVerifiedIdentity: Bool
    /// The outcomes of this handler that verify the user's identity (`["verified"]` for 2FA).
    public var verifiesIdentityOn: [String]
    /// The outcomes of this handler that hand the case to a person (`["escalated"]` for an
    /// escalation): a run that ends after one ends `escalated`, not `completed`.
    public var escalatesOn: [String]
    /// It tells the user something (used by plans: a path must contact the user).
    public var contactsUser: Bool
    /// It waits for a person (a user's code, a reviewer's decision).
    public var waitsForPerson: Bool
    /// It always ends the run (`flow.finish`, `flow.fail`).
    public var endsRun: Bool
    /// It honours the idempotency key: calling it again with the same key has no second effect.
    public var isIdempotent: Bool
    /// It only computes (no I/O, no waiting on anything) and returns at once, so the engine calls
    /// it inline without a timeout. Handlers that touch a network, a disk or a device never set it.
    public var isInstant: Bool

    /// Creates a policy; everything is off unless named.
    public init(
        hasSideEffects: Bool = false, movesMoney: Bool = false, releasesFunds: Bool = false,
        needsVerifiedIdentity: Bool = false, verifiesIdentityOn: [String] = [], escalatesOn: [String] = [], contactsUser: Bool = false,
        waitsForPerson: Bool = false, endsRun: Bool = false, isIdempotent: Bool = false, isInstant: Bool = false
    ) {
        self.hasSideEffects = hasSideEffects || movesMoney || releasesFunds
        self.movesMoney = movesMoney
        self.releasesFunds = releasesFunds
        self.needsVerifiedIdentity = needsVerifiedIdentity || movesMoney || releasesFunds
        self.verifiesIdentityOn = verifiesIdentityOn
        self.escalatesOn = escalatesOn
        self.contactsUser = contactsUser
        self.waitsForPerson = waitsForPerson
        self.endsRun = endsRun
        self.isIdempotent = isIdempotent
        self.isInstant = isInstant && !hasSideEffects && !movesMoney && !releasesFunds
    }

    /// A handler that only computes (no side effects).
    public static let pure = HandlerPolicy()

    /// The flags that are set, by name, for listings.
    public var flagNames: [String] {
        var names: [String] = []
        if hasSideEffects { names.append("side-effects") }
        if movesMoney { names.append("moves-money") }
        if releasesFunds { names.append("releases-funds") }
        if needsVerifiedIdentity { names.append("needs-verified-identity") }
        if !verifiesIdentityOn.isEmpty { names.append("verifies-identity") }
        if !escalatesOn.isEmpty { names.append("escalates") }
        if contactsUser { names.append("contacts-user") }
        if waitsForPerson { names.append("waits-for-person") }
        if endsRun { names.append("ends-run") }
        if isIdempotent { names.append("idempotent") }
        if isInstant { names.append("instant") }
        return names
    }
}

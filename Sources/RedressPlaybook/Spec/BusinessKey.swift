/// What a side-effecting call acts on, so that the engine can name the call by the business
/// rather than by the run that makes it.
///
/// The engine derives a call's idempotency key from the handler's name, the values of the
/// `parameters` listed here (the order, the charge, the user…), the step when `perStep` says so,
/// and the step's visit number in the run as the sequence. Two runs of one order (a reopened case,
/// or a case guard that was bypassed) therefore derive the same key for the same act, and a
/// gateway that honours keys moves the money, or sends the message, once.
///
/// Contract: every listed parameter is one the handler declares and that always has a value
/// (required, or with a default); `DescriptorLint` checks both. A handler that moves money,
/// releases funds or contacts the user must declare a business key.
public struct BusinessKey: Sendable, Hashable {
    /// The parameters whose values name what the call acts on, in key order.
    public var parameters: [String]
    /// Whether the playbook and step are part of the key. Messages are told apart by the step
    /// that sends them (one order gets several different messages); money is not, so that two
    /// playbooks paying the same order again still pay once.
    public var perStep: Bool

    /// Creates a business key over `parameters`.
    public init(_ parameters: [String], perStep: Bool = false) {
        self.parameters = parameters
        self.perStep = perStep
    }
}

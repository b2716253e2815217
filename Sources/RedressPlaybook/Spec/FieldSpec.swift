/// One named, typed field of a handler's output (or of an object inside it).
public struct FieldSpec: Sendable, Hashable {
    /// The field's name, as expressions write it (`steps.check.output.<name>`).
    public var name: String
    /// Its type.
    public var type: ValueType
    /// What it means.
    public var summary: String
    /// A credential (an identity proof): the engine seals it before the run is stored and hands
    /// it only to secret parameters; it never reaches the journal, the audit trail or a log.
    public var isSecret: Bool

    /// Creates a field.
    public init(_ name: String, _ type: ValueType, _ summary: String = "", secret: Bool = false) {
        self.name = name
        self.type = type
        self.summary = summary
        self.isSecret = secret
    }
}

/// One named, typed field of a handler's output (or of an object inside it).
public struct FieldSpec: Sendable, Hashable {
    /// The field's name, as expressions write it (`steps.check.output.<name>`).
    public var name: String
    /// Its type.
    public var type: ValueType
    /// What it means.
    public var summary: String

    /// Creates a field.
    public init(_ name: String, _ type: ValueType, _ summary: String = "") {
        self.name = name
        self.type = type
        self.summary = summary
    }
}

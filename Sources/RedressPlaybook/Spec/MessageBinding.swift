/// How a handler that writes to users takes its words: the parameter naming one of the playbook's
/// message templates, and the object parameter holding the template's placeholder values. The
/// validator checks the pair against the playbook's `messages:`; the engine hands the handler the
/// template's texts (every locale) and the word tables they use in place of the name.
public struct MessageBinding: Sendable, Hashable {
    /// The parameter that names the template (`message`).
    public var template: String
    /// The object parameter with the placeholder values (`values`).
    public var values: String

    /// A binding of `template` and `values`.
    public init(template: String = "message", values: String = "values") {
        self.template = template
        self.values = values
    }
}

import RedressDiagnostics

/// A value under `with:` as written: literals, templates with `${{ }}`, lists and mappings of
/// them. Rendering it (in the engine) evaluates each template once.
package indirect enum ParameterValue: Sendable, Hashable {
    /// A literal value (a scalar with no `${{ }}`), with the scalar's text as written so a
    /// string parameter gets `0012345`, not the integer it resolves to.
    case literal(Value, SourceMark, written: String?)
    /// A string with expressions; the locator maps offsets in the string to the file.
    case template(Template, ScalarLocator)
    /// A list.
    case list([ParameterValue], SourceMark)
    /// A mapping, in written order.
    case object([ParameterBinding], SourceMark)

    /// Where the value starts.
    package var mark: SourceMark {
        switch self {
        case .literal(_, let mark, _), .list(_, let mark), .object(_, let mark): return mark
        case .template(_, let locator): return locator.start
        }
    }

    /// A literal's value as a parameter of `type` sees it: plain scalars keep their text where
    /// text is expected.
    package static func literal(_ value: Value, written: String?, as type: ValueType) -> Value {
        switch (type, value, written) {
        case (.string, .integer, let text?), (.string, .decimal, let text?), (.string, .bool, let text?),
            (.enumeration, .integer, let text?), (.enumeration, .bool, let text?):
            return .string(text)
        default:
            return value
        }
    }
}

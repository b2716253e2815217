import RedressYAML

/// The spec language's type declarations (`type: enum` with `values:`, `default:`, `pattern:`),
/// shared by playbook inputs and plugin manifests so both read and report them the same way.
extension NodeReader {
    /// The type named under `type:` in `entries`, with `values:` for enums and `items:` for
    /// lists; an unknown name is reported with a suggestion and read as `any`.
    mutating func valueType(_ entries: [String: YAMLNode.Entry], of owner: String, allowed: [String]) -> ValueType {
        guard let typeNode = entries["type"]?.value, let typeName = string(typeNode, "a type") else { return .any }
        var type = ValueType.any
        switch typeName.value {
        case "string": type = .string
        case "integer": type = .integer
        case "decimal": type = .decimal
        case "boolean": type = .boolean
        case "duration": type = .duration
        case "timestamp": type = .timestamp
        case "object": type = .object([])
        case "any": type = .any
        case "list": type = .list(.any)
        case "enum":
            let values = entries["values"].map { stringList($0.value, "an enum value").map(\.value) } ?? []
            if values.isEmpty { sink.error(.missingKey, "an enum needs 'values'", at: typeNode) }
            type = .enumeration(values)
        default:
            let suggestion = Suggestions.closest(to: typeName.value, among: allowed)
            sink.error(
                .badValue, "unknown type '\(typeName.value)' for \(owner)" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: typeNode,
                notes: [.init("types: " + allowed.joined(separator: ", "))])
            return .any
        }
        if !allowed.contains(typeName.value) {
            sink.error(.badValue, "\(owner) cannot be of type '\(typeName.value)'; types: " + allowed.joined(separator: ", "), at: typeNode)
        }
        if let values = entries["values"], !type.isEnumeration {
            sink.error(.unknownKey, "'values' is only for the type enum", at: values.key)
        }
        return type
    }

    /// A `default:` literal fitted to `type`, reported when it does not fit.
    mutating func defaultValue(_ node: YAMLNode, type: ValueType, of name: String) -> Value? {
        let literal = ParameterValue.literal(LiteralValue.from(node), written: node.scalar?.text, as: type)
        guard let fitted = ValueCoercion.coerce(literal, to: type) else {
            sink.error(.wrongType, "the default of '\(name)' must be \(ParameterSpec.article(type))", at: node)
            return nil
        }
        return fitted
    }

    /// A `pattern:` that compiles as a regular expression.
    mutating func pattern(_ node: YAMLNode) -> String? {
        guard let text = string(node, "pattern") else { return nil }
        guard PatternMatcher.isValid(text.value) else {
            sink.error(.badPattern, "'\(text.value)' is not a valid regular expression", at: node)
            return nil
        }
        return text.value
    }
}

extension ValueType {
    var isEnumeration: Bool {
        if case .enumeration = self { return true }
        return false
    }
}

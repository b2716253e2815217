import RedressYAML

/// The runtime value of a YAML node written as a literal (no `${{ }}`), by the core schema.
///
/// Plain numbers with a point become exact decimals (`10.50` stays 10.50), never floats; other
/// float forms (`1e3`, `.inf`) stay text, so a decimal parameter refuses them.
enum LiteralValue {
    /// A scalar's value under the core schema (text where nothing else fits).
    static func from(_ scalar: YAMLScalar) -> Value {
        switch scalar.resolved {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let text): return scalar.integer.map(Value.integer) ?? .string(text)
        case .float(let text): return ValueCoercion.decimal(text).map(Value.decimal) ?? .string(text)
        case .string(let text): return .string(text)
        }
    }

    static func from(_ node: YAMLNode) -> Value {
        let resolved = node.resolved
        switch resolved.kind {
        case .sequence: return .list(resolved.elements.map(from))
        case .mapping:
            var fields: [String: Value] = [:]
            for entry in resolved.entries { fields[entry.key.scalar?.text ?? ""] = from(entry.value) }
            return .object(fields)
        default:
            guard let scalar = node.scalar else { return .null }
            return from(scalar)
        }
    }
}

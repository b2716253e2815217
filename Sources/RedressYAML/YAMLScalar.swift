/// A scalar exactly as written, with its style and tag, resolved by the YAML 1.2 core schema only
/// when a consumer asks.
///
/// Contract: `text` is never altered (`0012345` stays `0012345`, `"\0"` keeps its NUL). Nothing
/// is turned into a binary float: `float` hands back the text for the consumer to parse as it
/// sees fit (money goes to `Decimal`). Quoted and block scalars are always strings.
public struct YAMLScalar: Sendable, Hashable {
    /// The scalar's value after YAML's escapes and folding, before any type resolution.
    public let text: String
    /// How it was written.
    public let style: ScalarStyle
    /// The resolved tag (`tag:yaml.org,2002:str`), or `nil` when there was none.
    public let tag: String?

    /// Creates a scalar.
    public init(text: String, style: ScalarStyle, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }

    /// What the core schema makes of this scalar.
    public enum Resolved: Sendable, Hashable {
        /// `null`, `Null`, `NULL`, `~` or empty.
        case null
        /// `true`/`false` and their `True`/`TRUE` forms; never `yes`, `no`, `on`, `off`.
        case bool(Bool)
        /// An integer, as written (`-12`, `0o17`, `0x1F`); see `YAMLScalar.integer`.
        case integer(String)
        /// A float, as written (`1.5`, `.inf`); never converted here.
        case float(String)
        /// Anything else, and every quoted or block scalar.
        case string(String)
    }

    /// The core-schema resolution: explicit tags win, then quoting, then the plain forms.
    public var resolved: Resolved {
        if let tag {
            switch tag {
            case CoreTag.null: return .null
            case CoreTag.bool: return CoreSchema.bool(text).map(Resolved.bool) ?? .string(text)
            case CoreTag.int: return CoreSchema.isInteger(text) ? .integer(text) : .string(text)
            case CoreTag.float: return .float(text)
            default: return .string(text)
            }
        }
        guard style == .plain else { return .string(text) }
        return CoreSchema.resolvePlain(text)
    }

    /// Whether the scalar resolves to null.
    public var isNull: Bool { resolved == .null }

    /// The boolean, if the scalar is one.
    public var bool: Bool? {
        if case .bool(let value) = resolved { return value }
        return nil
    }

    /// The integer, if the scalar is one and fits in `Int`.
    public var integer: Int? {
        guard case .integer(let digits) = resolved else { return nil }
        return CoreSchema.integerValue(digits)
    }

    /// A key that is equal for scalars YAML considers equal (`a` and `"a"`; `true` and `True`).
    var identity: String {
        switch resolved {
        case .null: return "\u{0}null"
        case .bool(let value): return "\u{0}bool:\(value)"
        case .integer(let digits): return CoreSchema.integerValue(digits).map { "\u{0}int:\($0)" } ?? "\u{0}int:\(digits)"
        case .float(let text): return "\u{0}float:\(text)"
        case .string(let text): return text
        }
    }
}

/// Limits and policies for one parse.
///
/// Limits are checked while events stream out of libyaml, before any tree is built, so hostile
/// input fails fast and in bounded memory. The defaults are the playbook policy: strict core
/// schema, no merge keys, unique keys.
public struct YAMLParserOptions: Sendable, Hashable {
    /// Which tags a document may use.
    public enum TagPolicy: Sendable, Hashable {
        /// Only the YAML 1.2 core schema tags (`!!str`, `!!int`, `!!bool`, `!!null`, `!!float`,
        /// `!!seq`, `!!map`) and the non-specific `!`; `%TAG` directives are errors.
        case coreSchema
        /// Any tag and directive (for conformance testing).
        case any
    }

    /// Deepest nesting of collections, counting aliases' expansions.
    public var maxDepth = 64
    /// Largest file in bytes.
    public var maxFileSize = 4 << 20
    /// Longest scalar in bytes.
    public var maxScalarLength = 1 << 20
    /// Most nodes in one document.
    public var maxNodes = 1_000_000
    /// A document may expand through aliases to at most this many times its own node count...
    public var aliasExpansionFactor = 10
    /// ...or this many nodes, whichever is larger (small documents may alias freely).
    public var aliasExpansionFloor = 10_000
    /// Which tags are allowed.
    public var tagPolicy = TagPolicy.coreSchema
    /// Whether `<<` is an error (`true`) or an ordinary key.
    public var rejectsMergeKeys = true

    /// The playbook policy (all defaults).
    public init() {}

    /// The policy for YAML conformance tests: any tag, `<<` as an ordinary key, same limits.
    public static var conformance: YAMLParserOptions {
        var options = YAMLParserOptions()
        options.tagPolicy = .any
        options.rejectsMergeKeys = false
        return options
    }
}

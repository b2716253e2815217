/// How a scalar was written.
public enum ScalarStyle: UInt8, Sendable, Hashable, CaseIterable {
    /// Unquoted.
    case plain
    /// `'single quoted'`.
    case singleQuoted
    /// `"double quoted"`.
    case doubleQuoted
    /// `|` block.
    case literal
    /// `>` block.
    case folded
}

/// How a sequence or mapping was written.
public enum CollectionStyle: UInt8, Sendable, Hashable, CaseIterable {
    /// Indented lines.
    case block
    /// `[...]` or `{...}`.
    case flow
}

/// Whole-string regular-expression matching for `pattern:` constraints.
public enum PatternMatcher {
    /// Whether `pattern` compiles.
    public static func isValid(_ pattern: String) -> Bool { (try? Regex(pattern)) != nil }

    /// Whether all of `text` matches `pattern`; an invalid pattern matches nothing (the validator
    /// reports invalid patterns where they are written).
    public static func matches(_ text: String, pattern: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }
}

import Foundation
import Synchronization

/// Whole-string regular-expression matching for `pattern:` constraints (ICU syntax, as
/// `NSRegularExpression` reads it).
///
/// Compiling a pattern costs far more than matching it (a fifth of validating a playbook went to
/// recompiling the same handful of patterns), so compiled patterns are kept in a small
/// process-wide cache that any thread may use (`NSRegularExpression` is immutable and
/// thread-safe; Swift's `Regex` is not `Sendable`, so it cannot be shared this way).
public enum PatternMatcher {
    private static let compiled = Mutex<[String: NSRegularExpression]>([:])
    /// Playbooks name few distinct patterns; past this the cache starts over rather than grow.
    private static let capacity = 512

    /// Whether `pattern` compiles.
    public static func isValid(_ pattern: String) -> Bool { expression(pattern) != nil }

    /// Whether all of `text` matches `pattern`; an invalid pattern matches nothing (the validator
    /// reports invalid patterns where they are written).
    public static func matches(_ text: String, pattern: String) -> Bool {
        guard let expression = expression(pattern) else { return false }
        let whole = NSRange(text.startIndex..<text.endIndex, in: text)
        guard let match = expression.firstMatch(in: text, options: [.anchored], range: whole) else { return false }
        return match.range == whole
    }

    private static func expression(_ pattern: String) -> NSRegularExpression? {
        if let known = compiled.withLock({ $0[pattern] }) { return known }
        // Grouped so an alternation (`a|b`) must match as a whole, not just its first branch.
        guard let fresh = try? NSRegularExpression(pattern: "(?:" + pattern + ")\\z") else { return nil }
        compiled.withLock { cache in
            if cache.count >= capacity { cache.removeAll() }
            cache[pattern] = fresh
        }
        return fresh
    }
}

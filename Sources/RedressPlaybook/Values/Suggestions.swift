/// "Did you mean" for misspelt names, by edit distance.
public enum Suggestions {
    /// The candidate closest to `name`, if it is within a third of the name's length (at least
    /// one edit, at most three) and unambiguous enough to help.
    public static func closest<Names: Sequence<String>>(to name: String, among candidates: Names) -> String? {
        let limit = min(3, max(1, name.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(name, candidate, limit: limit)
            guard distance <= limit else { continue }
            if let current = best, distance > current.distance || (distance == current.distance && candidate >= current.name) {
                continue
            }
            best = (candidate, distance)
        }
        if let best { return best.name }
        let all = Array(candidates)
        // `lenght` for `len`: a short name the misspelling starts with.
        if let shorter = all.filter({ $0.count >= 3 && name.hasPrefix($0) }).max(by: { $0.count < $1.count }) { return shorter }
        // `order` for `order_id`: the start of a longer name.
        if name.count >= 3, let longer = all.filter({ $0.hasPrefix(name) }).min(by: { $0.count < $1.count }) { return longer }
        // `undelivered` for `undeliverable`: the same stem, other endings (most of both shared).
        let stems = all.map { candidate in (candidate, commonPrefix(name, candidate)) }.filter { candidate, shared in
            shared >= 5 && shared * 3 >= min(name.count, candidate.count) * 2
        }
        return stems.max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 > $1.0) }?.0
    }

    private static func commonPrefix(_ a: String, _ b: String) -> Int {
        zip(a.unicodeScalars, b.unicodeScalars).prefix { $0 == $1 }.count
    }

    /// The key a misspelt one most likely meant: an exact alias first (`if` → `when`,
    /// `retries` → `retry`), then the closest key or alias by edit distance.
    public static func closest(to name: String, among keys: [String], aliases: [String: String]) -> String? {
        if let canonical = aliases[name], keys.contains(canonical) { return canonical }
        guard let match = closest(to: name, among: keys + aliases.keys.filter { aliases[$0].map(keys.contains) ?? false }) else {
            return nil
        }
        return aliases[match] ?? match
    }

    /// Damerau–Levenshtein distance (a swap of two neighbours counts as one edit), giving up
    /// early once every path exceeds `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowBest = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowBest = min(rowBest, value)
            }
            if rowBest > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}

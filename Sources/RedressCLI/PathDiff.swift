/// A line diff of an expected and an actual step path (longest common subsequence), for
/// failing playbook tests: `  same`, `- expected only`, `+ actual only`.
enum PathDiff {
    static func lines(expected: [String], actual: [String]) -> [String] {
        let normalizedExpected = expected.map { $0.contains(":") ? $0 : $0 + ":" }
        func same(_ e: Int, _ a: Int) -> Bool {
            normalizedExpected[e].hasSuffix(":") ? actual[a].hasPrefix(normalizedExpected[e]) : actual[a] == normalizedExpected[e]
        }
        let n = expected.count, m = actual.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for e in stride(from: n - 1, through: 0, by: -1) {
            for a in stride(from: m - 1, through: 0, by: -1) {
                table[e][a] = same(e, a) ? table[e + 1][a + 1] + 1 : max(table[e + 1][a], table[e][a + 1])
            }
        }
        var lines: [String] = []
        var e = 0, a = 0
        while e < n || a < m {
            if e < n, a < m, same(e, a) {
                lines.append("  \(actual[a])")
                e += 1
                a += 1
            } else if e < n, a == m || table[e + 1][a] >= table[e][a + 1] {
                lines.append("- \(expected[e])")
                e += 1
            } else {
                lines.append("+ \(actual[a])")
                a += 1
            }
        }
        return lines
    }
}

/// A span of time written the way ops write it: `500ms`, `30s`, `15m`, `24h`, `7d`, or a sum
/// such as `1h30m`.
///
/// Contract: parsing accepts only those units, in any order, each at most once; the value is
/// kept in milliseconds and printed back in the same notation (`description`).
public struct PlaybookDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Length in milliseconds.
    public var milliseconds: Int64

    /// Creates a duration of `milliseconds`.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Creates a duration of whole `seconds`.
    public static func seconds(_ seconds: Int64) -> PlaybookDuration { PlaybookDuration(milliseconds: seconds * 1_000) }

    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Parses `30s`, `15m`, `1h30m`, ...; `nil` for anything else (including negatives, bare
    /// numbers and values past 10,000 days).
    public init?(_ text: String) {
        var rest = Substring(text)
        var total: Int64 = 0
        var seen: Set<String> = []
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9, let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            guard let unit = Self.units.first(where: { $0.suffix == String(letters) }), !seen.contains(unit.suffix) else { return nil }
            seen.insert(unit.suffix)
            rest = rest.dropFirst(letters.count)
            total += amount * unit.milliseconds
        }
        guard total <= 10_000 * 86_400_000 else { return nil }
        milliseconds = total
    }

    /// The duration in the notation it is parsed from, largest units first (`1h30m`, `0s`).
    public var description: String {
        guard milliseconds > 0 else { return "0s" }
        var rest = milliseconds
        var text = ""
        for unit in Self.units.reversed() where rest >= unit.milliseconds {
            text += "\(rest / unit.milliseconds)\(unit.suffix)"
            rest %= unit.milliseconds
        }
        return text
    }

    /// Seconds as a floating value, for clocks and schedulers.
    public var seconds: Double { Double(milliseconds) / 1_000 }

    /// Orders by length.
    public static func < (lhs: PlaybookDuration, rhs: PlaybookDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }
}

import Foundation

/// The one set of rules for fitting a value to a declared type (used by parameters and inputs).
///
/// Integers widen to decimals; decimal text (`"12.50"`) becomes a decimal, never through a
/// float; duration text becomes a duration; anything else must already have the type.
public enum ValueCoercion {
    /// `value` as `type`, or `nil` when it does not fit.
    public static func coerce(_ value: Value, to type: ValueType) -> Value? {
        switch (type, value) {
        case (.any, _), (_, .null): return value
        case (.string, .string), (.enumeration, .string): return value
        case (.integer, .integer): return value
        case (.decimal, .decimal): return value
        case (.decimal, .integer(let number)): return .decimal(Decimal(number))
        case (.decimal, .string(let text)): return decimal(text).map(Value.decimal)
        case (.integer, .string(let text)): return Int(text).map(Value.integer)
        case (.boolean, .bool): return value
        case (.duration, .duration): return value
        case (.duration, .string(let text)): return PlaybookDuration(text).map(Value.duration)
        case (.timestamp, .timestamp): return value
        case (.list(let element), .list(let items)):
            var coerced: [Value] = []
            for item in items {
                guard let fitted = coerce(item, to: element) else { return nil }
                coerced.append(fitted)
            }
            return .list(coerced)
        case (.object, .object): return value
        default: return nil
        }
    }

    /// Parses plain decimal notation (`-12.50`, `3`), rejecting exponents, `nan` and spaces, which
    /// `Decimal(string:)` would otherwise half-accept.
    public static func decimal(_ text: String) -> Decimal? {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts.count == 1 || !parts[1].isEmpty, body.count <= 40
        else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}

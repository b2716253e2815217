import Foundation

/// Renders a template text for one user: placeholders filled from typed values, money in the
/// currency's minor units, dates in the user's time zone, durations and word-table values in the
/// user's language. Values are data: they are inserted as text, never read as templates again.
///
/// Contract: pure and deterministic for the same inputs. A placeholder with no value, a value of
/// the wrong type for its format, or a value a word table has no words for is an error naming it;
/// nothing half-rendered is returned.
package struct MessageRenderer: Sendable {
    /// The user's locale (`zh-CN`, `en`).
    package var locale: String
    /// The user's time zone (`Asia/Shanghai`).
    package var timeZone: TimeZone
    /// Word tables by name: words by value, then by locale.
    package var words: [String: [String: [String: String]]]

    /// The longest text one value may put into a message.
    package static let maximumValueLength = 500

    /// A renderer for one user.
    package init(locale: String, timeZone: TimeZone, words: [String: [String: [String: String]]] = [:]) {
        self.locale = locale
        self.timeZone = timeZone
        self.words = words
    }

    /// Why a text could not be rendered.
    package struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong.
        package let message: String
        package var description: String { message }

        /// A problem saying `message`.
        package init(message: String) {
            self.message = message
        }
    }

    /// `text` with its placeholders filled from `values` (money reads `values["currency"]`).
    package func render(_ text: MessageText, values: [String: Value]) throws(Problem) -> String {
        var out = ""
        for part in text.parts {
            switch part {
            case .text(let literal):
                out += literal
            case .placeholder(let name, let format, _):
                guard let value = values[name], value != .null else { throw Problem(message: "no value for placeholder '{\(name)}'") }
                var piece = try format.map { format throws(Problem) in try formatted(value, as: format, name: name, values: values) } ?? plain(value)
                if piece.count > Self.maximumValueLength { piece = String(piece.prefix(Self.maximumValueLength)) + "…" }
                out += piece
            }
        }
        return out
    }

    private func plain(_ value: Value) -> String {
        switch value {
        case .decimal(let number): return Self.decimalText(number, minorDigits: nil)
        case .duration(let duration): return durationText(duration.seconds)
        case .timestamp(let date): return dateText(date)
        default: return value.displayText
        }
    }

    private func formatted(_ value: Value, as format: String, name: String, values: [String: Value]) throws(Problem) -> String {
        switch format {
        case "money":
            let amount: Decimal
            switch value {
            case .decimal(let number): amount = number
            case .integer(let number): amount = Decimal(number)
            default: throw Problem(message: "'{\(name)|money}' needs an amount, not \(value.displayText)")
            }
            guard case .string(let currency)? = values["currency"], !currency.isEmpty else {
                throw Problem(message: "'{\(name)|money}' needs a 'currency' value")
            }
            return money(amount, currency: currency)
        case "date":
            guard case .timestamp(let date) = value else { throw Problem(message: "'{\(name)|date}' needs a timestamp, not \(value.displayText)") }
            return dateText(date)
        case "duration":
            guard case .duration(let duration) = value else { throw Problem(message: "'{\(name)|duration}' needs a duration, not \(value.displayText)") }
            return durationText(duration.seconds)
        default:
            guard let table = words[format] else { throw Problem(message: "no word table '\(format)' for '{\(name)|\(format)}'") }
            let key = value.displayText
            // `*` holds the words for any value the table does not list: a wallet may send a
            // reason ops have not named yet, and the user still reads words, never the raw value.
            guard let entry = table[key] ?? table[MessageCatalog.anyValue], let word = entry[locale] ?? entry[MessageCatalog.fallbackLocale] else {
                throw Problem(message: "word table '\(format)' has no words for '\(key)' (and no '*' entry)")
            }
            return word
        }
    }

    // MARK: Money

    /// Minor digits of the ISO 4217 currencies that do not use two.
    static let minorDigits: [String: Int] = [
        "JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "UGX": 0, "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    ]

    /// `amount` in `currency`: `¥1,280.00` for a Chinese reader of yuan, `1,280.00 CNY` in
    /// English, always with the currency's minor digits (`¥` only for CNY; other currencies by code).
    package func money(_ amount: Decimal, currency: String) -> String {
        let digits = Self.minorDigits[currency] ?? 2
        let number = Self.decimalText(amount, minorDigits: digits)
        if locale.hasPrefix("zh"), currency == "CNY" { return "¥" + number }
        return number + " " + currency
    }

    /// `amount` with thousands separators and exactly `minorDigits` fraction digits (as many as
    /// it has, when `nil`), rounded half-even only past the currency's precision.
    static func decimalText(_ amount: Decimal, minorDigits: Int?) -> String {
        var value = amount
        var rounded = Decimal()
        if let minorDigits { NSDecimalRound(&rounded, &value, minorDigits, .bankers) } else { rounded = value }
        let negative = rounded < 0
        let text = NSDecimalNumber(decimal: negative ? -rounded : rounded).stringValue
        let pieces = text.split(separator: ".", maxSplits: 1).map(String.init)
        var whole = pieces[0]
        var fraction = pieces.count > 1 ? pieces[1] : ""
        if let minorDigits { while fraction.count < minorDigits { fraction += "0" } }
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        grouped = whole + grouped
        return (negative ? "-" : "") + grouped + (fraction.isEmpty ? "" : "." + fraction)
    }

    // MARK: Dates and durations

    private func dateText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        let month = parts.month ?? 1
        let day = parts.day ?? 1
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        if locale.hasPrefix("zh") { return "\(month)月\(day)日 \(time)" }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(day) \(months[max(0, min(11, month - 1))]) \(time)"
    }

    private func durationText(_ seconds: Double) -> String {
        var left = Int(seconds.rounded())
        let units: [(Int, String, String, String)] = [(86_400, "天", "day", "days"), (3_600, "小时", "hour", "hours"), (60, "分钟", "minute", "minutes")]
        var pieces: [String] = []
        for (size, chinese, one, many) in units where left >= size {
            let count = left / size
            left %= size
            pieces.append(locale.hasPrefix("zh") ? "\(count) \(chinese)" : "\(count) \(count == 1 ? one : many)")
        }
        if pieces.isEmpty || left > 0 {
            pieces.append(locale.hasPrefix("zh") ? "\(left) 秒" : "\(left) \(left == 1 ? "second" : "seconds")")
        }
        return pieces.joined(separator: locale.hasPrefix("zh") ? " " : " ")
    }
}

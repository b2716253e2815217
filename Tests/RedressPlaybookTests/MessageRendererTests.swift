import Foundation
import RedressPlaybook
import Testing

/// Templates rendered for users: money in each currency's minor units, dates in the user's time
/// zone, words per language, values inserted as data.
@Suite struct MessageRendererTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

    func render(_ text: String, _ values: [String: Value], locale: String = "en", words: [String: [String: [String: String]]] = [:]) throws -> String {
        try MessageRenderer(locale: locale, timeZone: Self.shanghai, words: words).render(try MessageText.parse(text), values: values)
    }

    @Test func moneyHasTheCurrencysMinorDigitsExactly() throws {
        let cases: [(Decimal, String, String, String)] = [
            (Decimal(string: "128")!, "CNY", "¥128.00", "128.00 CNY"), (Decimal(string: "1280.5")!, "CNY", "¥1,280.50", "1,280.50 CNY"),
            (Decimal(string: "1500")!, "JPY", "1,500 JPY", "1,500 JPY"), (Decimal(string: "12.345")!, "KWD", "12.345 KWD", "12.345 KWD"),
            (Decimal(string: "0.1")!, "USD", "0.10 USD", "0.10 USD"), (Decimal(string: "2.675")!, "EUR", "2.68 EUR", "2.68 EUR"),
        ]
        for (amount, currency, chinese, english) in cases {
            let values: [String: Value] = ["amount": .decimal(amount), "currency": .string(currency)]
            #expect(try render("{amount|money}", values, locale: "zh-CN") == chinese)
            #expect(try render("{amount|money}", values) == english)
        }
    }

    @Test func datesAreInTheUsersTimeZoneAndDurationsInTheirLanguage() throws {
        let at = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC
        #expect(try render("by {when|date}", ["when": .timestamp(at)], locale: "zh-CN") == "by 1月15日 16:00")
        #expect(try render("by {when|date}", ["when": .timestamp(at)]) == "by 15 Jan 16:00")
        #expect(try render("{wait|duration}", ["wait": .duration(.seconds(5_400))], locale: "zh-CN") == "1 小时 30 分钟")
        #expect(try render("{wait|duration}", ["wait": .duration(.seconds(60))]) == "1 minute")
    }

    @Test func wordsReplaceRawValuesWithTheStarForUnknownOnes() throws {
        let words = ["reason": ["risk_control": ["zh-CN": "风控", "en": "our risk checks"], "*": ["zh-CN": "其他原因", "en": "another reason"]]]
        #expect(try render("{why|reason}", ["why": .string("risk_control")], words: words) == "our risk checks")
        #expect(try render("{why|reason}", ["why": .string("new_rule")], locale: "zh-CN", words: words) == "其他原因")
        #expect(throws: MessageRenderer.Problem.self) { try render("{why|reason}", ["why": .string("x")], words: ["reason": [:]]) }
    }

    @Test func valuesAreDataAndProblemsAreNamed() throws {
        #expect(try render("Hello {name}, {{braces}} stay", ["name": .string("{order} ${{ x }}")]) == "Hello {order} ${{ x }}, {braces} stay")
        #expect(try render("{long}", ["long": .string(String(repeating: "a", count: 600))]).count == MessageRenderer.maximumValueLength + 1)
        #expect(throws: MessageRenderer.Problem(message: "no value for placeholder '{missing}'")) { try render("{missing}", [:]) }
        #expect(throws: MessageRenderer.Problem(message: "'{amount|money}' needs a 'currency' value")) { try render("{amount|money}", ["amount": .decimal(1)]) }
        #expect(throws: MessageText.SyntaxError.self) { try MessageText.parse("open {brace") }
        #expect(throws: MessageText.SyntaxError.self) { try MessageText.parse("{bad name}") }
    }
}

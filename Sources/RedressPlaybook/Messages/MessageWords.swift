import Foundation

/// A message template as a handler receives it: a value carrying the template's name, its text
/// per locale, and the word tables its placeholders use. `MessageWords.read` turns it back into
/// what `MessageRenderer` needs.
public enum MessageWords {
    /// The template `name` of `catalog` as a value (`nil` when there is none).
    package static func template(_ name: String, in catalog: MessageCatalog) -> Value? {
        guard let template = catalog.templates[name] else { return nil }
        var tables: Set<String> = []
        for parsed in template.parsed.values {
            for placeholder in parsed.placeholders {
                if let format = placeholder.format, catalog.wordTables[format] != nil { tables.insert(format) }
            }
        }
        let words = tables.sorted().reduce(into: [String: Value]()) { result, table in
            result[table] = .object((catalog.wordTables[table]?.words ?? [:]).mapValues { .object($0.mapValues(Value.string)) })
        }
        return .object([
            "name": .string(name), "texts": .object(template.texts.mapValues { .string($0.value) }), "words": .object(words),
        ])
    }

    /// A template value as the handler reads it: name, parsed texts by locale, word tables.
    public struct Template: Sendable {
        /// The template's name.
        public let name: String
        /// Its texts by locale.
        package let texts: [String: MessageText]
        /// Word tables by name: words by value, then by locale.
        package let words: [String: [String: [String: String]]]

        /// The locales it has.
        public var locales: [String] { texts.keys.sorted() }
    }

    /// The template in `value`, or `nil` if it is not one (or a text does not parse).
    public static func read(_ value: Value) -> Template? {
        guard case .object(let fields) = value, case .string(let name)? = fields["name"], case .object(let texts)? = fields["texts"] else { return nil }
        var parsed: [String: MessageText] = [:]
        for (locale, text) in texts {
            guard case .string(let source) = text, let message = try? MessageText.parse(source) else { return nil }
            parsed[locale] = message
        }
        var words: [String: [String: [String: String]]] = [:]
        if case .object(let tables)? = fields["words"] {
            for (table, entries) in tables {
                guard case .object(let byValue) = entries else { continue }
                words[table] = byValue.compactMapValues { entry -> [String: String]? in
                    guard case .object(let byLocale) = entry else { return nil }
                    return byLocale.compactMapValues { if case .string(let word) = $0 { return word } else { return nil } }
                }
            }
        }
        return Template(name: name, texts: parsed, words: words)
    }

    /// The template rendered in every locale it has, for a user in `timeZone`, with `values`.
    public static func renderAll(_ template: Template, values: [String: Value], timeZone: TimeZone) throws -> [String: String] {
        var texts: [String: String] = [:]
        for (locale, text) in template.texts {
            texts[locale] = try MessageRenderer(locale: locale, timeZone: timeZone, words: template.words).render(text, values: values)
        }
        return texts
    }
}

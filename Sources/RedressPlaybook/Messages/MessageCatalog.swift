import RedressDiagnostics

/// A playbook's words for users: named message templates with one text per locale, and word
/// tables that turn values (a freeze reason) into words per locale, never raw identifiers.
///
/// ```yaml
/// messages:
///   funds_held:
///     zh-CN: "您的资金因{reason|freeze_reason}被暂时冻结……"
///     en: "Your funds are on hold because {reason|freeze_reason}. …"
/// words:
///   freeze_reason:
///     risk_control: {zh-CN: 我们的风控系统发现了异常活动, en: our risk checks noticed unusual activity}
/// ```
package struct MessageCatalog: Sendable, Hashable {
    /// One template.
    package struct Template: Sendable, Hashable {
        /// Its name (what a step's `message:` says).
        package var name: Located<String>
        /// Its text per locale, as written.
        package var texts: [String: Located<String>]
        /// The same texts split into text and placeholders (parsed once, when read).
        package var parsed: [String: MessageText] = [:]
    }

    /// One word table: a value's words per locale.
    package struct WordTable: Sendable, Hashable {
        /// Its name (what a placeholder's `|table` says).
        package var name: Located<String>
        /// Words by value, then by locale.
        package var words: [String: [String: String]]
        /// Where each value is written.
        package var marks: [String: SourceMark]
    }

    /// The templates by name.
    package var templates: [String: Template] = [:]
    /// The word tables by name.
    package var wordTables: [String: WordTable] = [:]

    /// An empty catalog.
    package init() {}

    /// The locales every text must have.
    package static let requiredLocales = ["zh-CN", "en"]
    /// The locale a user gets when the wallet knows none, or one a text does not have.
    package static let fallbackLocale = "zh-CN"
    /// The word-table key whose words stand for any value the table does not list.
    package static let anyValue = "*"

    /// Whether `text` is a locale: a language (`en`, `yue`) and optionally a region or script
    /// (`zh-CN`, `zh-Hant`). Checked by hand: a regex literal would be compiled at every call.
    package static func isLocale(_ text: String) -> Bool {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count), language.unicodeScalars.allSatisfy({ $0 >= "a" && $0 <= "z" }) else {
            return false
        }
        guard parts.count == 2 else { return true }
        let region = parts[1].unicodeScalars
        guard (2...4).contains(region.count), let first = region.first, first >= "A", first <= "Z" else { return false }
        return region.allSatisfy { ($0 >= "A" && $0 <= "Z") || ($0 >= "a" && $0 <= "z") }
    }
}

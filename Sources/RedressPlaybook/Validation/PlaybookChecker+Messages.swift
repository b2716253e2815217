import RedressDiagnostics

extension PlaybookChecker {
    /// The words users read: every template in every required locale, placeholders whose format is
    /// built in or a declared word table, word tables with words in every required locale, steps
    /// that name a declared template and give every placeholder a value, and no template or word
    /// table that nothing uses.
    mutating func checkMessages() {
        let catalog = playbook.messages
        var usedTemplates: Set<String> = []
        var usedTables: Set<String> = []
        for template in catalog.templates.values.sorted(by: { $0.name.mark < $1.name.mark }) {
            let missing = MessageCatalog.requiredLocales.filter { template.texts[$0] == nil }
            if !missing.isEmpty {
                sink.error(
                    .missingLocale, "message '\(template.name.value)' has no text in " + missing.joined(separator: ", "), at: template.name.mark,
                    length: template.name.length, notes: [.init("every message needs " + MessageCatalog.requiredLocales.joined(separator: " and "))])
            }
            for (locale, text) in template.texts.sorted(by: { $0.key < $1.key }) {
                guard let parsed = template.parsed[locale] else { continue }
                for placeholder in parsed.placeholders {
                    guard let format = placeholder.format else { continue }
                    if catalog.wordTables[format] != nil {
                        usedTables.insert(format)
                        continue
                    }
                    guard !MessageText.formats.contains(format) else { continue }
                    let known = MessageText.formats + catalog.wordTables.keys.sorted()
                    sink.error(
                        .unknownPlaceholder, "'{\(placeholder.name)|\(format)}': '\(format)' is neither a format nor a word table"
                            + Self.didYouMean(Suggestions.closest(to: format, among: known)),
                        at: text.mark, length: text.length, notes: [.init("formats: money, date, duration, or a table under 'words:'")])
                }
            }
        }
        for table in catalog.wordTables.values.sorted(by: { $0.name.mark < $1.name.mark }) {
            for (value, words) in table.words.sorted(by: { $0.key < $1.key }) {
                let missing = MessageCatalog.requiredLocales.filter { words[$0] == nil }
                guard !missing.isEmpty else { continue }
                sink.error(
                    .missingLocale, "'\(value)' in word table '\(table.name.value)' has no words in " + missing.joined(separator: ", "),
                    at: table.marks[value] ?? table.name.mark)
            }
        }
        for step in allSteps {
            guard let binding = self.catalog[step.uses.value]?.messageBinding else { continue }
            guard let named = step.with.first(where: { $0.name.value == binding.template }) else { continue }
            guard case .literal(.string(let name), let mark, _) = named.value else {
                sink.error(.unknownMessage, "'\(binding.template)' names one of the playbook's messages; write its name, not an expression", at: named.value.mark)
                continue
            }
            guard let template = catalog.templates[name] else {
                sink.error(
                    .unknownMessage, "no message '\(name)' under 'messages:'" + Self.didYouMean(Suggestions.closest(to: name, among: catalog.templates.keys.sorted())),
                    at: mark, length: name.count)
                continue
            }
            usedTemplates.insert(name)
            let given = Self.valueNames(step.with.first { $0.name.value == binding.values }?.value).union(["order"])
            var reported: Set<String> = []
            for locale in template.texts.keys.sorted() {
                guard let parsed = template.parsed[locale] else { continue }
                for placeholder in parsed.placeholders where !given.contains(placeholder.name) && reported.insert(placeholder.name).inserted {
                    sink.error(
                        .unknownPlaceholder, "message '\(name)' uses {\(placeholder.name)}, but step '\(step.id.value)' gives it no value", at: mark,
                        length: name.count, notes: [.init("add it under '\(binding.values):' (given: " + given.sorted().joined(separator: ", ") + ")")])
                }
                if parsed.placeholders.contains(where: { $0.format == "money" }), !given.contains("currency"), reported.insert("currency").inserted {
                    sink.error(
                        .unknownPlaceholder, "message '\(name)' shows money, but step '\(step.id.value)' gives no 'currency' value", at: mark,
                        length: name.count)
                }
            }
        }
        for template in catalog.templates.values.sorted(by: { $0.name.mark < $1.name.mark }) where !usedTemplates.contains(template.name.value) {
            sink.warning(.unusedMessage, "no step sends message '\(template.name.value)'", at: template.name.mark, length: template.name.length)
        }
        for table in catalog.wordTables.values.sorted(by: { $0.name.mark < $1.name.mark }) where !usedTables.contains(table.name.value) {
            sink.warning(.unusedMessage, "no message uses word table '\(table.name.value)'", at: table.name.mark, length: table.name.length)
        }
    }


    /// The keys of a `values:` mapping as written.
    private static func valueNames(_ value: ParameterValue?) -> Set<String> {
        guard case .object(let bindings, _)? = value else { return [] }
        return Set(bindings.map(\.name.value))
    }
}

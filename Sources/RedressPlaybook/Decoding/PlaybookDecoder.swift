import RedressDiagnostics
import RedressYAML

/// Turns a parsed YAML document into a `Playbook`, reporting every schema problem (unknown
/// keys, wrong types, missing keys, bad durations and identifiers, expression syntax).
///
/// Contract: decodes as much as it can. A step with a problem is still returned when it has an
/// id and a handler, so that reference and graph checks see the whole playbook.
package struct PlaybookDecoder {
    private var reader: NodeReader

    static let topLevelKeys = [
        "playbook", "version", "title", "description", "anomaly", "inputs", "sla", "defaults", "steps", "finally", "messages", "words",
    ]
    static let stepKeys = ["id", "uses", "with", "when", "timeout", "retry", "on", "requires", "description"]
    static let inputKeys = ["type", "required", "default", "pattern", "values", "description"]
    static let retryKeys = ["attempts", "backoff", "initial", "max", "jitter", "on", "max_elapsed"]
    static let inputTypes = ["string", "integer", "decimal", "boolean", "duration", "enum"]

    /// Creates a decoder for a document read from `source`.
    package init(source: SourceFile) {
        reader = NodeReader(source: source)
    }

    /// The diagnostics found while decoding.
    package var diagnostics: [Diagnostic] { reader.sink.diagnostics }

    /// Decodes the document's root mapping.
    package mutating func decode(_ document: YAMLDocument) -> Playbook? {
        let root = document.root
        guard let top = reader.mapping(root, "a playbook", allowed: Self.topLevelKeys) else { return nil }
        reader.require(["playbook", "title", "anomaly", "steps"], in: top, of: root, "a playbook")
        let id = top["playbook"].flatMap { reader.identifier($0.value, "the playbook id", allowingDashes: true) }
        let version = top["version"].flatMap { reader.integer($0.value, "version", in: 1...1_000_000) } ?? 1
        let title = top["title"].flatMap { reader.string($0.value, "title") }?.value ?? ""
        let summary = top["description"].flatMap { reader.string($0.value, "description") }?.value ?? ""
        let anomaly = top["anomaly"].map { decodeAnomaly($0.value) } ?? AnomalySpec(types: [], match: nil)
        let inputs = top["inputs"].map { decodeInputs($0.value) } ?? []
        let sla = top["sla"].flatMap { decodeSLA($0.value) }
        let defaults = top["defaults"].map { decodeDefaults($0.value) } ?? StepDefaults()
        let steps = top["steps"].map { decodeSteps($0.value, isFinally: false) } ?? []
        let finally = top["finally"].map { decodeSteps($0.value, isFinally: true) } ?? []
        if let stepsEntry = top["steps"], stepsEntry.value.resolved.kind == .sequence, stepsEntry.value.childCount == 0 {
            reader.sink.error(.missingKey, "a playbook needs at least one step", at: stepsEntry.value)
        }
        var catalog = MessageCatalog()
        if let node = top["messages"]?.value { catalog.templates = decodeTemplates(node) }
        if let node = top["words"]?.value { catalog.wordTables = decodeWordTables(node) }
        guard let id else { return nil }
        var playbook = Playbook(
            id: id, version: version, title: title, summary: summary, anomaly: anomaly, inputs: inputs, sla: sla, defaults: defaults,
            steps: steps, finally: finally, path: root.mark.file)
        playbook.messages = catalog
        return playbook
    }

    // MARK: Messages

    /// `messages:`: template names mapped to one text per locale; each text's placeholders are
    /// parsed here, so a broken one is reported at its column.
    private mutating func decodeTemplates(_ node: YAMLNode) -> [String: MessageCatalog.Template] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "messages must map template names to their texts per locale", at: node)
            return [:]
        }
        var templates: [String: MessageCatalog.Template] = [:]
        for entry in node.entries {
            guard let name = reader.identifier(entry.key, "message name") else { continue }
            let (texts, parsed) = templateTexts(entry.value, "message '\(name.value)'")
            var template = MessageCatalog.Template(name: name, texts: texts)
            template.parsed = parsed
            templates[name.value] = template
        }
        return templates
    }

    /// `words:`: table names mapped to values mapped to one word per locale.
    private mutating func decodeWordTables(_ node: YAMLNode) -> [String: MessageCatalog.WordTable] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "words must map table names to values and their words per locale", at: node)
            return [:]
        }
        var tables: [String: MessageCatalog.WordTable] = [:]
        for entry in node.entries {
            guard let name = reader.identifier(entry.key, "word table name") else { continue }
            guard entry.value.resolved.kind == .mapping else {
                reader.sink.error(.wrongType, "word table '\(name.value)' must map values to their words per locale", at: entry.value)
                continue
            }
            var table = MessageCatalog.WordTable(name: name, words: [:], marks: [:])
            for value in entry.value.entries {
                guard let key = reader.string(value.key, "a value") else { continue }
                table.words[key.value] = localizedTexts(value.value, "'\(key.value)' in word table '\(name.value)'").mapValues(\.value)
                table.marks[key.value] = key.mark
            }
            tables[name.value] = table
        }
        return tables
    }

    /// A template's texts per locale, each split into text and placeholders once; a text that
    /// does not split is reported at the column of its mistake and left out.
    private mutating func templateTexts(_ node: YAMLNode, _ what: String) -> ([String: Located<String>], [String: MessageText]) {
        var texts: [String: Located<String>] = [:]
        var parsed: [String: MessageText] = [:]
        for (locale, (text, textNode)) in localizedTextNodes(node, what) {
            // A text that does not read is reported once, where it goes wrong; it still counts as
            // written, so no missing-locale follows from it.
            texts[locale] = text
            do {
                parsed[locale] = try MessageText.parse(text.value)
            } catch {
                reader.sink.error(.badValue, error.message, at: reader.locator(textNode).mark(at: error.offset))
            }
        }
        return (texts, parsed)
    }

    private mutating func localizedTexts(_ node: YAMLNode, _ what: String) -> [String: Located<String>] {
        localizedTextNodes(node, what).mapValues(\.0)
    }

    /// Texts by locale, each with the node it was read from (for exact columns in its problems).
    private mutating func localizedTextNodes(_ node: YAMLNode, _ what: String) -> [String: (Located<String>, YAMLNode)] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "\(what) must map locales (zh-CN, en) to texts", at: node)
            return [:]
        }
        var texts: [String: (Located<String>, YAMLNode)] = [:]
        for entry in node.entries {
            guard let locale = reader.string(entry.key, "a locale"), let text = reader.string(entry.value, "a text") else { continue }
            guard MessageCatalog.isLocale(locale.value) else {
                reader.sink.error(.badValue, "'\(locale.value)' is not a locale; write e.g. zh-CN or en", at: entry.key)
                continue
            }
            texts[locale.value] = (text, entry.value)
        }
        return texts
    }

    // MARK: Sections

    private mutating func decodeAnomaly(_ node: YAMLNode) -> AnomalySpec {
        guard node.resolved.kind == .mapping else {
            return AnomalySpec(types: reader.stringList(node, "an anomaly type"), match: nil)
        }
        guard let entries = reader.mapping(node, "anomaly", allowed: ["type", "match"]) else { return AnomalySpec(types: [], match: nil) }
        reader.require(["type"], in: entries, of: node, "anomaly")
        let types = entries["type"].map { reader.stringList($0.value, "an anomaly type") } ?? []
        for type in types where !NodeReader.isIdentifier(type.value, allowingDashes: false) {
            reader.sink.error(.badIdentifier, "anomaly type '\(type.value)' must use lower-case letters, digits and '_'", at: type.mark, length: type.length)
        }
        let match = entries["match"].flatMap { condition($0.value, "match") }
        return AnomalySpec(types: types, match: match)
    }

    private mutating func decodeInputs(_ node: YAMLNode) -> [InputSpec] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "inputs must be a mapping of input names to their specs", at: node)
            return []
        }
        var inputs: [InputSpec] = []
        for entry in node.entries {
            guard let name = reader.identifier(entry.key, "input name") else { continue }
            if let input = decodeInput(name, entry.value) { inputs.append(input) }
        }
        return inputs
    }

    private mutating func decodeInput(_ name: Located<String>, _ node: YAMLNode) -> InputSpec? {
        guard let entries = reader.mapping(node, "input '\(name.value)'", allowed: Self.inputKeys) else { return nil }
        reader.require(["type"], in: entries, of: node, "input '\(name.value)'")
        let type = entries["type"] == nil ? ValueType.string : reader.valueType(entries, of: "input '\(name.value)'", allowed: Self.inputTypes)
        let required = entries["required"].flatMap { reader.bool($0.value, "required") } ?? false
        let pattern = entries["pattern"].flatMap { reader.pattern($0.value) }
        let defaultValue = entries["default"].flatMap { reader.defaultValue($0.value, type: type, of: name.value) }
        // A default is used as if it were given: it must pass the input's own pattern.
        if let pattern, case .string(let text)? = defaultValue, let node = entries["default"]?.value, !PatternMatcher.matches(text, pattern: pattern) {
            reader.sink.error(.badValue, "the default '\(text)' of input '\(name.value)' does not match its own pattern \(pattern)", at: node)
        }
        let summary = entries["description"].flatMap { reader.string($0.value, "description") }?.value ?? ""
        return InputSpec(name: name, type: type, isRequired: required, defaultValue: defaultValue, pattern: pattern, summary: summary)
    }

    private mutating func decodeSLA(_ node: YAMLNode) -> SLAPolicy? {
        guard let entries = reader.mapping(node, "sla", allowed: ["respond_within", "resolve_within", "on_breach"]) else { return nil }
        return SLAPolicy(
            respondWithin: entries["respond_within"].flatMap { reader.duration($0.value, "respond_within") },
            resolveWithin: entries["resolve_within"].flatMap { reader.duration($0.value, "resolve_within") },
            onBreach: entries["on_breach"].flatMap { reader.identifier($0.value, "on_breach step id") })
    }

    private mutating func decodeDefaults(_ node: YAMLNode) -> StepDefaults {
        guard let entries = reader.mapping(node, "defaults", allowed: ["timeout", "retry"]) else { return StepDefaults() }
        var defaults = StepDefaults(
            timeout: entries["timeout"].flatMap { reader.duration($0.value, "timeout") },
            retry: entries["retry"].flatMap { decodeRetry($0.value) })
        defaults.timeoutWritten = entries["timeout"] != nil
        return defaults
    }

    private mutating func decodeRetry(_ node: YAMLNode) -> RetryPolicy? {
        // `retry: 3` is short for three attempts with the default backoff.
        if let scalar = node.scalar, scalar.integer != nil {
            return reader.integer(node, "retry attempts", in: 1...100).map { RetryPolicy(attempts: $0) }
        }
        guard let entries = reader.mapping(node, "retry", allowed: Self.retryKeys) else { return nil }
        var policy = RetryPolicy(attempts: 3)
        if let value = entries["attempts"].flatMap({ reader.integer($0.value, "attempts", in: 1...100) }) { policy.attempts = value }
        if let backoffNode = entries["backoff"]?.value, let text = reader.string(backoffNode, "backoff") {
            if let backoff = RetryPolicy.Backoff(rawValue: text.value) {
                policy.backoff = backoff
            } else {
                reader.sink.error(.badValue, "backoff must be 'fixed' or 'exponential', not '\(text.value)'", at: backoffNode)
            }
        }
        if let value = entries["initial"].flatMap({ reader.duration($0.value, "initial") }) { policy.initial = value.value }
        if let value = entries["max"].flatMap({ reader.duration($0.value, "max") }) { policy.maxDelay = value.value }
        if let value = entries["max_elapsed"].flatMap({ reader.duration($0.value, "max_elapsed") }) { policy.maxElapsed = value.value }
        if let value = entries["jitter"].flatMap({ reader.bool($0.value, "jitter") }) { policy.jitter = value }
        if let classes = entries["on"].map({ reader.stringList($0.value, "an error class") }) {
            for errorClass in classes where !RetryPolicy.errorClasses.contains(errorClass.value) {
                reader.sink.error(
                    .badValue, "unknown error class '\(errorClass.value)'; retry on: " + RetryPolicy.errorClasses.joined(separator: ", "),
                    at: errorClass.mark, length: errorClass.length)
            }
            policy.on = classes.map(\.value).filter { RetryPolicy.errorClasses.contains($0) }
        }
        return policy
    }

    // MARK: Steps

    private mutating func decodeSteps(_ node: YAMLNode, isFinally: Bool) -> [Step] {
        let section = isFinally ? "finally" : "steps"
        guard node.resolved.kind == .sequence else {
            reader.sink.error(.wrongType, "\(section) must be a list of steps ('- id: ...')", at: node)
            return []
        }
        return node.elements.compactMap { decodeStep($0, isFinally: isFinally) }
    }

    private mutating func decodeStep(_ node: YAMLNode, isFinally: Bool) -> Step? {
        guard let entries = reader.mapping(node, "a step", allowed: Self.stepKeys) else { return nil }
        reader.require(["id", "uses"], in: entries, of: node, "a step")
        // A malformed id is reported but kept, so the step's other checks still run.
        let id = entries["id"].flatMap { entry in
            reader.identifier(entry.value, "step id")
                ?? entry.value.scalar.map { Located($0.text, at: entry.value.mark, length: entry.value.underlineLength) }
        }
        let uses = entries["uses"].flatMap { reader.string($0.value, "uses") }
        let with = entries["with"].map { decodeWith($0.value) } ?? []
        let when = entries["when"].flatMap { condition($0.value, "when") }
        let timeout = entries["timeout"].flatMap { reader.duration($0.value, "timeout") }
        let retry = entries["retry"].flatMap { decodeRetry($0.value) }
        let routes = entries["on"].map { decodeRoutes($0.value) } ?? []
        let requires = entries["requires"].map { decodeRequirements($0.value) } ?? []
        let summary = entries["description"].flatMap { reader.string($0.value, "description") }?.value
        guard let id, let uses else { return nil }
        return Step(
            id: id, uses: uses, with: with, when: when, timeout: timeout, retry: retry, routes: routes, requires: requires,
            summary: summary, mark: node.mark, isFinally: isFinally)
    }

    private mutating func decodeWith(_ node: YAMLNode) -> [ParameterBinding] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "with must be a mapping of parameter names to values", at: node)
            return []
        }
        return node.entries.compactMap { entry in
            guard let name = reader.string(entry.key, "parameter name") else { return nil }
            return ParameterBinding(name: name, value: parameterValue(entry.value))
        }
    }

    private mutating func decodeRoutes(_ node: YAMLNode) -> [Route] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "on must map outcomes to targets ('verified: refund')", at: node)
            return []
        }
        return node.entries.compactMap { entry in
            guard let outcome = reader.string(entry.key, "an outcome"), let target = reader.string(entry.value, "a route target") else {
                return nil
            }
            return Route(outcome: outcome, target: Located(RouteTarget(target.value), at: target.mark, length: target.length))
        }
    }

    private mutating func decodeRequirements(_ node: YAMLNode) -> [Requirement] {
        let items = node.resolved.kind == .sequence ? node.elements : [node]
        return items.compactMap { item in
            guard let text = item.scalar?.text else {
                reader.sink.error(.wrongType, "requires lists '\(Requirement.identityVerifiedKeyword)' or conditions", at: item)
                return nil
            }
            if text == Requirement.identityVerifiedKeyword { return .identityVerified(item.mark) }
            return condition(item, "requires").map(Requirement.condition)
        }
    }

    // MARK: Values

    private mutating func condition(_ node: YAMLNode, _ what: String) -> Condition? { reader.condition(node, what) }

    private mutating func parameterValue(_ node: YAMLNode) -> ParameterValue {
        let resolved = node.resolved
        switch resolved.kind {
        case .sequence:
            return .list(resolved.elements.map { parameterValue($0) }, node.mark)
        case .mapping:
            return .object(
                resolved.entries.compactMap { entry in
                    reader.string(entry.key, "a key").map { ParameterBinding(name: $0, value: parameterValue(entry.value)) }
                }, node.mark)
        default:
            // Each `scalar` read decodes the text again: read it once.
            guard let scalar = node.scalar else { return .literal(.null, node.mark, written: nil) }
            guard Template.opensExpression(scalar.text) else {
                return .literal(LiteralValue.from(scalar), node.mark, written: scalar.text)
            }
            let locator = reader.locator(node)
            do {
                return .template(try Template.parse(scalar.text), locator)
            } catch {
                reportSyntax(error, locator: locator, offset: 0)
                return .literal(.string(scalar.text), node.mark, written: scalar.text)
            }
        }
    }

    private mutating func reportSyntax(_ error: ExpressionSyntaxError, locator: ScalarLocator, offset: Int) {
        reader.sink.error(
            .expressionSyntax, error.message, at: locator.mark(at: offset + error.range.lowerBound), length: max(1, error.range.count))
    }
}

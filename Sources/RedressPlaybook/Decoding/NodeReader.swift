import RedressDiagnostics
import RedressYAML

/// Reads typed values out of YAML nodes, reporting wrong types and unknown keys to a sink.
///
/// Contract: every reader returns `nil` after reporting when the node does not fit, so the
/// decoder can go on with the rest of the file.
package struct NodeReader {
    package var sink = DiagnosticSink()
    let source: SourceFile

    /// A reader of `source`'s nodes with an empty sink.
    package init(source: SourceFile) {
        self.source = source
    }

    /// The entries of a mapping by key; unknown keys are reported with a suggestion.
    package mutating func mapping(_ node: YAMLNode, _ what: String, allowed: [String], aliases: [String: String] = NodeReader.commonAliases)
        -> [String: YAMLNode.Entry]?
    {
        guard node.resolved.kind == .mapping else {
            sink.error(.wrongType, "\(what) must be a mapping of 'key: value' lines, not \(Self.kindName(node))", at: node)
            return nil
        }
        var entries: [String: YAMLNode.Entry] = [:]
        for entry in node.entries {
            guard let key = entry.key.scalar?.text else {
                sink.error(.wrongType, "keys in \(what) must be plain names", at: entry.key)
                continue
            }
            guard allowed.contains(key) else {
                let suggestion = Suggestions.closest(to: key, among: allowed, aliases: aliases)
                sink.error(
                    .unknownKey, "unknown key '\(key)' in \(what)" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: entry.key,
                    notes: suggestion == nil ? [.init("allowed keys: " + allowed.joined(separator: ", "))] : [])
                continue
            }
            entries[key] = entry
        }
        return entries
    }

    /// Reports every key of `required` that `entries` lacks, at the mapping's start.
    mutating func require(_ required: [String], in entries: [String: YAMLNode.Entry], of node: YAMLNode, _ what: String) {
        for key in required where entries[key] == nil {
            sink.error(.missingKey, "\(what) needs '\(key)'", at: node.mark)
        }
    }

    /// A non-null scalar's text.
    package mutating func string(_ node: YAMLNode, _ what: String) -> Located<String>? {
        guard let scalar = node.scalar, !scalar.isNull else {
            sink.error(.wrongType, "\(what) must be text, not \(Self.kindName(node))", at: node)
            return nil
        }
        return Located(scalar.text, at: node.mark, length: node.underlineLength)
    }

    /// Text that must match an identifier rule (`[a-z][a-z0-9_]*` unless `allowingDashes`).
    mutating func identifier(_ node: YAMLNode, _ what: String, allowingDashes: Bool = false) -> Located<String>? {
        guard let text = string(node, what) else { return nil }
        guard Self.isIdentifier(text.value, allowingDashes: allowingDashes) else {
            let rule = allowingDashes ? "lower-case letters, digits, '_' and '-'" : "lower-case letters, digits and '_'"
            sink.error(.badIdentifier, "\(what) '\(text.value)' must start with a letter and use only \(rule)", at: node)
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String, allowingDashes: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, first >= "a", first <= "z", text.unicodeScalars.count <= 64 else { return false }
        return text.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || (allowingDashes && $0 == "-")
        }
    }

    /// A duration such as `30s`.
    package mutating func duration(_ node: YAMLNode, _ what: String) -> Located<PlaybookDuration>? {
        guard let text = string(node, what) else { return nil }
        guard let duration = PlaybookDuration(text.value) else {
            sink.error(.badDuration, "\(what) '\(text.value)' is not a duration; write e.g. 500ms, 30s, 15m, 24h, 7d or 1h30m", at: node)
            return nil
        }
        return Located(duration, at: text.mark, length: text.length)
    }

    /// A whole number within `range`.
    package mutating func integer(_ node: YAMLNode, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain, let value = scalar.integer else {
            sink.error(.wrongType, "\(what) must be a whole number", at: node)
            return nil
        }
        guard range.contains(value) else {
            sink.error(.badValue, "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)", at: node)
            return nil
        }
        return value
    }

    /// `true` or `false`.
    package mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard let value = node.scalar?.bool else {
            sink.error(.wrongType, "\(what) must be true or false", at: node)
            return nil
        }
        return value
    }

    /// One scalar or a list of scalars, as text.
    package mutating func stringList(_ node: YAMLNode, _ what: String) -> [Located<String>] {
        if node.resolved.kind == .sequence { return node.elements.compactMap { string($0, what) } }
        return string(node, what).map { [$0] } ?? []
    }

    /// An expression written on its own (`when:`, `match:`), bare or as one `${{ }}`; a syntax
    /// error is reported at its exact column.
    mutating func condition(_ node: YAMLNode, _ what: String) -> Condition? {
        guard let scalar = node.scalar, !scalar.isNull else {
            sink.error(.wrongType, "\(what) must be an expression", at: node)
            return nil
        }
        let locator = locator(node)
        do {
            let (expression, offset) = try Template.parseCondition(scalar.text)
            return Condition(expression: expression, locator: locator, offset: offset)
        } catch {
            sink.error(.expressionSyntax, error.message, at: locator.mark(at: error.range.lowerBound), length: max(1, error.range.count))
            return nil
        }
    }

    /// A locator for offsets inside a scalar's value (exact when the value is written as is).
    func locator(_ node: YAMLNode) -> ScalarLocator {
        let text = node.scalar?.text ?? ""
        let start = node.mark
        let end = node.endMark
        guard start.line == end.line, start.offset <= end.offset, end.offset <= source.bytes.count else {
            return ScalarLocator(start: start, contentShift: nil, text: text)
        }
        let raw = String(decoding: source.bytes[start.offset..<end.offset], as: UTF8.self)
        switch node.scalar?.style {
        case .plain where raw == text:
            return ScalarLocator(start: start, contentShift: 0, text: text)
        case .singleQuoted, .doubleQuoted:
            if raw.count >= 2, raw.dropFirst().dropLast() == Substring(text) {
                return ScalarLocator(start: start, contentShift: 1, text: text)
            }
            return ScalarLocator(start: start, contentShift: nil, text: text)
        default:
            return ScalarLocator(start: start, contentShift: nil, text: text)
        }
    }

    /// Other spellings people reach for (plurals, GitHub Actions and Ansible words), mapped to
    /// the key they mean.
    package static let commonAliases: [String: String] = [
        "retries": "retry", "if": "when", "condition": "when", "params": "with", "parameters": "with", "args": "with",
        "handler": "uses", "action": "uses", "run": "uses", "name": "id", "routes": "on", "next": "on", "needs": "requires",
        "require": "requires", "timeouts": "timeout", "step": "steps", "input": "inputs", "default": "defaults",
        "finaly": "finally", "always": "finally", "anomalies": "anomaly", "id": "playbook",
    ]

    static func kindName(_ node: YAMLNode) -> String {
        switch node.resolved.kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        default: return node.isNull ? "null" : "a single value"
        }
    }
}

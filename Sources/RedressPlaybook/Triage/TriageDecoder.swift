import RedressDiagnostics
import RedressYAML

/// Reads a triage file with the playbooks' YAML layer and diagnostics:
///
/// ```yaml
/// triage: 1
/// anomalies:
///   transaction_failed:
///     description: the payment did not go through
///     causes: [insufficient_balance, invalid_payment_details, network, channel_outage]
/// rules:
///   - name: failed payment
///     when: ${{ order.status == 'failed' }}
///     anomaly: transaction_failed
///     cause: ${{ order.failure_cause }}     # or a declared cause, written plainly
/// ```
///
/// Contract: decodes as much as it can and reports every schema problem; the semantic checks
/// (types, declared names, unreachable rules) are `TriageChecker`'s.
package struct TriageDecoder {
    private var reader: NodeReader

    static let topLevelKeys = ["triage", "anomalies", "rules"]
    static let anomalyKeys = ["description", "causes"]
    static let ruleKeys = ["name", "when", "anomaly", "cause", "description"]

    /// A decoder for a document read from `source`.
    package init(source: SourceFile) {
        reader = NodeReader(source: source)
    }

    /// The problems found.
    package var diagnostics: [Diagnostic] { reader.sink.diagnostics }

    /// The rules in `document`, or `nil` when its top level is unusable.
    package mutating func decode(_ document: YAMLDocument) -> TriageRules? {
        let root = document.root
        guard let top = reader.mapping(root, "a triage file", allowed: Self.topLevelKeys) else { return nil }
        reader.require(["triage", "anomalies", "rules"], in: top, of: root, "a triage file")
        if let version = top["triage"] { _ = reader.integer(version.value, "triage (the format version)", in: 1...1) }
        let anomalies = top["anomalies"].map { decodeAnomalies($0.value) } ?? []
        let rules = top["rules"].map { decodeRules($0.value) } ?? []
        return TriageRules(anomalies: anomalies, rules: rules, path: root.mark.file)
    }

    private mutating func decodeAnomalies(_ node: YAMLNode) -> [TriageRules.Anomaly] {
        guard node.resolved.kind == .mapping else {
            reader.sink.error(.wrongType, "anomalies must map each anomaly type to its causes", at: node)
            return []
        }
        return node.entries.compactMap { entry in
            guard let type = reader.identifier(entry.key, "anomaly type") else { return nil }
            if type.value == TriageRules.normal {
                reader.sink.error(.badValue, "'normal' is what an order no rule matches is; it cannot be an anomaly type", at: entry.key)
                return nil
            }
            guard let fields = reader.mapping(entry.value, "anomaly '\(type.value)'", allowed: Self.anomalyKeys) else { return nil }
            reader.require(["causes"], in: fields, of: entry.value, "anomaly '\(type.value)'")
            var causes: [Located<String>] = []
            for cause in fields["causes"].map({ reader.stringList($0.value, "a cause") }) ?? [] {
                guard NodeReader.isIdentifier(cause.value, allowingDashes: false) else {
                    reader.sink.error(.badIdentifier, "cause '\(cause.value)' must use lower-case letters, digits and '_'", at: cause.mark, length: cause.length)
                    continue
                }
                if causes.contains(where: { $0.value == cause.value }) {
                    reader.sink.error(.badValue, "cause '\(cause.value)' is listed twice", at: cause.mark, length: cause.length)
                    continue
                }
                causes.append(cause)
            }
            let summary = fields["description"].flatMap { reader.string($0.value, "description") }?.value ?? ""
            return TriageRules.Anomaly(type: type, causes: causes, summary: summary)
        }
    }

    private mutating func decodeRules(_ node: YAMLNode) -> [TriageRules.Rule] {
        guard node.resolved.kind == .sequence else {
            reader.sink.error(.wrongType, "rules must be a list, tried in order", at: node)
            return []
        }
        return node.elements.compactMap { element in
            guard let fields = reader.mapping(element, "a rule", allowed: Self.ruleKeys) else { return nil }
            reader.require(["name", "when", "anomaly", "cause"], in: fields, of: element, "a rule")
            guard let name = fields["name"].flatMap({ reader.string($0.value, "name") }),
                let when = fields["when"].flatMap({ condition($0.value, "when") }),
                let anomaly = fields["anomaly"].flatMap({ reader.string($0.value, "anomaly") }),
                let causeNode = fields["cause"]?.value, let cause = causeSpec(causeNode)
            else { return nil }
            return TriageRules.Rule(name: name, when: when, anomaly: anomaly, cause: cause, mark: element.mark)
        }
    }

    private mutating func causeSpec(_ node: YAMLNode) -> TriageRules.CauseSpec? {
        guard let text = reader.string(node, "cause") else { return nil }
        guard Template.opensExpression(text.value) else { return .named(text) }
        return condition(node, "cause").map(TriageRules.CauseSpec.computed)
    }

    private mutating func condition(_ node: YAMLNode, _ what: String) -> Condition? { reader.condition(node, what) }
}
